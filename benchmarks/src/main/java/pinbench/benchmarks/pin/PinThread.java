package pinbench.benchmarks.pin;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;
import pinbench.benchmarks.CasRetries;
import pinbench.benchmarks.PlacedThread;
import pinbench.pin.PageMap;

/** A benchmark thread's handle and the first folio of its own region, on its own CPU. */
@State(Scope.Thread)
public class PinThread extends PlacedThread
{
    PageMap.Handle handle;
    int region;

    @Setup
    public void register(final PinMap pins, final ThreadParams thread)
    {
        handle = pins.map.handle();
        CasRetries.track(handle::casRetries);
        region = PinMap.regionOf(thread.getThreadIndex());
    }

    @TearDown
    public void close()
    {
        handle.close();
    }
}
