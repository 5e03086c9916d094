package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.PaddedLong;
import pinbench.benchmarks.PlacedThread;

import java.lang.invoke.VarHandle;

/**
 * The floors every table is read against, measured in the same run: a thread-confined increment
 * then decrement of a plain field (a pin/unpin pair with no sharing and no atomics at all), and the
 * same pair as two uncontended atomic adds on that word (what any atomic counter pays even when
 * nobody else touches its line). Each thread's word is a {@link PaddedLong}: no other word shares
 * its pair of cache lines.
 * <p>
 * C2 folds a bare {@code x++; x--} into nothing, even through a Blackhole. The
 * {@code storeStoreFence} between them emits no instruction on x86 but is a compiler barrier, so
 * both stores stay. Read the floor as "what two stores to an L1-resident line cost here".
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FloorBench -t 2}
 */
public class FloorBench extends BenchDefaults
{
    /** Per-thread counter, alone on its pair of cache lines (see {@link PaddedLong}). */
    @State(Scope.Thread)
    public static class Confined extends PaddedLong
    {
    }

    @Benchmark
    public void plainPair(final Confined confined, final PlacedThread placed)
    {
        confined.incrementPlain();
        VarHandle.storeStoreFence();
        confined.decrementPlain();
    }

    @Benchmark
    public void xaddPair(final Confined confined, final PlacedThread placed)
    {
        confined.getAndAdd(1);
        confined.getAndAdd(-1);
    }
}
