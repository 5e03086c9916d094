package pinbench.benchmarks.ref;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pinbench.benchmarks.CasRetries;
import pinbench.benchmarks.PlacedThread;
import pinbench.ref.RefCount;

/** Each benchmark thread's handle on the shared {@link LiveRef}, registered once per trial, on its own CPU. */
@State(Scope.Thread)
public class RefHandle extends PlacedThread
{
    RefCount.Handle handle;

    @Setup
    public void register(final LiveRef live)
    {
        handle = live.ref.handle();
        CasRetries.track(handle::casRetries);
    }

    @TearDown
    public void close()
    {
        handle.close();
    }
}
