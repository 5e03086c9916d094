package pinbench.benchmarks.ref;

import org.openjdk.jmh.annotations.Benchmark;
import pinbench.benchmarks.BenchDefaults;

/**
 * The conditional pin path ({@code percpu_ref_tryget_live} then {@code put}) on a live count:
 * what a request pays when it must not pin a range that is being torn down. Every attempt
 * succeeds here (the count is never killed); the returned flag keeps the check from being folded.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefTryGetPutBench -t 2 -p backend=TMPFS}
 */
public class RefTryGetPutBench extends BenchDefaults
{
    @Benchmark
    public boolean tryGetLivePut(final RefHandle thread)
    {
        if (thread.handle.tryGetLive())
        {
            thread.handle.put();
            return true;
        }
        return false;
    }
}
