package pinbench.benchmarks;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import pinbench.memory.Agrona;
import pinbench.memory.FlushFailures;

import java.util.concurrent.TimeUnit;

/**
 * Settings every pinbench benchmark inherits (JMH reads class annotations up the hierarchy).
 * These defaults are the "full" profile; {@code scripts/bench} overrides them per profile, and any
 * JMH command-line option overrides them too. Every benchmark is also a state whose trial ends by
 * reporting, through the {@link ForkContract}, the settings it really ran with.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 3, jvmArgsAppend = {Agrona.ADD_EXPORTS, BenchDefaults.NO_BOUNDS_CHECKS})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public abstract class BenchDefaults
{
    /** Agrona's own benchmarks run without bounds checks (2-4 ns per access on this class of VM). */
    public static final String NO_BOUNDS_CHECKS = "-Dagrona.disable.bounds.checks=true";

    /**
     * JVM options every fork needs. A JMH command-line {@code -jvmArgsAppend} replaces the
     * annotation's list, so the runner passes these with {@code -jvmArgsPrepend}.
     */
    public static final String[] REQUIRED_JVM_ARGS = {Agrona.ADD_EXPORTS, NO_BOUNDS_CHECKS};

    private long flushFailuresBefore;

    /** Brackets each iteration, so that what happened to the JVM is summed over measurement only. */
    @Setup(Level.Iteration)
    public void watchIteration(final IterationParams iteration)
    {
        Measured.startIteration(iteration);
        flushFailuresBefore = FlushFailures.count();
    }

    /** @throws IllegalStateException if a flush failed: the iteration's updates were not all made durable. */
    @TearDown(Level.Iteration)
    public void endWatchedIteration()
    {
        Measured.endIteration();
        final long failed = FlushFailures.count() - flushFailuresBefore;
        if (failed > 0)
        {
            throw new IllegalStateException(failed + " flushes failed in this iteration, so its numbers are not those of"
                + " durable updates; the first since the JVM started: " + FlushFailures.first());
        }
    }

    /** Evidence, not echo: the memory the trial's states allocated from, as this JVM saw it. */
    @TearDown(Level.Trial)
    public void reportEffectiveSettings(final BenchmarkParams benchmark)
    {
        ForkContract.reportTrial(benchmark);
    }
}
