package pinbench.benchmarks.ref;

import org.openjdk.jmh.annotations.Benchmark;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.CasRetries;

/**
 * The conditional pin path ({@code percpu_ref_tryget_live} then {@code put}) on a live count:
 * what a request pays when it must not pin a range that is being torn down. Every attempt
 * succeeds here (the count is never killed); the returned flag keeps the check from being folded.
 * Strategies that CAS on this path (CAS_LOOP) count their lost races: secondary metric
 * {@code casRetries} ({@link CasRetries}).
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefTryGetPutBench -t 2 -p backend=TMPFS}
 */
public class RefTryGetPutBench extends BenchDefaults
{
    @Benchmark
    public boolean tryGetLivePut(final RefHandle thread, final CasRetries retries)
    {
        if (thread.handle.tryGetLive())
        {
            thread.handle.put();
            return true;
        }
        return false;
    }
}
