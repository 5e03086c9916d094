package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.PlacedThread;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The floors every table is read against, measured in the same run: a thread-confined increment
 * then decrement of a plain field (a pin/unpin pair with no sharing and no atomics at all), and the
 * same pair as two uncontended atomic adds on the thread's own padded word (what any atomic
 * counter pays even when nobody else touches its line).
 * <p>
 * C2 folds a bare {@code x++; x--} into nothing, even through a Blackhole. The
 * {@code storeStoreFence} between them emits no instruction on x86 but is a compiler barrier, so
 * both stores stay. Read the floor as "what two stores to an L1-resident line cost here".
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FloorBench -t 2}
 */
public class FloorBench extends BenchDefaults
{
    /** Per-thread counter; JMH pads state objects, so threads do not share its line. */
    @State(Scope.Thread)
    public static class Confined extends PlacedThread
    {
        long count;
    }

    /** Per-thread atomic word; JMH pads state objects, so it is alone on its line. */
    @State(Scope.Thread)
    public static class ConfinedAtomic extends PlacedThread
    {
        final AtomicLong count = new AtomicLong();
    }

    @Benchmark
    public void plainPair(final Confined confined)
    {
        confined.count++;
        VarHandle.storeStoreFence();
        confined.count--;
    }

    @Benchmark
    public void xaddPair(final ConfinedAtomic confined)
    {
        confined.count.getAndAdd(1);
        confined.count.getAndAdd(-1);
    }
}
