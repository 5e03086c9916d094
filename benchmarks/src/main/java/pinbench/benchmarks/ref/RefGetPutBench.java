package pinbench.benchmarks.ref;

import org.openjdk.jmh.annotations.Benchmark;
import pinbench.benchmarks.BenchDefaults;

/**
 * The pin/unpin hot path of a live range reference: one unconditional {@code get} and one
 * {@code put} per operation, every thread on the same count through its own handle. Compare with
 * {@code FloorBench} (the cost of a pair of plain stores) and {@code RefAlternativesBench} (what a
 * user would reach for instead) at the same thread count.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefGetPutBench -t 2 -p strategy=RCUREF -p backend=HEAP}
 */
public class RefGetPutBench extends BenchDefaults
{
    @Benchmark
    public void getPut(final RefHandle thread)
    {
        thread.handle.get();
        thread.handle.put();
    }
}
