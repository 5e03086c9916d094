package pinbench.run;

import org.openjdk.jmh.results.RunResult;

/**
 * What one run of the plan produced: a result, or the reason it has none.
 *
 * @param item   the run.
 * @param result JMH's result, or {@code null} when the run failed.
 * @param error  why it failed, or {@code null}.
 */
record Outcome(RunItem item, RunResult result, String error)
{
    boolean ok()
    {
        return result != null;
    }
}
