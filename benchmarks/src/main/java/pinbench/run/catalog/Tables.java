package pinbench.run.catalog;

import pinbench.Family;
import pinbench.benchmarks.floor.CoreToCoreBench;
import pinbench.benchmarks.floor.CoreToCoreMatrixBench;
import pinbench.benchmarks.floor.FloorBench;
import pinbench.benchmarks.floor.JitterBench;
import pinbench.benchmarks.floor.PingBench;
import pinbench.benchmarks.idle.TruncateBench;
import pinbench.benchmarks.idle.WakeLatencyBench;
import pinbench.benchmarks.pin.PinBatchBench;
import pinbench.benchmarks.pin.PinDmaBench;
import pinbench.benchmarks.pin.PinOrderBench;
import pinbench.benchmarks.pin.UnpinTaxBench;
import pinbench.benchmarks.ref.RefAlternativesBench;
import pinbench.benchmarks.ref.LiveRef;
import pinbench.benchmarks.ref.RefGetPutBench;
import pinbench.benchmarks.ref.RefKillLatencyBench;
import pinbench.benchmarks.ref.RefParallelKillBench;
import pinbench.benchmarks.ref.RefTryGetPutBench;
import pinbench.idle.IdleStrategy;
import pinbench.memory.Backend;
import pinbench.pin.UnpinHook;
import pinbench.ref.KillProbe;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Every table a run can publish, as data: the floors, then per family its tables in report order.
 * A table names its benchmarks by class and method; parameter axes take their values from the
 * benchmark's own {@code @Param}. This is the only list of tables.
 */
public final class Tables
{
    /** A plain thread-confined increment+decrement pair: what a count costs with no synchronisation. */
    public static final Benchmark PLAIN_FLOOR = new Benchmark(FloorBench.class, "plainPair");
    /** Two uncontended atomic adds on the thread's own line. */
    public static final Benchmark XADD_FLOOR = new Benchmark(FloorBench.class, "xaddPair");
    /** A get+put through the reference-count interface and call shape, on a count with no synchronisation. */
    public static final Benchmark HANDLE_FLOOR = new Benchmark(FloorBench.class, "handlePair");
    /** Per folio: a request+release through the page-map interface and call shape, no range ref, no atomics. */
    public static final Benchmark FOLIO_FLOOR = new Benchmark(FloorBench.class, "folioPair");

    /** The floors, run at every thread count a floor is divided into. */
    public static final Table FLOORS = new Table(null, "floors",
        "ns per pair per thread, thread-confined: a plain increment+decrement, two uncontended atomic adds"
            + " on the thread's own line, and a get+put through the reference counts' interface and call shape on"
            + " a count with no synchronisation (the ref tables' floor); and per folio, a request+release of 512"
            + " folios through the page map's interface and call shape with no range reference and no atomics (the"
            + " pin tables' floor)", Kind.PAIR, Axis.threads(), List.of(
            new Source(PLAIN_FLOOR, new Rows.Fixed("floor: plain pair", "thread-confined")),
            new Source(XADD_FLOOR, new Rows.Fixed("floor: uncontended getAndAdd pair", "thread-confined")),
            new Source(HANDLE_FLOOR, new Rows.Fixed("floor: get+put through RefCount.Handle, no synchronisation",
                Backend.HEAP.name())),
            new Source(FOLIO_FLOOR, new Rows.Fixed("floor: folio request+release through PageMap.Handle, no range"
                + " ref, no atomics (per folio)", Backend.HEAP.name()))),
        null, null, null);

    /** Two threads handing one cache line back and forth: what any sharing costs at least. */
    public static final Table CORE_TO_CORE = new Table(null, "core-to-core round trip",
        "ns per round trip of one cache line between two threads (two line transfers); meaningful when the two"
            + " threads run on different CPUs", Kind.PAIR, Axis.single(2),
        List.of(new Source(new Benchmark(CoreToCoreBench.class, "roundTrip"), new Rows.Fixed("ping-pong", Backend.HEAP.name()))),
        null, null, null);

    /**
     * The round trip between every pair of CPUs the run may use: what a line costs at each level of
     * the topology. The runner writes the matrix itself (core-to-core.csv, a heatmap) from its tags.
     */
    public static final Table CORE_TO_CORE_MATRIX = new Table(null, "core-to-core matrix",
        "us per round trip of one cache line between two threads pinned to a pair of CPUs, every pair the run may"
            + " use, each sample the mean of " + CoreToCoreMatrixBench.BATCH + " round trips; the row is every pair"
            + " together, the heatmap and core-to-core.csv (in ns) each pair's median (file "
            + CoreToCoreMatrixBench.LOG + ".hlog, tagged by the CPU pair)",
        Kind.HISTOGRAM, Axis.single(1), List.of(new Source(new Benchmark(CoreToCoreMatrixBench.class,
            "visitEveryPair"), new Rows.Fixed("every pair of CPUs", Backend.HEAP.name()))), null, null,
        CoreToCoreMatrixBench.LOG);

    /** The machine's own jitter on the CPUs the latency benchmarks use (two threads: a waiter and its helper). */
    public static final Table JITTER = new Table(null, "jitter floor",
        "gaps between two System.nanoTime() reads longer than 1 us, on each CPU the latency benchmarks use (one"
            + " thread each, placed as theirs are): time a thread wanted its CPU and did not run; a latency tail at"
            + " or below this is the machine's, not the mechanism's (file jitter.hlog, tagged by CPU)",
        Kind.HISTOGRAM, Axis.single(2), List.of(new Source(new Benchmark(JitterBench.class, "gap"),
            new Rows.Fixed("jitter: nanoTime gaps > 1 us", "thread-confined"))), null, null, JitterBench.LOG);

    /** Round trips between the two CPUs the latency benchmarks use: the floor under a two-thread latency. */
    public static final Table PING = new Table(null, "ping between the latency CPUs",
        "us per round trip of one cache line between two spinning threads on the two CPUs the latency benchmarks'"
            + " waiter and helper use, every round trip timed (two nanoTime reads included): its tail is the CPUs"
            + " being taken away mid-trip (file " + PingBench.LOG + ".hlog, tagged by the CPU pair)",
        Kind.HISTOGRAM, Axis.single(2), List.of(new Source(new Benchmark(PingBench.class, "roundTrip"),
            new Rows.Fixed("ping: two spinning threads, one line", Backend.HEAP.name()))), null, null, PingBench.LOG);

    private static final Rows STRATEGIES = new Rows.Strategies(false, Map.of());
    private static final Rows DURABLE_STRATEGIES = new Rows.Strategies(true, Map.of());

    private static final Benchmark GET_PUT = new Benchmark(RefGetPutBench.class, "getPut");
    private static final Benchmark PIN_BATCH = new Benchmark(PinBatchBench.class, "requestRelease");
    private static final Benchmark PIN_ORDER = new Benchmark(PinOrderBench.class, "pin2MiB");
    private static final Benchmark PIN_DMA = new Benchmark(PinDmaBench.class, "dmaPinUnpin");
    private static final Benchmark KILL_TO_RELEASE = new Benchmark(RefKillLatencyBench.class, "killToRelease");
    private static final Benchmark UNPIN_TAX = new Benchmark(UnpinTaxBench.class, "requestRelease");

    private static final List<Table> REF = List.of(
        new Table(Family.REF, "get+put pair",
            "ns per get+put pair per thread, every thread on one shared live count (lower is better)",
            Kind.PAIR, Axis.threads(), List.of(
                new Source(GET_PUT, DURABLE_STRATEGIES),
                alternative("atomicLong", "AtomicLong"),
                alternative("longAdder", "LongAdder"),
                alternative("netty", "Netty AbstractReferenceCounted")),
            HANDLE_FLOOR, null, null),
        new Table(Family.REF, "tryGetLive+put pair",
            "ns per tryGetLive+put pair per thread on one shared live count (lower is better); where a strategy's"
                + " CAS lost races on this path, the retries per operation beside it (JMH secondary metric"
                + " casRetries; tables.csv has every value, zeros too)",
            Kind.PAIR, Axis.threads(),
            List.of(new Source(new Benchmark(RefTryGetPutBench.class, "tryGetLivePut"), DURABLE_STRATEGIES)),
            HANDLE_FLOOR, null, null),
        new Table(Family.REF, "kill-to-release latency",
            "us from kill() until the release callback ran, while N background threads keep pinning "
                + "(columns: N = pinners); one killing thread. The distribution holds the kills during which no"
                + " thread of the run was preempted (each thread's nonvoluntary_ctxt_switches in /proc/self/task/TID/"
                + "status, read before and after each kill, unchanged): the mechanism's cost, with any wait it"
                + " imposes on the pinners (a safepoint or a lock blocks them: a voluntary switch). Kills during which"
                + " the killer or a pinner was preempted, so the release may have waited for a thread that was"
                + " not running, are counted apart (`descheduled`, with their median; files "
                + RefKillLatencyBench.DESCHEDULED_LOG + ".hlog). The longer a kill, the likelier a preemption falls"
                + " in it: the undisturbed distribution leans short where many kills are descheduled (the"
                + " oversubscribed columns)",
            Kind.HISTOGRAM, Axis.background("pinners"),
            List.of(new Source(KILL_TO_RELEASE, STRATEGIES)),
            null, null, RefKillLatencyBench.LOG, RefKillLatencyBench.DESCHEDULED_LOG),
        new Table(Family.REF, "kill-to-release by phase",
            "us spent in each phase of a kill with one pinner, from a timestamp as each phase ends (a separate run"
                + " with -p phases=true; undisturbed kills only): " + phases()
                + "; none: the strategy has no such phase (its time is in the next one); files "
                + RefKillLatencyBench.PHASES_LOG + ".hlog",
            Kind.HISTOGRAM, Axis.tags("phase", Arrays.stream(KillProbe.Phase.values()).map(Enum::name).toList(), 1),
            List.of(new Source(KILL_TO_RELEASE, new Rows.Strategies(false, Map.of("pinners", "1", "phases", "true")))),
            null, null, RefKillLatencyBench.PHASES_LOG),
        new Table(Family.REF, "kills in parallel",
            "us from opening a start gate until a killer's count released, N killers each killing a fresh count of"
                + " its own at once (columns: N = killers; file " + RefParallelKillBench.LOG + ".hlog): kills that"
                + " take a process-wide lock queue behind each other (membarrier(2) holds one mutex), so their"
                + " median grows with N; kills sharing a barrier or needing none stay flat",
            Kind.HISTOGRAM, Axis.background("killers"),
            List.of(new Source(new Benchmark(RefParallelKillBench.class, "killAtOnce"), STRATEGIES)),
            null, null, RefParallelKillBench.LOG),
        new Table(Family.REF, "get+put past 64 handles",
            "ns per get+put pair, one thread, after N other handles were registered on the count and left idle"
                + " (columns: N); per-thread state with no cap stays flat, a design that gives handle 65 onward the"
                + " shared word does not",
            Kind.PAIR, new Axis(LiveRef.IDLE_HANDLES, List.of("0", "200"), 1, false),
            List.of(new Source(GET_PUT, STRATEGIES)), HANDLE_FLOOR, null, null));

    private static final List<Table> PIN = List.of(
        new Table(Family.PIN, "request+release batch",
            "ns per request+release of a batch of 4 KiB folios (each crosses its idle edge both ways), one thread;"
                + " per folio = score / batch; x floor compares per folio with the folio floor (the same call shape at"
                + " batch 512 with no range reference and no atomics)",
            Kind.PAIR, Axis.param(PIN_BATCH, "batch", 1), List.of(new Source(PIN_BATCH, STRATEGIES)),
            FOLIO_FLOOR, "folio", null),
        new Table(Family.PIN, "2 MiB as 512 base pages or one order-9 folio",
            "ns to pin and unpin 2 MiB, one thread: order 0 is 512 folios, order 9 one compound folio",
            Kind.PAIR, Axis.param(PIN_ORDER, "order", 1), List.of(new Source(PIN_ORDER, STRATEGIES)),
            null, null, null),
        new Table(Family.PIN, "two threads, disjoint or shared folios",
            "ns per request+release of 16 folios per thread, 2 threads: each on its own 2 MiB, or both on the same"
                + " folios (shared counts bounce between cores); where a CAS lost races, the retries per operation"
                + " beside it (JMH secondary metric casRetries)",
            Kind.PAIR, Axis.param(PIN_BATCH, "sharing", 2),
            List.of(new Source(PIN_BATCH, new Rows.Strategies(false, Map.of("batch", "16")))),
            null, null, null),
        new Table(Family.PIN, "DMA pin+unpin",
            "ns per DMA pin (+1024) and unpin of one folio plus a maybeDmaPinned test, one thread, under each idle"
                + " convention; x floor compares with the folio floor (per folio at batch 512), so it includes the"
                + " call a one-folio operation pays in full",
            Kind.PAIR, Axis.param(PIN_DMA, "idleAt", 1), List.of(new Source(PIN_DMA, STRATEGIES)),
            FOLIO_FLOOR, null, null),
        new Table(Family.PIN, "no-waiter tax",
            "ns per request+release of one folio, one thread, XADD_BATCH: every release is an idle edge that goes"
                + " through the unpin hook; first the hooks alone (no-op listener), then each idle strategy's"
                + " \"anyone waiting?\" check behind the static key; compare with hook NONE; x floor compares with the"
                + " folio floor (per folio at batch 512), so it includes the call a one-folio operation pays in full",
            Kind.PAIR, Axis.single(1), List.of(
                new Source(UNPIN_TAX, new Rows.Each("hook", UnpinHook.class, "hook %s",
                    Map.of("strategy", "XADD_BATCH", "listener", "NOOP"))),
                new Source(UNPIN_TAX, new Rows.Each("listener", IdleStrategy.class, "STATIC_KEY + %s check",
                    Map.of("strategy", "XADD_BATCH", "hook", "STATIC_KEY")))),
            FOLIO_FLOOR, null, null));

    private static final List<Table> IDLE = List.of(
        new Table(Family.IDLE, "wakeup latency",
            "time from the last unpin to the waiter running again, per strategy, from the waiter's own HdrHistogram"
                + " (measurement iterations only; files " + WakeLatencyBench.LOG + ".hlog and "
                + WakeLatencyBench.LOG + "-STRATEGY.BACKEND.hgrm, values in ns)",
            Kind.HISTOGRAM, Axis.single(1),
            List.of(new Source(new Benchmark(WakeLatencyBench.class, "lastUnpinToWaiter"), STRATEGIES)),
            null, null, WakeLatencyBench.LOG),
        new Table(Family.IDLE, "truncate",
            "us to scan 512 folios and wait until all are idle while a DMA-like holder keeps 16 of them pinned for"
                + " random hold times up to 100 us",
            Kind.HISTOGRAM, Axis.single(1),
            List.of(new Source(new Benchmark(TruncateBench.class, "truncate"), STRATEGIES)),
            null, null, TruncateBench.LOG));

    private Tables()
    {
    }

    /** The tables of a family, in report order. */
    public static List<Table> of(final Family family)
    {
        return switch (family)
        {
            case REF -> REF;
            case PIN -> PIN;
            case IDLE -> IDLE;
        };
    }

    /** What each kill phase covers, for the phase table's caption. */
    private static String phases()
    {
        return "MARK_DYING: the dying mark stored; BARRIER: fast-path marks made visible (fence or membarrier);"
            + " FOLD: per-thread or per-stripe counts summed, waiting for operations in flight; DROP_INITIAL: the"
            + " shared word turned dead and the initial reference dropped; AWAIT_RELEASE: until the last holder's"
            + " put ran the release";
    }

    /** What a Java programmer would use instead of a strategy, on the heap. */
    private static Source alternative(final String method, final String label)
    {
        return new Source(new Benchmark(RefAlternativesBench.class, method), new Rows.Fixed(label, Backend.HEAP.name()));
    }
}
