package pinbench.benchmarks.ref;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pinbench.benchmarks.ForkContract;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.ref.RefCount;
import pinbench.ref.RefStrategy;

/**
 * One live count shared by all benchmark threads, never killed. Both parameters are enums with no
 * values listed, so JMH runs every catalog entry and every backend unless {@code -p} narrows it.
 */
@State(Scope.Benchmark)
public class LiveRef
{
    @Param
    public RefStrategy strategy;

    @Param
    public Backend backend;

    /** {@code FLUSH} writes each update back (file and device backends only). */
    @Param("NONE")
    public Durability durability;

    RefCount ref;

    @Setup
    public void create()
    {
        ref = strategy.create(ForkContract.memory(backend, durability), () ->
        {
            throw new IllegalStateException("a count that is never killed was released");
        });
    }

    @TearDown
    public void close()
    {
        ref.close();
    }
}
