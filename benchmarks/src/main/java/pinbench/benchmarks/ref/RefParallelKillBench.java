package pinbench.benchmarks.ref;

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
import org.openjdk.jmh.infra.IterationParams;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.LatencyLog;
import pinbench.benchmarks.PlacedThread;
import pinbench.benchmarks.Placement;
import pinbench.memory.Backend;
import pinbench.memory.Memory;
import pinbench.ref.RefCount;
import pinbench.ref.RefStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Kills in parallel: {@code killers} threads each kill a count of their own at the same instant,
 * as when a device with many ranges is torn down from several CPUs at once. Kills that take a
 * process-wide lock serialise here: {@code membarrier(2)}'s expedited commands hold one mutex
 * (Linux commit 944d5fe50f3f, 2024), so N membarrier kills take about N times one; a strategy that
 * shares one barrier among concurrent kills, or needs none, stays flat.
 * <p>
 * Each invocation gets fresh counts, one per killer, each used once through a handle (outside the
 * timing). The benchmark thread is killer 0; the others are plain threads owned by the state,
 * spinning on a start gate, so that all kills start within a core-to-core round trip of each other
 * whatever a fresh count costs to create. JMH's score is the mean time from opening the gate until
 * every count has released; log {@value #LOG}, tag {@code STRATEGY.BACKEND.killers=N}, holds every
 * kill's own time from the gate to its release.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefParallelKillBench -p killers=2 -p strategy=SLOTS_MEMBARRIER}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class RefParallelKillBench extends BenchDefaults
{
    /** Name of the histogram log this benchmark writes. */
    public static final String LOG = "kill_parallel";
    /** Give up on a round after this long: a count that never releases is a bug, not a sample. */
    private static final long ROUND_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SPINS_BEFORE_YIELD = 1_000;

    @State(Scope.Benchmark)
    public static class Killers
    {
        @Param
        public RefStrategy strategy;

        @Param
        public Backend backend;

        /** Threads killing a count each, at once. */
        @Param("2")
        public int killers;

        private Memory memory;
        private LatencyLog log;
        private final BarrierFallbacks fallbacks = new BarrierFallbacks();
        private RefCount[] counts;
        /** When each killer's count released ({@code System.nanoTime()}; 0: not yet). */
        private AtomicLongArray releasedAt;
        private volatile long round;
        private volatile boolean stop;
        private long opened;
        private Thread[] threads;

        @Setup(Level.Trial)
        public void startKillers(final BenchmarkParams benchmark)
        {
            if (killers < 1)
            {
                throw new IllegalArgumentException("killers must be >= 1, was " + killers);
            }
            final String what = PlacedThread.describe(benchmark);
            Placement.place(0, killers, what);
            memory = ForkContract.memory(backend);
            log = new LatencyLog(LOG, ForkContract.histogramTag(strategy.name(), backend, "killers",
                String.valueOf(killers)));
            counts = new RefCount[killers];
            releasedAt = new AtomicLongArray(killers);
            threads = new Thread[killers - 1];
            for (int i = 1; i < killers; i++)
            {
                final int index = i;
                threads[i - 1] = new Thread(() ->
                {
                    Placement.place(index, killers, what);
                    awaitRounds(index);
                }, "killer-" + i);
                threads[i - 1].setDaemon(true);
                threads[i - 1].start();
            }
        }

        private void awaitRounds(final int index)
        {
            long done = 0;
            for (int spins = 0; !stop; spins++)
            {
                if (round != done)
                {
                    done = round;
                    counts[index].kill();
                    spins = 0;
                }
                pause(spins);
            }
        }

        /** Fresh counts, each used once through a handle, before every round; the previous ones are freed. */
        @Setup(Level.Invocation)
        public void freshCounts()
        {
            for (int i = 0; i < killers; i++)
            {
                if (counts[i] != null)
                {
                    counts[i].close();
                }
                final int index = i;
                releasedAt.set(i, 0);
                counts[i] = strategy.create(memory, () -> releasedAt.set(index, System.nanoTime()));
                final RefCount.Handle handle = counts[i].handle();
                handle.get();
                handle.put();
            }
        }

        /** Each kill's time from the gate to its release (outside the timing). */
        @TearDown(Level.Invocation)
        public void file()
        {
            for (int i = 0; i < killers; i++)
            {
                log.record(releasedAt.get(i) - opened);
            }
        }

        @Setup(Level.Iteration)
        public void startIteration(final IterationParams iteration)
        {
            log.startIteration(iteration);
        }

        @TearDown(Level.Iteration)
        public void endIteration()
        {
            log.endIteration();
            fallbacks.requireNoneSinceLastCheck(strategy);
        }

        @TearDown(Level.Trial)
        public void stopKillers() throws InterruptedException
        {
            log.close();
            stop = true;
            for (final Thread thread : threads)
            {
                thread.join();
            }
            for (final RefCount count : counts)
            {
                count.close();
            }
        }
    }

    @Benchmark
    public void killAtOnce(final Killers k)
    {
        k.opened = System.nanoTime();
        k.round = k.round + 1; // only this thread writes it: opens the gate for the other killers
        k.counts[0].kill();
        final long deadline = k.opened + ROUND_TIMEOUT_NANOS;
        int spins = 0;
        for (int i = 0; i < k.killers; i++)
        {
            while (k.releasedAt.get(i) == 0)
            {
                if (System.nanoTime() - deadline > 0)
                {
                    throw new IllegalStateException("count " + i + " of " + k.killers + " did not release within 10 s"
                        + " of the gate: " + k.counts[i]);
                }
                pause(spins++);
            }
        }
    }

    /** Spins, then yields: with more killers than CPUs the thread being waited for needs this one's CPU. */
    private static void pause(final int spins)
    {
        if (spins < SPINS_BEFORE_YIELD)
        {
            Thread.onSpinWait();
        }
        else
        {
            Thread.yield();
        }
    }
}
