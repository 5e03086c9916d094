package pinbench.benchmarks.ref;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import pinbench.ref.RefCount;

/** Each benchmark thread's handle on the shared {@link LiveRef}, registered once per trial. */
@State(Scope.Thread)
public class RefHandle
{
    RefCount.Handle handle;

    @Setup
    public void register(final LiveRef live)
    {
        handle = live.ref.handle();
    }
}
