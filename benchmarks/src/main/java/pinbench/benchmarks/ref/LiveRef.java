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

import java.util.ArrayList;
import java.util.List;

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

    /** The parameter below, for the runner's tables. */
    public static final String IDLE_HANDLES = "idleHandles";

    /** Handles registered before the benchmark threads' own, each used once and then left idle. */
    @Param("0")
    public int idleHandles;

    RefCount ref;
    private final List<RefCount.Handle> idle = new ArrayList<>();

    @Setup
    public void create()
    {
        if (idleHandles < 0)
        {
            throw new IllegalArgumentException(IDLE_HANDLES + " must be >= 0, was " + idleHandles);
        }
        ref = strategy.create(ForkContract.memory(backend, durability), () ->
        {
            throw new IllegalStateException("a count that is never killed was released");
        });
        for (int i = 0; i < idleHandles; i++)
        {
            final RefCount.Handle h = ref.handle();
            h.get();
            h.put();
            idle.add(h);
        }
    }

    @TearDown
    public void close()
    {
        idle.forEach(RefCount.Handle::close);
        ref.close();
    }
}
