package pinbench.run;

import pinbench.Described;
import pinbench.ref.RefStrategy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static pinbench.run.Scenario.Bench.fixed;
import static pinbench.run.Scenario.Bench.sweep;
import static pinbench.run.Scenario.Bench.sweepWithPinners;

/**
 * The families a run can select with {@code --family}: each names its strategy catalog (an enum in
 * {@code impls}) and the scenarios it measures.
 */
public enum Family
{
    /** Family 1: the range's lifetime reference ({@code percpu_ref}). */
    REF("per-CPU style reference counts (percpu_ref): get, tryGetLive, put, kill", RefStrategy.values(), List.of(
        new Scenario("get+put pair",
            "ns per get+put pair per thread, every thread on one shared live count (lower is better)",
            Scenario.Kind.PAIR, List.of(
                sweep("pinbench.benchmarks.ref.RefGetPutBench.getPut"),
                fixed("pinbench.benchmarks.ref.RefAlternativesBench.atomicLong", "AtomicLong"),
                fixed("pinbench.benchmarks.ref.RefAlternativesBench.longAdder", "LongAdder"),
                fixed("pinbench.benchmarks.ref.RefAlternativesBench.netty", "Netty AbstractReferenceCounted"))),
        new Scenario("tryGetLive+put pair",
            "ns per tryGetLive+put pair per thread on one shared live count (lower is better)",
            Scenario.Kind.PAIR, List.of(sweep("pinbench.benchmarks.ref.RefTryGetPutBench.tryGetLivePut"))),
        new Scenario("kill-to-release latency",
            "us from kill() until the release callback ran, while N background threads keep pinning "
                + "(columns: N); one killing thread",
            Scenario.Kind.LATENCY,
            List.of(sweepWithPinners("pinbench.benchmarks.ref.RefKillLatencyBench.killToRelease")))));

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

    /** Strategy names (as JMH's {@code -p strategy=} takes them) and one-line descriptions. */
    public Map<String, String> strategies()
    {
        return strategies;
    }

    public List<Scenario> scenarios()
    {
        return scenarios;
    }
}
