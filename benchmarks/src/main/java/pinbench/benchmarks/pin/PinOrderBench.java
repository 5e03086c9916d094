package pinbench.benchmarks.pin;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pinbench.benchmarks.BenchDefaults;
import pinbench.pin.PageMap;
import pinbench.pin.UnpinHook;
import pinbench.pin.UnpinListener;

/**
 * The same 2 MiB pinned two ways: as 512 base-page folios (order 0: 512 counts, 512 idle edges) or
 * as one compound folio (order 9: one count, one edge). One operation pins and unpins the 2 MiB.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PinOrderBench -p order=0,9 -p strategy=XADD_BATCH}
 */
public class PinOrderBench extends BenchDefaults
{
    /** A map of the chosen order; each thread pins its own 2 MiB. */
    @State(Scope.Benchmark)
    public static class Folios
    {
        @Param({"0", "9"})
        public int order;

        PageMap map;
        int folios;

        @Setup
        public void create(final PinMap pins)
        {
            map = pins.create(order, UnpinHook.NONE, UnpinListener.NONE);
            folios = PinMap.REGION >> order;
        }

        @TearDown
        public void close()
        {
            map.close();
        }
    }

    /** The thread's handle on the map of the chosen order. */
    @State(Scope.Thread)
    public static class Pinner
    {
        PageMap.Handle handle;
        int first;

        @Setup
        public void register(final Folios folios, final PinThread thread)
        {
            handle = folios.map.handle();
            first = thread.region >> folios.map.order();
        }
    }

    @Benchmark
    public boolean pin2MiB(final Pinner pinner, final Folios folios)
    {
        if (pinner.handle.request(pinner.first, folios.folios))
        {
            pinner.handle.release(pinner.first, folios.folios);
            return true;
        }
        return false;
    }
}
