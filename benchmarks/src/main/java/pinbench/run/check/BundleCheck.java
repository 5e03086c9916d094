package pinbench.run.check;

import com.google.gson.JsonParseException;
import pinbench.Family;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Measured;
import pinbench.benchmarks.Placement;
import pinbench.run.catalog.Table;
import pinbench.run.catalog.Tables;
import pinbench.run.text.Numbers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * {@code scripts/bench check BUNDLE}: every validity check on a bundle's own files
 * ({@code tables.csv}, {@code env.json}), each ok, warning or failure with the rows it concerns.
 * A run checks its own bundle before writing its reports, and puts the result at their top.
 */
public final class BundleCheck
{
    /** This kernel's scheduler tick (HZ=250, the common default): a latency at a multiple of it is the scheduler's. */
    static final double TICK_US = 4_000;
    /** How close to a multiple of the tick counts as at it. */
    static final double TICK_TOLERANCE = 0.05;
    /** A throughput interval wider than this fraction of its score cannot tell strategies apart. */
    static final double WIDE_INTERVAL = 0.10;
    /**
     * Involuntary context switches per second of a placed thread beyond which its CPU was not its
     * own: preempted at every tick of a 250 Hz kernel (an idle 2-vCPU guest shows about 100 a second,
     * from the JVM's own threads), each preemption a tail sample of whatever it measured.
     */
    static final double PREEMPTIONS_PER_SECOND = 250;

    private static final List<String> LATENCY_PERCENTILES = List.of("p50", "p90", "p99", "p99.9");

    private BundleCheck()
    {
    }

    /** What {@code env.json} holds that the checks read. */
    private record Env(List<Placement.Placed> placement, Runs runs, Machine machine, List<Memory> memory)
    {
    }

    /** A backend of {@code env.json}: the node its counters were bound to and where their pages were found. */
    private record Memory(String backend, Integer memNode, Map<String, Long> pagesFound)
    {
    }

    /** The machine section of {@code env.json}. */
    private record Machine(List<String> warnings, Map<Integer, Double> stealBySpec, List<Measured.Fork> forks)
    {
    }

    /** The runs section of {@code env.json}. */
    private record Runs(int planned, List<Object> failed, List<String> unreported)
    {
    }

    /**
     * Runs every check.
     *
     * @throws IOException when the bundle's files cannot be read.
     */
    public static List<Finding> check(final Path bundle) throws IOException
    {
        final List<Map<String, String>> rows = Csv.read(Files.readString(bundle.resolve("tables.csv")));
        Env env;
        try
        {
            env = ForkContract.JSON.fromJson(Files.readString(bundle.resolve("env.json")), Env.class);
        }
        catch (final JsonParseException ex)
        {
            env = null; // a bundle from before placement was recorded as data
        }
        final List<Finding> findings = new ArrayList<>();
        findings.add(rowsWhere("threads meant to be apart ran apart", Finding.Level.FAILURE,
            r -> r.getOrDefault("placement", "").matches(".*(shared cpu|meant for cpu).*"), rows,
            "placement in env.json"));
        findings.add(rowsWhere("no run had more busy threads than CPUs", Finding.Level.WARNING,
            r -> r.getOrDefault("placement", "").contains("oversubscribed"), rows,
            "oversubscribed runs measure the scheduler as much as the mechanism"));
        findings.add(rowsWhere("every percentile has the samples it needs", Finding.Level.FAILURE,
            BundleCheck::percentileWithoutSamples, rows, "p99 needs 300 samples, p99.9 3,000"));
        findings.add(intervals(rows));
        findings.add(rowsWhere("no latency sits at a multiple of the 4 ms scheduler tick", Finding.Level.WARNING,
            BundleCheck::atTick, rows, "the thread waited for the scheduler, not for the mechanism"));
        findings.add(spinBeatsPark(rows));
        findings.add(aboveFloor(rows));
        findings.add(aboveJitter(rows));
        findings.add(preemptions(env));
        findings.add(reported(env));
        findings.add(boundMemory(env));
        findings.add(quietMachine(env));
        return findings;
    }

    /** Whether a finding list holds a failure. */
    public static boolean failed(final List<Finding> findings)
    {
        return findings.stream().anyMatch(f -> f.level() == Finding.Level.FAILURE);
    }

    /** The findings, one line each with up to {@code maxRows} rows, and a last line with the counts. */
    public static String render(final List<Finding> findings, final int maxRows)
    {
        final StringBuilder b = new StringBuilder();
        findings.forEach(f -> b.append(f.render(maxRows)));
        final long warnings = findings.stream().filter(f -> f.level() == Finding.Level.WARNING).count();
        final long failures = findings.stream().filter(f -> f.level() == Finding.Level.FAILURE).count();
        b.append(String.format("check: %d checks, %d ok, %d warnings, %d failures%n", findings.size(),
            findings.size() - warnings - failures, warnings, failures));
        return b.toString();
    }

    private static Finding rowsWhere(final String check, final Finding.Level level,
        final Predicate<Map<String, String>> bad, final List<Map<String, String>> rows, final String why)
    {
        final List<String> found = rows.stream().filter(bad).map(BundleCheck::describe).toList();
        return found.isEmpty() ? Finding.ok(check) : new Finding(check, level, found.size() + " rows; " + why, found);
    }

    private static boolean percentileWithoutSamples(final Map<String, String> row)
    {
        final long samples = number(row.get("samples")) == null ? 0 : number(row.get("samples")).longValue();
        return LATENCY_PERCENTILES.stream().anyMatch(p -> !row.getOrDefault(p, "").isEmpty()
            && !Samples.support(samples, Double.parseDouble(p.substring(1))));
    }

    private static boolean atTick(final Map<String, String> row)
    {
        if (!row.getOrDefault("unit", "").startsWith("us"))
        {
            return false;
        }
        for (final String p : LATENCY_PERCENTILES)
        {
            final Double us = number(row.get(p));
            if (us != null && us >= TICK_US * (1 - TICK_TOLERANCE))
            {
                final double ticks = us / TICK_US;
                if (Math.abs(ticks - Math.rint(ticks)) <= TICK_TOLERANCE * Math.rint(ticks))
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** Throughput rows (scores with an interval, no percentiles) whose 99.9% half-width exceeds 10% of the score. */
    private static Finding intervals(final List<Map<String, String>> rows)
    {
        final String check = "throughput intervals within 10% of their score";
        final List<Map<String, String>> throughput = rows.stream().filter(r -> r.getOrDefault("p50", "").isEmpty()
            && number(r.get("score")) != null && number(r.get("error")) != null).toList();
        final List<String> wide = throughput.stream()
            .filter(r -> number(r.get("error")) > WIDE_INTERVAL * Math.abs(number(r.get("score"))))
            .map(r -> describe(r) + " (± " + Math.round(100 * number(r.get("error")) / number(r.get("score"))) + "%)")
            .toList();
        return wide.isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.WARNING, wide.size() + " of "
            + throughput.size() + " rows wider; more or longer iterations (--profile full) narrow them", wide);
    }

    /** A spinning waiter sees the idle edge at once; slower than a parked one at p50 means it could not spin. */
    private static Finding spinBeatsPark(final List<Map<String, String>> rows)
    {
        final String check = "a spinning waiter wakes before a parked one (p50)";
        final List<String> bad = new ArrayList<>();
        for (final Map<String, String> spin : rows)
        {
            if (!spin.get("table").equals("idle-wakeup-latency") || !spin.get("implementation").equals("SPIN"))
            {
                continue;
            }
            for (final Map<String, String> park : rows)
            {
                final Double spinP50 = number(spin.get("p50"));
                final Double parkP50 = number(park.get("p50"));
                if (park.get("table").equals(spin.get("table")) && park.get("implementation").equals("PARK_SLOT")
                    && park.get("memory").equals(spin.get("memory")) && spinP50 != null && parkP50 != null
                    && spinP50 > parkP50)
                {
                    bad.add(describe(spin) + ": p50 " + Numbers.number(spinP50) + " us > PARK_SLOT "
                        + Numbers.number(parkP50) + " us");
                }
            }
        }
        return bad.isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.FAILURE,
            "physically implausible: the spinner did not have a CPU of its own", bad);
    }

    /**
     * A row cheaper than the floor its table divides by (same thread count), with the two intervals
     * apart: the floor is the same call shape with no synchronisation, so either it does not measure
     * what that shape costs on this machine, or the row's work was folded away.
     */
    private static Finding aboveFloor(final List<Map<String, String>> rows)
    {
        final String check = "nothing costs less than its floor";
        final List<String> below = new ArrayList<>();
        for (final Map<String, String> r : rows)
        {
            final Double ratio = number(r.get("floor_ratio"));
            final Double score = number(r.get("score"));
            final Double error = number(r.get("error"));
            if (ratio == null || score == null || error == null || ratio <= 0 || score <= 0)
            {
                continue;
            }
            final Double perUnit = number(r.get("per_unit"));
            final double perOp = perUnit == null ? score : perUnit;
            final double top = perOp + error * perOp / score;
            final double floor = perOp / ratio;
            // the floor row's own interval; none (a floor of one iteration) and the row cannot be judged
            final Double floorError = rows.stream().filter(f -> f.get("family").equals("floor")
                && f.get("threads").equals(r.get("threads")) && number(f.get("score")) != null
                && Math.abs(number(f.get("score")) - floor) <= 1e-6 * floor).map(f -> number(f.get("error")))
                .filter(e -> e != null).findFirst().orElse(null);
            if (floorError != null && top < floor - floorError)
            {
                below.add(describe(r) + ": " + Numbers.number(perOp) + " ± " + Numbers.number(top - perOp) + " "
                    + r.get("unit") + " < floor " + Numbers.number(floor) + " ± " + Numbers.number(floorError));
            }
        }
        return below.isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.WARNING, below.size()
            + " rows under their floor, intervals apart: the floor does not measure this call shape here, or the"
            + " row's work was folded away; read neither as a cost until explained", below);
    }

    /**
     * A latency whose p99 is below the machine's own jitter p99 on the same CPUs: the machine's
     * hiccups are larger than the mechanism's tail, so what the row shows beyond p99 is the machine.
     */
    /** Tables whose columns are parts of one latency (the kill phases): a part is no tail to hold against jitter. */
    private static final Set<String> PARTS = Arrays.stream(Family.values()).flatMap(f -> Tables.of(f).stream())
        .filter(t -> t.axis().tagged()).map(Table::id).collect(Collectors.toSet());

    private static Finding aboveJitter(final List<Map<String, String>> rows)
    {
        final String check = "latency tails stand above the machine's own jitter (p99)";
        final Double jitter = rows.stream().filter(r -> r.get("table").equals("floor-jitter-floor")).findFirst()
            .map(r -> number(r.get("p99"))).orElse(null);
        if (jitter == null)
        {
            return Finding.ok(check + ": no jitter floor measured with a p99");
        }
        final List<String> below = rows.stream().filter(r -> !r.get("family").equals("floor")
            && !PARTS.contains(r.get("table")) && r.getOrDefault("unit", "").startsWith("us") && number(r.get("p99")) != null
            && number(r.get("p99")) < jitter).map(r -> describe(r) + ": p99 " + Numbers.number(number(r.get("p99"))) + " us").toList();
        return below.isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.WARNING, below.size()
            + " rows whose p99 is under the jitter floor's p99 of " + Numbers.number(jitter) + " us: beyond it their"
            + " tail is the machine's", below);
    }

    private static Finding preemptions(final Env env)
    {
        final String check = "placed threads were rarely preempted (< " + (int)PREEMPTIONS_PER_SECOND
            + " involuntary switches a second), oversubscribed runs aside";
        if (env == null || env.placement() == null)
        {
            return new Finding(check, Finding.Level.WARNING, "env.json has no placement records to check", List.of());
        }
        final Map<Integer, List<Placement.Placed>> byRun = new TreeMap<>();
        env.placement().stream().filter(p -> p.threads() <= p.cpus().size()
            && p.preemptionsPerSecond() > PREEMPTIONS_PER_SECOND)
            .forEach(p -> byRun.computeIfAbsent(p.spec(), k -> new ArrayList<>()).add(p));
        final List<String> bad = byRun.values().stream().map(threads -> "run " + threads.get(0).spec() + " "
            + threads.get(0).benchmark() + ": " + threads.stream().sorted(Comparator.comparingInt(Placement.Placed::thread))
            .map(p -> "thread " + p.thread() + " " + Math.round(p.preemptionsPerSecond()) + "/s").toList()).toList();
        return bad.isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.WARNING, bad.size()
            + " runs whose threads shared their CPU with other work (other processes, the JVM's own threads)", bad);
    }

    /** Steal above this share of one run's CPU time took enough from the measured threads to show. */
    static final double STEAL_PERCENT = 1;

    private static Finding quietMachine(final Env env)
    {
        final String check = "the machine was quiet (its warnings; < 1% CPU time stolen and at most one preemption"
            + " per tick and CPU in every run's measurement)";
        if (env == null || env.machine() == null)
        {
            return new Finding(check, Finding.Level.WARNING, "env.json does not describe the machine's state", List.of());
        }
        final List<String> bad = new ArrayList<>(env.machine().warnings() == null ? List.of()
            : env.machine().warnings());
        final Set<Integer> measured = new HashSet<>();
        for (final Measured.Fork fork : env.machine().forks() == null ? List.<Measured.Fork>of() : env.machine().forks())
        {
            measured.add(fork.spec());
            if (fork.stealPercent() != null && fork.stealPercent() > STEAL_PERCENT)
            {
                bad.add(String.format(Locale.ROOT, "run %d (pid %d): %.1f%% of CPU time stolen by the hypervisor"
                    + " while it measured", fork.spec(), fork.pid(), fork.stealPercent()));
            }
            if (fork.involuntaryPerSecond() > PREEMPTIONS_PER_SECOND * fork.cpus())
            {
                bad.add(String.format(Locale.ROOT, "run %d (pid %d): its threads were switched out"
                    + " (preempted, or yielded to another thread) %d times a second while it measured, more than once a"
                    + " scheduler tick on each of its %d CPUs", fork.spec(),
                    fork.pid(), Math.round(fork.involuntaryPerSecond()), fork.cpus()));
            }
        }
        if (env.machine().stealBySpec() != null)
        {
            env.machine().stealBySpec().forEach((spec, steal) ->
            {
                if (steal > STEAL_PERCENT && !measured.contains(spec)) // a fork's own measurement window says more
                {
                    bad.add(String.format(Locale.ROOT, "run %d: %.1f%% of CPU time stolen by the hypervisor", spec,
                        steal));
                }
            });
        }
        return bad.isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.WARNING, bad.size()
            + " things on this machine can distort these numbers", bad);
    }

    private static Finding reported(final Env env)
    {
        final String check = "every completed run reported the settings it ran with";
        if (env == null || env.runs() == null || env.runs().unreported() == null)
        {
            return new Finding(check, Finding.Level.WARNING, "env.json does not say", List.of());
        }
        return env.runs().unreported().isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.WARNING,
            env.runs().unreported().size() + " runs without `effective` in env.json", env.runs().unreported());
    }

    /** With {@code --mem-node}: every page of every counter was found on that node. */
    private static Finding boundMemory(final Env env)
    {
        final String check = "counter memory was on the NUMA node it was bound to";
        final List<Memory> bound = env == null || env.memory() == null ? List.of()
            : env.memory().stream().filter(m -> m.memNode() != null).toList();
        if (bound.isEmpty())
        {
            return Finding.ok(check + ": none bound (pages where first touched)");
        }
        final List<String> elsewhere = new ArrayList<>();
        for (final Memory m : bound)
        {
            final Map<String, Long> pages = m.pagesFound() == null ? Map.of() : m.pagesFound();
            if (pages.isEmpty())
            {
                elsewhere.add(m.backend() + ": bound to node " + m.memNode() + ", no page was read back");
            }
            pages.forEach((where, n) ->
            {
                if (!where.equals("node " + m.memNode()))
                {
                    elsewhere.add(m.backend() + ": bound to node " + m.memNode() + ", " + n + " pages " + (where
                        .startsWith("node ") ? "on " : "") + where);
                }
            });
        }
        return elsewhere.isEmpty() ? Finding.ok(check) : new Finding(check, Finding.Level.FAILURE, elsewhere.size()
            + " backends with counters elsewhere: their numbers are not of the node asked for", elsewhere);
    }

    private static String describe(final Map<String, String> row)
    {
        return row.get("table") + ": " + row.get("implementation") + " " + row.get("memory")
            + (row.getOrDefault("params", "").isEmpty() ? "" : " " + row.get("params")) + " threads=" + row.get("threads");
    }

    private static Double number(final String field)
    {
        if (field == null || field.isEmpty())
        {
            return null;
        }
        try
        {
            return Double.valueOf(field);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }
}
