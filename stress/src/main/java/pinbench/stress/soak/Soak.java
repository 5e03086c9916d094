package pinbench.stress.soak;

import pinbench.Described;
import pinbench.Family;
import pinbench.Times;
import pinbench.idle.IdleStrategy;
import pinbench.memory.Backend;
import pinbench.memory.Memory;
import pinbench.pin.PinStrategy;
import pinbench.ref.RefStrategy;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The soak: the entries it is given in turn ({@code scripts/stress} gives one per jcstress case:
 * every catalog entry, reference counts also on tmpfs), one round each, over and over until the time
 * is up, invariants checked throughout; then operations, rounds and violations per entry. Expected:
 * zero violations.
 */
public final class Soak
{
    /** A case and what it runs. */
    public record Entry(String label, Round round)
    {
    }

    /** Default length of one round. */
    public static final Duration ROUND = Duration.ofMillis(250);

    private Soak()
    {
    }

    /**
     * The soak of one catalog entry with its counters on {@code backend}, named {@code label}. A switch
     * over the families, so a new family does not compile without a soak.
     */
    public static Entry entry(final String label, final Described strategy, final Backend backend)
    {
        final Memory memory = Memory.of(backend);
        return new Entry(label, switch (Family.of(strategy))
        {
            case REF -> new RefSoak(((RefStrategy)strategy)::create, memory);
            case PIN -> new PinSoak((PinStrategy)strategy, memory);
            case IDLE -> new IdleSoak(((IdleStrategy)strategy)::create, label, memory);
        });
    }

    /**
     * Runs rounds of every entry in turn until {@code total} has passed (every entry at least once);
     * prints a line per pass to {@code progress}.
     *
     * @return each entry's tally, in entry order.
     */
    public static Map<String, Tally> run(final List<Entry> entries, final Duration total, final Duration round,
        final PrintStream progress) throws InterruptedException
    {
        final Map<String, Tally> tallies = new LinkedHashMap<>();
        entries.forEach(e -> tallies.put(e.label(), new Tally()));
        final long start = System.nanoTime();
        final long end = start + total.toNanos();
        for (int pass = 1; pass == 1 || System.nanoTime() < end; pass++)
        {
            for (final Entry e : entries)
            {
                final Tally tally = tallies.get(e.label());
                try
                {
                    e.round().run(round.toNanos(), tally);
                }
                catch (final RuntimeException | Error ex)
                {
                    tally.violation("the round threw " + ex); // a broken state found outside a worker thread
                }
                tally.round();
            }
            final long ops = tallies.values().stream().mapToLong(Tally::ops).sum();
            final long violations = tallies.values().stream().mapToLong(Tally::violations).sum();
            progress.printf("soak: pass %d done, %s elapsed: %,d operations, %d violations%n", pass,
                Times.clock(Duration.ofNanos(System.nanoTime() - start)), ops, violations);
        }
        return tallies;
    }

    /** The tallies as a Markdown table with a line on where and how long they ran. */
    public static String report(final Map<String, Tally> tallies, final Duration elapsed, final Duration round)
    {
        final StringBuilder md = new StringBuilder(String.format(Locale.ROOT,
            "# Soak, %s%n%nMachine: %d CPUs, %s %s, JDK %s (%s). Ran %s, rounds of %d ms.%n%n"
                + "| case | rounds | operations | violations | first violations |%n|---|--:|--:|--:|---|%n",
            Instant.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
            System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
            Times.clock(elapsed), round.toMillis()));
        tallies.forEach((label, t) -> md.append(String.format(Locale.ROOT, "| %s | %,d | %,d | %d | %s |%n", label,
            t.rounds(), t.ops(), t.violations(), String.join("; ", t.examples()).replace("|", "\\|"))));
        final long ops = tallies.values().stream().mapToLong(Tally::ops).sum();
        final long violations = tallies.values().stream().mapToLong(Tally::violations).sum();
        md.append(String.format(Locale.ROOT, "| **all %d cases** | | **%,d** | **%d** | |%n", tallies.size(), ops,
            violations));
        return md.toString();
    }
}
