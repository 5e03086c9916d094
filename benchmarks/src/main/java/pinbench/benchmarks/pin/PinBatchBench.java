package pinbench.benchmarks.pin;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.CasRetries;

/**
 * {@code pgmap_request_folios} then release, on a batch of contiguous 4 KiB folios: one operation
 * is a whole request+release of {@code batch} folios, each crossing its idle edge both ways (so
 * each takes and drops a range reference). Divide by {@code batch} for the per-folio cost.
 * {@code sharing=DISJOINT} gives each thread its own 2 MiB region; {@code SHARED} puts every thread
 * on the same folios, so the counts' lines bounce and only the first request crosses the edge.
 * CAS-based paths count the races they lost: secondary metric {@code casRetries} ({@link CasRetries}).
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PinBatchBench -p batch=512 -p strategy=XADD_BATCH -t 2 -p sharing=SHARED}
 */
public class PinBatchBench extends BenchDefaults
{
    /** Which folios the threads pin. */
    public enum Sharing
    {
        DISJOINT, SHARED
    }

    @State(Scope.Benchmark)
    public static class Batch
    {
        @Param({"1", "16", "512"})
        public int batch;

        @Param("DISJOINT")
        public Sharing sharing;
    }

    @Benchmark
    public boolean requestRelease(final PinThread thread, final Batch batch, final CasRetries retries)
    {
        final int first = batch.sharing == Sharing.DISJOINT ? thread.region : 0;
        if (thread.handle.request(first, batch.batch))
        {
            thread.handle.release(first, batch.batch);
            return true;
        }
        return false;
    }
}
