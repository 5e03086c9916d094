package pinbench.run.exec;

import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Measured;
import pinbench.benchmarks.Placement;
import pinbench.run.plan.RunSpec;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What running the plan produced.
 *
 * @param outcomes   every run's outcome, keyed by its spec, in plan order.
 * @param effective  the settings each trial reported it ran with (from inside the benchmark's JVM).
 * @param placements where each thread of each run was placed.
 * @param profilers  one line per profiler that ran.
 * @param started    when the first run started.
 * @param finished   when the last run ended.
 * @param stealBySpec percent of the machine's CPU time the hypervisor took during each run, by spec index.
 * @param steal      the same over the whole execution, or {@code null} when unknown.
 * @param loadAtStart {@code /proc/loadavg} before the first run: others' work already on the machine.
 * @param measured   per trial and JVM, what happened to the JVM during its measurement iterations.
 */
public record Execution(Map<RunSpec, Outcome> outcomes, List<ForkContract.Effective> effective,
    List<Placement.Placed> placements, List<String> profilers, Instant started, Instant finished,
    Map<Integer, Double> stealBySpec, Double steal, String loadAtStart, List<Measured.Fork> measured)
{
    /** The runs that have a result but no report of their settings (a fork that could not write it). */
    public List<RunSpec> unreported()
    {
        final Set<Integer> reported = new HashSet<>();
        effective.forEach(e -> reported.add(e.spec()));
        return outcomes.values().stream().filter(Outcome::ok).map(Outcome::spec)
            .filter(s -> !reported.contains(s.index())).toList();
    }

    /** The outcomes that have no result. */
    public List<Outcome> failed()
    {
        return outcomes.values().stream().filter(o -> !o.ok()).toList();
    }
}
