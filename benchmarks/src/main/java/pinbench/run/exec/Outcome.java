package pinbench.run.exec;

import org.openjdk.jmh.results.RunResult;
import pinbench.run.plan.RunSpec;

/**
 * What one run of the plan produced: a result, or the reason it has none.
 *
 * @param spec   the run.
 * @param result JMH's result, or {@code null} when the run failed.
 * @param error  why it failed, or {@code null}.
 */
public record Outcome(RunSpec spec, RunResult result, String error)
{
    public boolean ok()
    {
        return result != null;
    }
}
