package pinbench.benchmarks.idle;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import pinbench.idle.IdleStrategy;
import pinbench.memory.Backend;
import pinbench.pin.UnpinHook;

/** The parameters every page-idle benchmark shares; JMH reads {@code @Param} fields of superclasses. */
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
}
