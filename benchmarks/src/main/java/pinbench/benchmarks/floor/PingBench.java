package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Control;
import org.openjdk.jmh.infra.IterationParams;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.LatencyLog;
import pinbench.benchmarks.PaddedLong;
import pinbench.benchmarks.PlacedThread;
import pinbench.sys.LibC;

/**
 * The distribution under every two-thread latency: two threads, placed on the two CPUs the latency
 * benchmarks' waiter and helper use, hand one cache line back and forth as {@link CoreToCoreBench}
 * does, and the pinging thread times every round trip into an HdrHistogram (log {@value #LOG},
 * tag {@code cpuA.cpuB}: the pinging and the answering thread's CPUs). Its median is two line
 * transfers; its tail is every time one of the two CPUs was taken away in the middle of a round trip.
 * A wakeup whose tail sits at this one's is the machine's, not the mechanism's. The two
 * {@code nanoTime} reads per round trip are in the samples; {@link CoreToCoreBench} gives the mean
 * without them.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar PingBench -jvmArgsPrepend -Dpinbench.sideDir=/tmp/h}
 */
public class PingBench extends BenchDefaults
{
    /** Name of the histogram log. */
    public static final String LOG = "ping";

    /** The word both threads write, alone on its pair of cache lines, and where the answering thread runs. */
    @State(Scope.Group)
    public static class Line extends PaddedLong
    {
        volatile int answerCpu = -1;
    }

    /** The pinging thread: its round trips. */
    @State(Scope.Thread)
    public static class Pinger extends PlacedThread
    {
        LatencyLog log;

        @Setup(Level.Iteration)
        public void startIteration(final Line line, final IterationParams iteration)
        {
            if (log == null) // every trial setup has run by now, the answering thread's too
            {
                log = new LatencyLog(LOG, CoreToCoreMatrixBench.tag(cpu(), line.answerCpu));
            }
            log.startIteration(iteration);
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

    /** The answering thread: says where it runs. */
    @State(Scope.Thread)
    public static class Answerer extends PlacedThread
    {
        @Setup(Level.Trial)
        public void tell(final Line line)
        {
            line.answerCpu = cpu();
        }
    }

    private static int cpu()
    {
        return LibC.problem() == null ? LibC.calls().sched_getcpu() : -1;
    }

    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void ping(final Line line, final Control control, final Pinger pinger)
    {
        final long start = System.nanoTime();
        if (CoreToCoreBench.sendAndAwait(line, control))
        {
            pinger.log.record(System.nanoTime() - start);
        }
    }

    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void pong(final Line line, final Control control, final Answerer answerer)
    {
        CoreToCoreBench.answer(line, control);
    }
}
