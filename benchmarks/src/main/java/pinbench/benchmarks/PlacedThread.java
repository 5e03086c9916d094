package pinbench.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.ThreadParams;

/**
 * A benchmark thread placed on its own CPU (see {@link Placement}) before the trial starts. Thread
 * states extend it; JMH runs superclass {@code @Setup} methods too. Benchmarks with helper threads
 * override {@link #helpers()} so the count of threads to place includes them.
 */
@State(Scope.Thread)
public class PlacedThread
{
    @Setup
    public void place(final ThreadParams thread, final BenchmarkParams benchmark)
    {
        Placement.place(thread.getThreadIndex(), thread.getThreadCount() + helpers(), describe(benchmark));
    }

    /** Background threads the benchmark starts besides JMH's; they are placed after JMH's threads. */
    protected int helpers()
    {
        return 0;
    }

    /** The benchmark and its parameters, for the placement log. */
    public static String describe(final BenchmarkParams benchmark)
    {
        final StringBuilder b = new StringBuilder(benchmark.getBenchmark().replaceAll(".*\\.(\\w+\\.\\w+)$", "$1"));
        benchmark.getParamsKeys().forEach(k -> b.append(' ').append(k).append('=').append(benchmark.getParam(k)));
        return b.toString();
    }
}
