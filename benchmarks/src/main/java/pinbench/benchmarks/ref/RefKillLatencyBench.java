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
 * Kill-to-release latency: how long teardown waits from {@code kill()} until the release callback
 * has run, while {@code pinners} background threads keep taking and dropping references
 * ({@code tryGetLive} + {@code put}) on the same count. The kernel pays an RCU grace period here
 * (milliseconds); the strategies pay a handshake, a membarrier, or nothing.
 * <p>
 * Each invocation gets a fresh count (created in a per-invocation setup, outside the timing) that
 * every pinner has already used. The benchmark thread is the only JMH thread; pinners are plain
 * threads owned by the state, so their number is a parameter, not {@code -t}. Every kill is
 * recorded into an HdrHistogram (log {@value #LOG}, tag {@code STRATEGY.BACKEND.pinners=N};
 * measurement iterations only), which gives the tables their distribution; JMH's own score is the
 * mean, so JMH does not keep a second copy of the samples.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefKillLatencyBench -p pinners=2 -p strategy=SLOTS_MEMBARRIER}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class RefKillLatencyBench extends BenchDefaults
{
    /** Name of the histogram log this benchmark writes. */
    public static final String LOG = "kill";
    /** Give up on a release after this long: a count that never releases is a bug, not a sample. */
    private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SPINS_BEFORE_YIELD = 1_000;

    /** One count and the flag its release callback sets. */
    static final class Generation
    {
        final long number;
        final RefCount ref;
        volatile boolean released;

        Generation(final long number, final RefStrategy strategy, final Memory memory)
        {
            this.number = number;
            this.ref = strategy.create(memory, () -> released = true);
        }
    }

    @State(Scope.Benchmark)
    public static class Teardown
    {
        @Param
        public RefStrategy strategy;

        @Param
        public Backend backend;

        /** Threads pinning the count while it is killed. */
        @Param("1")
        public int pinners;

        private Memory memory;
        private LatencyLog log;
        private volatile Generation current;
        private volatile boolean stop;
        private AtomicLongArray seen;
        private Thread[] threads;
        private long generations;

        @Setup(Level.Trial)
        public void startPinners(final BenchmarkParams benchmark)
        {
            final String what = PlacedThread.describe(benchmark);
            Placement.place(0, 1 + pinners, what); // the killing thread, JMH's only one
            if (pinners < 0)
            {
                throw new IllegalArgumentException("pinners must be >= 0, was " + pinners);
            }
            memory = ForkContract.memory(backend);
            log = new LatencyLog(LOG, ForkContract.histogramTag(strategy.name(), backend, "pinners",
                String.valueOf(pinners)));
            current = new Generation(++generations, strategy, memory);
            seen = new AtomicLongArray(pinners);
            threads = new Thread[pinners];
            for (int i = 0; i < pinners; i++)
            {
                final int index = i;
                threads[i] = new Thread(() ->
                {
                    Placement.place(1 + index, 1 + pinners, what);
                    pin(index);
                }, "pinner-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        private void pin(final int index)
        {
            Generation mine = null;
            RefCount.Handle handle = null;
            while (!stop)
            {
                final Generation g = current;
                if (g != mine)
                {
                    mine = g;
                    handle = g.ref.handle();
                }
                if (handle.tryGetLive())
                {
                    handle.put();
                }
                seen.lazySet(index, g.number); // after this, the previous generation is never touched
            }
        }

        /** A fresh live count, in use by every pinner, before each kill; the old one is freed. */
        @Setup(Level.Invocation)
        public void freshCount()
        {
            final Generation old = current;
            final Generation next = new Generation(++generations, strategy, memory);
            current = next;
            for (int i = 0; i < pinners; i++)
            {
                while (seen.get(i) != next.number)
                {
                    Thread.yield(); // pinners may outnumber CPUs
                }
            }
            old.ref.close();
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
        }

        @TearDown(Level.Trial)
        public void stopPinners() throws InterruptedException
        {
            log.close();
            stop = true;
            for (final Thread thread : threads)
            {
                thread.join();
            }
            current.ref.close();
        }
    }

    @Benchmark
    public void killToRelease(final Teardown teardown)
    {
        final Generation g = teardown.current;
        final long start = System.nanoTime();
        g.ref.kill();
        if (!g.released)
        {
            awaitRelease(g);
        }
        teardown.log.record(System.nanoTime() - start);
    }

    private static void awaitRelease(final Generation g)
    {
        final long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
        for (int spins = 0; !g.released; spins++)
        {
            if (spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("release did not run within 10 s of kill: " + g.ref);
            }
            else
            {
                Thread.yield(); // the last holder may be a descheduled pinner: give it the CPU
            }
        }
    }
}
