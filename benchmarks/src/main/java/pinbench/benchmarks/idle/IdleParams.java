package pinbench.benchmarks.idle;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.LatencyLog;
import pinbench.idle.IdleStrategy;
import pinbench.memory.Backend;
import pinbench.pin.UnpinHook;

/**
 * What every page-idle benchmark shares: its parameters (JMH reads {@code @Param} fields of
 * superclasses) and its latency log, tagged {@code STRATEGY.BACKEND}, kept for measurement
 * iterations only.
 */
@State(Scope.Thread)
public abstract class IdleParams
{
    @Param
    public IdleStrategy strategy;

    /** How the unpin path reaches the waiter: the static key is how the kernel does it. */
    @Param("STATIC_KEY")
    public UnpinHook hook;

    @Param("TMPFS")
    public Backend backend;

    /** Every operation's latency, in ns. */
    LatencyLog log;

    /** The name of the benchmark's histogram log. */
    abstract String logName();

    @Setup(Level.Trial)
    public void openLog()
    {
        log = new LatencyLog(logName(), ForkContract.histogramTag(strategy.name(), backend));
    }

    @Setup(Level.Iteration)
    public void startIteration(final IterationParams iteration)
    {
        log.startIteration(iteration);
    }

    @TearDown(Level.Iteration)
    public void endIteration()
    {
        log.endIteration();
    }

    @TearDown(Level.Trial)
    public void closeLog()
    {
        log.close();
    }
}
