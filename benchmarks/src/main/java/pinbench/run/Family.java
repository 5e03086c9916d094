package pinbench.run;

import pinbench.Described;
import pinbench.idle.IdleStrategy;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.ref.RefStrategy;
import pinbench.run.Scenario.Axis;
import pinbench.run.Scenario.Bench;
import pinbench.run.Scenario.Kind;
import pinbench.run.Scenario.Rows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The families a run can select with {@code --family}: each names its strategy catalog (an enum in
 * {@code impls}) and the scenarios (tables) it measures.
 */
public enum Family
{
    /** Family 1: the range's lifetime reference ({@code percpu_ref}). */
    REF("per-CPU style reference counts (percpu_ref): get, tryGetLive, put, kill", RefStrategy.values(), List.of(
        new Scenario("get+put pair",
            "ns per get+put pair per thread, every thread on one shared live count (lower is better)",
            Kind.PAIR, Axis.threads(), List.of(
                new Bench("pinbench.benchmarks.ref.RefGetPutBench.getPut", Rows.strategiesDurable("strategy")),
                new Bench("pinbench.benchmarks.ref.RefAlternativesBench.atomicLong", Rows.fixed("AtomicLong", "heap")),
                new Bench("pinbench.benchmarks.ref.RefAlternativesBench.longAdder", Rows.fixed("LongAdder", "heap")),
                new Bench("pinbench.benchmarks.ref.RefAlternativesBench.netty",
                    Rows.fixed("Netty AbstractReferenceCounted", "heap"))),
            Scenario.PLAIN_FLOOR, null, null),
        new Scenario("tryGetLive+put pair",
            "ns per tryGetLive+put pair per thread on one shared live count (lower is better)",
            Kind.PAIR, Axis.threads(),
            List.of(new Bench("pinbench.benchmarks.ref.RefTryGetPutBench.tryGetLivePut",
                Rows.strategiesDurable("strategy"))),
            Scenario.PLAIN_FLOOR, null, null),
        new Scenario("kill-to-release latency",
            "us from kill() until the release callback ran, while N background threads keep pinning "
                + "(columns: N = pinners); one killing thread",
            Kind.LATENCY, Axis.background("pinners"),
            List.of(new Bench("pinbench.benchmarks.ref.RefKillLatencyBench.killToRelease", Rows.strategies("strategy"))),
            null, null, null))),

    /** Family 2: folio pinning under a range reference ({@code pgmap_request_folios}). */
    PIN("folio pinning: per-folio counts, DMA pin bias, range ref on the idle edge (pgmap_request_folios)",
        PinStrategy.values(), List.of(
        new Scenario("request+release batch",
            "ns per request+release of a batch of 4 KiB folios (each crosses its idle edge both ways), one thread;"
                + " per folio = score / batch; x floor compares per folio with one uncontended getAndAdd pair",
            Kind.PAIR, Axis.param("batch", 1, "1", "16", "512"),
            List.of(new Bench("pinbench.benchmarks.pin.PinBatchBench.requestRelease", Rows.strategies("strategy"))),
            Scenario.XADD_FLOOR, "batch", "folio"),
        new Scenario("2 MiB as 512 base pages or one order-9 folio",
            "ns to pin and unpin 2 MiB, one thread: order 0 is 512 folios, order 9 one compound folio",
            Kind.PAIR, Axis.param("order", 1, "0", "9"),
            List.of(new Bench("pinbench.benchmarks.pin.PinOrderBench.pin2MiB", Rows.strategies("strategy"))),
            Scenario.XADD_FLOOR, null, null),
        new Scenario("two threads, disjoint or shared folios",
            "ns per request+release of 16 folios per thread, 2 threads: each on its own 2 MiB, or both on the same"
                + " folios (shared counts bounce between cores)",
            Kind.PAIR, Axis.param("sharing", 2, "DISJOINT", "SHARED"),
            List.of(new Bench("pinbench.benchmarks.pin.PinBatchBench.requestRelease",
                Rows.strategies("strategy", "batch", "16"))),
            Scenario.XADD_FLOOR, null, null),
        new Scenario("DMA pin+unpin",
            "ns per DMA pin (+1024) and unpin of one folio plus a maybeDmaPinned test, one thread, under each idle"
                + " convention",
            Kind.PAIR, Axis.param("idleAt", 1, "ZERO", "ONE"),
            List.of(new Bench("pinbench.benchmarks.pin.PinDmaBench.dmaPinUnpin", Rows.strategies("strategy"))),
            Scenario.XADD_FLOOR, null, null),
        new Scenario("no-waiter tax",
            "ns per request+release of one folio, one thread, XADD_BATCH: every release is an idle edge that goes"
                + " through the unpin hook; first the hooks alone (no-op listener), then each wake strategy's"
                + " \"anyone waiting?\" check behind the static key; compare with hook NONE",
            Kind.PAIR, Axis.single(1), List.of(
                new Bench("pinbench.benchmarks.pin.UnpinTaxBench.requestRelease",
                    Rows.each("hook", UnpinHook.values(), "hook %s", "strategy", "XADD_BATCH", "listener", "NOOP")),
                new Bench("pinbench.benchmarks.pin.UnpinTaxBench.requestRelease",
                    Rows.each("listener", IdleStrategy.values(), "STATIC_KEY + %s check", "strategy", "XADD_BATCH",
                        "hook", "STATIC_KEY"))),
            Scenario.XADD_FLOOR, null, null))),

    /** Family 3: truncate waits for pinned folios to go idle; the last unpin wakes it. */
    IDLE("page-idle wakeup: truncate waits until a pinned folio is idle, the last unpin wakes it",
        IdleStrategy.values(), List.of(
        new Scenario("wakeup latency",
            "time from the last unpin to the waiter running again, per strategy, from the waiter's own HdrHistogram"
                + " (measurement iterations only; files wakeup.hlog and wakeup-STRATEGY.hgrm, values in ns)",
            Kind.HISTOGRAM, Axis.single(1),
            List.of(new Bench("pinbench.benchmarks.idle.WakeLatencyBench.lastUnpinToWaiter", Rows.strategies("strategy"))),
            null, null, null),
        new Scenario("truncate",
            "us to scan 512 folios and wait until all are idle while a DMA-like holder keeps 16 of them pinned for"
                + " random hold times up to 100 us",
            Kind.LATENCY, Axis.single(1),
            List.of(new Bench("pinbench.benchmarks.idle.TruncateBench.truncate", Rows.strategies("strategy"))),
            null, null, null)));

    private final String description;
    private final Map<String, String> strategies = new LinkedHashMap<>();
    private final List<Scenario> scenarios;

    Family(final String description, final Described[] catalog, final List<Scenario> scenarios)
    {
        this.description = description;
        this.scenarios = scenarios;
        for (final Described strategy : catalog)
        {
            strategies.put(strategy.name(), strategy.description());
        }
    }

    /** Lower-case name as typed on the command line. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description()
    {
        return description;
    }

    /** Strategy names (as the benchmarks' parameters take them) and one-line descriptions. */
    public Map<String, String> strategies()
    {
        return strategies;
    }

    public List<Scenario> scenarios()
    {
        return scenarios;
    }
}
