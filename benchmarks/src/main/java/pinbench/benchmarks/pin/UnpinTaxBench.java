package pinbench.benchmarks.pin;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pinbench.benchmarks.BenchDefaults;
import pinbench.idle.IdleStrategy;
import pinbench.pin.PageMap;
import pinbench.pin.UnpinHook;
import pinbench.pin.UnpinListener;

/**
 * The no-waiter tax: what the unpin path pays for being able to wake a waiter when nobody waits.
 * One operation requests and releases one folio of the thread's own region, so every release is
 * an idle edge that goes through the {@code hook} to the {@code listener}: {@code NOOP} (measures
 * the hook alone) or a wake strategy's "anyone waiting?" check. Compare with {@code hook=NONE}.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar UnpinTaxBench -p hook=STATIC_KEY -p listener=HASHED_QUEUE,PARK_SLOT}
 */
public class UnpinTaxBench extends BenchDefaults
{
    /** The page map with the chosen hook and listener. */
    @State(Scope.Benchmark)
    public static class Hooked
    {
        @Param
        public UnpinHook hook;

        /** {@code NOOP}, or a {@link IdleStrategy} name. */
        @Param("NOOP")
        public String listener;

        PageMap map;

        @Setup
        public void create(final PinMap pins)
        {
            final UnpinListener l = "NOOP".equals(listener) ? (folio, remaining) -> { }
                : IdleStrategy.valueOf(listener).create(PinMap.REGION * PinMap.REGIONS);
            map = pins.create(0, hook, l);
        }

        @TearDown
        public void close()
        {
            map.close();
        }
    }

    /** The thread's handle on the hooked map. */
    @State(Scope.Thread)
    public static class Unpinner
    {
        PageMap.Handle handle;
        int folio;

        @Setup
        public void register(final Hooked hooked, final PinThread thread)
        {
            handle = hooked.map.handle();
            folio = thread.region;
        }
    }

    @Benchmark
    public boolean requestRelease(final Unpinner unpinner)
    {
        if (unpinner.handle.request(unpinner.folio, 1))
        {
            unpinner.handle.release(unpinner.folio, 1);
            return true;
        }
        return false;
    }
}
