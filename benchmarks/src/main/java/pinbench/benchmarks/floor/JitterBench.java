package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.LatencyLog;
import pinbench.benchmarks.PlacedThread;
import pinbench.sys.LibC;

/**
 * The machine's own jitter, the floor under every latency tail: each thread, placed on a CPU of its
 * own as the latency benchmarks' threads are, does nothing but read {@code System.nanoTime()} and
 * records every gap between two reads longer than {@link #GAP_NANOS} (as jHiccup and sysjitter do):
 * each is time the thread wanted the CPU and did not run (an interrupt, a preemption, the
 * hypervisor). Run at the latency benchmarks' thread count, it shows what their p99 would be if the
 * mechanism cost nothing. Histogram log {@value #LOG}, tagged {@code cpuN} by the CPU the thread was
 * placed on; JMH's own score (ns per read) is not the result.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar JitterBench -t 2 -jvmArgsPrepend -Dpinbench.sideDir=/tmp/h}
 */
public class JitterBench extends BenchDefaults
{
    /** Name of the histogram log. */
    public static final String LOG = "jitter";
    /** A gap shorter than this is the loop itself (a nanoTime read is ~20 ns here), not jitter. */
    static final long GAP_NANOS = 1_000;

    /** One thread's last read and its gaps. */
    @State(Scope.Thread)
    public static class Gaps extends PlacedThread
    {
        LatencyLog log;
        long last;

        @Setup(Level.Trial)
        public void open(final ThreadParams thread, final BenchmarkParams benchmark)
        {
            // the superclass placed this thread already: tag its gaps with the CPU it runs on
            log = new LatencyLog(LOG, LibC.problem() == null ? "cpu" + LibC.calls().sched_getcpu()
                : "thread" + thread.getThreadIndex());
        }

        @Setup(Level.Iteration)
        public void startIteration(final IterationParams iteration)
        {
            log.startIteration(iteration);
            last = 0;
        }

        @TearDown(Level.Iteration)
        public void endIteration()
        {
            log.endIteration();
        }

        @TearDown(Level.Trial)
        public void close()
        {
            log.close();
        }
    }

    @Benchmark
    public long gap(final Gaps g)
    {
        final long now = System.nanoTime();
        final long gap = now - g.last;
        if (g.last != 0 && gap > GAP_NANOS)
        {
            g.log.record(gap);
        }
        g.last = now;
        return now;
    }
}
