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
import pinbench.benchmarks.LatencyLog;
import pinbench.benchmarks.PlacedThread;

import java.util.concurrent.TimeUnit;

/**
 * Wakeup latency: from the last unpin of a busy folio to the waiting truncate running again. Each
 * operation pins a folio, asks the helper thread to drop that pin {@code delayMicros} later (long
 * enough for a parking waiter to be really parked), and waits with the chosen strategy. The
 * helper stamps {@code System.nanoTime()} just before its unpin; the waiter stamps it on return and
 * records the difference in its own HdrHistogram. The latency distribution is in the
 * {@code .hlog}/{@code .hgrm} files (see {@link LatencyLog}); JMH's own score is the whole round,
 * delay included.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar WakeLatencyBench -p strategy=PARK_SLOT -jvmArgsPrepend -Dpinbench.sideDir=/tmp/h}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class WakeLatencyBench extends BenchDefaults
{
    /** Name of the histogram log this benchmark writes (tags: STRATEGY.BACKEND). */
    public static final String LOG = "wakeup";
    private static final int FOLIO = 0;

    @State(Scope.Thread)
    public static class Wake extends IdleParams
    {
        /** Time between the waiter starting to wait and the last unpin. */
        @Param("20")
        public int delayMicros;

        IdleRig rig;
        volatile long unpinnedAt;

        @Override
        String logName()
        {
            return LOG;
        }

        @Setup(Level.Trial)
        public void start(final BenchmarkParams benchmark)
        {
            rig = new IdleRig(strategy, hook, backend, 1, PlacedThread.describe(benchmark));
        }

        @TearDown(Level.Trial)
        public void stop()
        {
            rig.close();
        }
    }

    @Benchmark
    public void lastUnpinToWaiter(final Wake w) throws InterruptedException
    {
        if (!w.rig.handle.request(FOLIO, 1))
        {
            throw new IllegalStateException("the page map refused a request");
        }
        final long unpinAt = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(w.delayMicros);
        w.rig.submit(helper ->
        {
            IdleRig.spinUntil(unpinAt);
            w.unpinnedAt = System.nanoTime();
            helper.put(FOLIO);
        });
        w.rig.waiter.awaitIdle(w.rig.map::isIdle, FOLIO);
        final long woke = System.nanoTime();
        w.log.record(woke - w.unpinnedAt); // the idle count was read after the helper wrote unpinnedAt
        w.rig.awaitHelperIdle();
    }
}
