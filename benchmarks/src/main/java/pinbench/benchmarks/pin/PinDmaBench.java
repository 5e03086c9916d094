package pinbench.benchmarks.pin;

import org.openjdk.jmh.annotations.Benchmark;
import pinbench.benchmarks.BenchDefaults;

/**
 * A DMA pin and unpin of one folio ({@code pin_user_pages}: +1024 and back), then the
 * {@code maybeDmaPinned} test a filesystem makes before it lets a page go. Each thread pins a
 * folio of its own region.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PinDmaBench -t 2 -p idleAt=ONE}
 */
public class PinDmaBench extends BenchDefaults
{
    @Benchmark
    public boolean dmaPinUnpin(final PinThread thread, final PinMap pins)
    {
        if (thread.handle.pinForDma(thread.region))
        {
            thread.handle.unpinForDma(thread.region);
        }
        return pins.map.maybeDmaPinned(thread.region);
    }
}
