package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import pinbench.benchmarks.BenchDefaults;

import java.lang.invoke.VarHandle;

/**
 * The floor every table is read against: a thread-confined increment then decrement of a plain
 * field, i.e. the cost of a pin/unpin pair with no sharing and no atomics at all.
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
    public static class Confined
    {
        long count;
    }

    @Benchmark
    public void plainPair(final Confined confined)
    {
        confined.count++;
        VarHandle.storeStoreFence();
        confined.count--;
    }
}
