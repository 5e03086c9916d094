package pinbench.stress.soak;

import pinbench.concurrent.Workers;
import pinbench.memory.Memory;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.ref.RefStrategy;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Folio pinning: workers make overlapping requests, speculative transient references and DMA pins
 * on a few folios, in phases; some requests stay held across a phase end and are released by
 * another thread. Checked on every operation: a requested folio shows a reference, a DMA-pinned one
 * shows {@code maybeDmaPinned} (no false negative), a live range never refuses, a dying one never
 * accepts. Between phases, with every thread stopped: the range count is exactly one plus one per
 * busy folio. At the end: all folios idle, the range released exactly once. Rounds cycle through
 * both idle conventions and every range-reference strategy.
 */
public final class PinSoak implements Round
{
    private static final int FOLIOS = 8;
    private static final int WORKERS = 3;
    private static final int PHASES = 8;

    private final Function<PinConfig, PageMap> factory;
    private final String name;
    private final Memory memory;
    private int round;

    public PinSoak(final PinStrategy strategy, final Memory memory)
    {
        this(strategy::create, strategy.name(), memory);
    }

    /**
     * @param factory a catalog entry's {@code create}, or a test's broken page map.
     * @param name    what violations name.
     */
    public PinSoak(final Function<PinConfig, PageMap> factory, final String name, final Memory memory)
    {
        this.factory = factory;
        this.name = name;
        this.memory = memory;
    }

    /** A held request: first folio and length. */
    private record Held(int first, int n)
    {
    }

    @Override
    public void run(final long nanos, final Tally tally) throws InterruptedException
    {
        final IdleAt idleAt = IdleAt.values()[round % IdleAt.values().length];
        final RefStrategy range = RefStrategy.values()[round / IdleAt.values().length % RefStrategy.values().length];
        round++;
        final AtomicInteger rangeReleases = new AtomicInteger();
        final Queue<Held> held = new ConcurrentLinkedQueue<>();
        final String setting = name + " (idle at " + idleAt + ", range ref " + range + ")";
        final PageMap map = factory.apply(PinConfig.of(FOLIOS, 0, idleAt, range, memory,
            rangeReleases::incrementAndGet));
        try (CloseUnlessRunaway open = new CloseUnlessRunaway(map::close))
        {
            for (int phase = 0; phase < PHASES; phase++)
            {
                final boolean dying = phase == PHASES - 1;
                if (dying)
                {
                    map.kill();
                }
                tally.failures("still running long after its phase", open.note(
                    Workers.runTimed(WORKERS, "pin-soak", nanos / PHASES + HUNG_NANOS, (t, released) ->
                    {
                        final long end = released + nanos / PHASES;
                        final PageMap.Handle h = map.handle();
                        long ops = 0;
                        do // once at least: a worker scheduled late in a short phase still checks something
                        {
                            ops += work(map, h, dying, held, tally, setting);
                        }
                        while (System.nanoTime() < end);
                        if (!dying && ThreadLocalRandom.current().nextBoolean())
                        {
                            hold(h, held);
                        }
                        tally.ops(ops);
                    })));
                if (!dying)
                {
                    checkQuiet(map, tally, setting);
                }
            }
            final PageMap.Handle h = map.handle();
            for (Held r = held.poll(); r != null; r = held.poll())
            {
                h.release(r.first(), r.n());
            }
            for (int f = 0; f < FOLIOS; f++)
            {
                if (map.refs(f) != 0)
                {
                    tally.violation(setting + ": folio " + f + " has " + map.refs(f) + " references after all were dropped");
                }
            }
            if (rangeReleases.get() != 1)
            {
                tally.violation(setting + ": range released " + rangeReleases.get() + " times, expected once");
            }
        }
    }

    private static void hold(final PageMap.Handle h, final Queue<Held> held)
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final int first = random.nextInt(FOLIOS);
        final int n = 1 + random.nextInt(FOLIOS - first);
        if (h.request(first, n))
        {
            held.add(new Held(first, n));
        }
    }

    /** The range count of a quiet map: its initial reference plus one per busy folio. */
    private static void checkQuiet(final PageMap map, final Tally tally, final String setting)
    {
        int busy = 0;
        for (int f = 0; f < FOLIOS; f++)
        {
            busy += map.refs(f) != 0 ? 1 : 0;
        }
        if (map.rangeCount() != 1 + busy)
        {
            tally.violation(setting + ": range count " + map.rangeCount() + " with " + busy + " busy folios, expected "
                + (1 + busy));
        }
    }

    /** One random operation; returns the operations made. */
    private static int work(final PageMap map, final PageMap.Handle h, final boolean dying, final Queue<Held> held,
        final Tally tally, final String setting)
    {
        final ThreadLocalRandom random = ThreadLocalRandom.current();
        final int folio = random.nextInt(FOLIOS);
        switch (random.nextInt(4))
        {
            case 0:
                if (h.tryGetSpeculative(folio))
                {
                    h.put(folio);
                }
                return 2;
            case 1:
                if (accepted(h.pinForDma(folio), dying, "DMA pin", tally, setting))
                {
                    if (!map.maybeDmaPinned(folio))
                    {
                        tally.violation(setting + ": maybeDmaPinned false on a DMA-pinned folio " + folio);
                    }
                    h.unpinForDma(folio);
                }
                return 3;
            case 2:
                final Held r = held.poll();
                if (r != null)
                {
                    h.release(r.first(), r.n()); // a request held over from the last phase, taken on another thread
                    return r.n();
                }
                return 0;
            default:
                final int n = 1 + random.nextInt(FOLIOS - folio);
                if (accepted(h.request(folio, n), dying, "request", tally, setting))
                {
                    for (int f = folio; f < folio + n; f++)
                    {
                        if (map.refs(f) < 1)
                        {
                            tally.violation(setting + ": requested folio " + f + " shows " + map.refs(f) + " references");
                        }
                    }
                    h.release(folio, n);
                }
                return 2 * n;
        }
    }

    /** Whether an operation that must succeed on a live range and fail on a dying one did; checks which. */
    private static boolean accepted(final boolean ok, final boolean dying, final String what, final Tally tally,
        final String setting)
    {
        if (ok == dying)
        {
            tally.violation(setting + ": " + what + (dying ? " accepted by a dying" : " refused by a live") + " range");
        }
        return ok;
    }
}
