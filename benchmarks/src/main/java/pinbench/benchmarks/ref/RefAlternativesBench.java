package pinbench.benchmarks.ref;

import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.PlacedThread;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The same get+put pair as {@link RefGetPutBench}, on what a Java programmer would use instead of a
 * purpose-built count: {@link AtomicLong}, {@link LongAdder}, and Netty's
 * {@link AbstractReferenceCounted} (retain/release). All on the heap, shared by every thread; none
 * of them can refuse new references once teardown starts, which is what the strategies add.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefAlternativesBench -t 2}
 */
public class RefAlternativesBench extends BenchDefaults
{
    /** The shared counters; JMH pads state objects, so they do not share a line with others. */
    @State(Scope.Benchmark)
    public static class Shared
    {
        final AtomicLong atomicLong = new AtomicLong(1);
        final LongAdder longAdder = new LongAdder();
        final NettyCounted netty = new NettyCounted();
    }

    /** Netty's even/odd-encoded reference count; the initial reference keeps it above zero. */
    static final class NettyCounted extends AbstractReferenceCounted
    {
        @Override
        protected void deallocate()
        {
            throw new IllegalStateException("the initial reference is never released");
        }

        @Override
        public ReferenceCounted touch(final Object hint)
        {
            return this;
        }
    }

    @Benchmark
    public void atomicLong(final Shared shared, final PlacedThread placed)
    {
        shared.atomicLong.incrementAndGet();
        shared.atomicLong.decrementAndGet();
    }

    @Benchmark
    public void longAdder(final Shared shared, final PlacedThread placed)
    {
        shared.longAdder.increment();
        shared.longAdder.decrement();
    }

    @Benchmark
    public void netty(final Shared shared, final PlacedThread placed)
    {
        shared.netty.retain();
        shared.netty.release();
    }
}
