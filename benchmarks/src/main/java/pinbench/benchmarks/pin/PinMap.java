package pinbench.benchmarks.pin;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pinbench.benchmarks.ForkContract;
import pinbench.memory.Backend;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.pin.UnpinListener;
import pinbench.ref.RefStrategy;

/**
 * A live page map shared by all benchmark threads: {@link #REGION} folios per possible thread, so
 * threads can work on disjoint regions. Never killed.
 */
@State(Scope.Benchmark)
public class PinMap
{
    /** Folios in one thread's region: 2 MiB of 4 KiB pages. */
    public static final int REGION = 512;
    /** Regions, one per thread up to this many threads; more threads share. */
    public static final int REGIONS = 8;

    /** The first folio of a benchmark thread's own region. */
    public static int regionOf(final int threadIndex)
    {
        return (threadIndex % REGIONS) * REGION;
    }

    @Param
    public PinStrategy strategy;

    @Param("ZERO")
    public IdleAt idleAt;

    /** The range reference (family 1) the page map composes. */
    @Param("SLOTS_MEMBARRIER")
    public RefStrategy range;

    @Param("TMPFS")
    public Backend backend;

    PageMap map;

    /** Builds the map; subclasses of the benchmark may install a hook. */
    PageMap create(final int order, final UnpinHook hook, final UnpinListener listener)
    {
        final PinConfig config = PinConfig.of(REGION * REGIONS >> order, order, idleAt, range,
            ForkContract.memory(backend), () ->
            {
                throw new IllegalStateException("a page map that is never killed released its range");
            });
        return strategy.create(config.withHook(hook, listener));
    }

    @Setup
    public void create()
    {
        map = create(0, UnpinHook.NONE, UnpinListener.NONE);
    }

    @TearDown
    public void close()
    {
        map.close();
    }
}
