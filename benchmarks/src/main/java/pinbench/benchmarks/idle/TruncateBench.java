package pinbench.benchmarks.idle;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.PlacedThread;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Truncate of a range: scan {@code folios} folios for busy ones and wait until each is idle, while
 * a DMA-like holder keeps {@code pinned} random folios pinned for random hold times (uniform up to
 * {@code maxHoldMicros}) and unpins them one by one. One operation is the whole truncate; it ends
 * after the longest hold plus the wakeup of the last waiter, so strategies differ by how fast and
 * how cheaply they follow the unpins. Pins are taken in a per-invocation setup, outside the timing;
 * hold times run from then. Every truncate is recorded into an HdrHistogram (log {@value #LOG},
 * tag {@code STRATEGY.BACKEND}; measurement iterations only), which the tables read.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar TruncateBench -p strategy=HASHED_QUEUE,SPIN}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class TruncateBench extends BenchDefaults
{
    /** Name of the histogram log this benchmark writes. */
    public static final String LOG = "truncate";

    @State(Scope.Thread)
    public static class Range extends IdleParams
    {
        @Param("512")
        public int folios;

        @Param("16")
        public int pinned;

        @Param("100")
        public int maxHoldMicros;

        IdleRig rig;
        private final SplittableRandom random = new SplittableRandom(42);

        @Setup(Level.Trial)
        public void start(final BenchmarkParams benchmark)
        {
            if (pinned < 0 || pinned > folios)
            {
                throw new IllegalArgumentException("pinned must be 0.." + folios + ", was " + pinned);
            }
            rig = new IdleRig(strategy, hook, backend, folios, PlacedThread.describe(benchmark));
        }

        @Override
        String logName()
        {
            return LOG;
        }

        /** Pins random folios and gives the holder their release times. */
        @Setup(Level.Invocation)
        public void pin()
        {
            rig.awaitHelperIdle();
            final int[] chosen = random.ints(0, folios).distinct().limit(pinned).toArray();
            final long now = System.nanoTime();
            final long[] releaseAt = new long[chosen.length];
            for (int i = 0; i < chosen.length; i++)
            {
                if (!rig.handle.pinForDma(chosen[i]))
                {
                    throw new IllegalStateException("the page map refused a DMA pin");
                }
                releaseAt[i] = now + random.nextLong(TimeUnit.MICROSECONDS.toNanos(maxHoldMicros) + 1);
            }
            final Integer[] order = new Integer[chosen.length];
            Arrays.setAll(order, i -> i);
            Arrays.sort(order, (a, b) -> Long.compare(releaseAt[a], releaseAt[b]));
            rig.submit(holder ->
            {
                for (final int i : order)
                {
                    IdleRig.spinUntil(releaseAt[i]);
                    holder.unpinForDma(chosen[i]);
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop()
        {
            rig.awaitHelperIdle();
            rig.close();
        }
    }

    @Benchmark
    public void truncate(final Range range) throws InterruptedException
    {
        final long start = System.nanoTime();
        for (int folio = 0; folio < range.folios; folio++)
        {
            if (!range.rig.map.isIdle(folio))
            {
                range.rig.waiter.awaitIdle(range.rig.map::isIdle, folio);
            }
        }
        range.log.record(System.nanoTime() - start);
    }
}
