package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Control;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.PaddedLong;
import pinbench.benchmarks.PlacedThread;

/**
 * Core-to-core latency, the floor of anything shared: two threads hand one cache line back and
 * forth (as the well-known core-to-core latency tools do). {@code ping} writes an odd value and
 * waits for {@code pong} to answer with the next even one; one operation is one round trip, two
 * line transfers. Spin waits give up when JMH stops the measurement (JMHSample_18_Control), so an
 * unpaired thread never hangs the run. Meaningful only when the two threads run on different CPUs.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar CoreToCoreBench}
 */
public class CoreToCoreBench extends BenchDefaults
{
    /** The word both threads write, alone on its pair of cache lines (see {@link PaddedLong}). */
    @State(Scope.Group)
    public static class Line extends PaddedLong
    {
    }

    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void ping(final Line line, final Control control, final PlacedThread placed)
    {
        sendAndAwait(line, control);
    }

    @Benchmark
    @Group("roundTrip")
    @GroupThreads(1)
    public void pong(final Line line, final Control control, final PlacedThread placed)
    {
        answer(line, control);
    }

    /**
     * One round trip from the pinging side: writes the next odd value and spins until the other
     * thread answered. {@code false} when there was nothing to send or the measurement stopped first.
     */
    static boolean sendAndAwait(final PaddedLong line, final Control control)
    {
        final long v = line.getVolatile();
        if ((v & 1) != 0)
        {
            return false;
        }
        line.setVolatile(v + 1);
        while (line.getVolatile() == v + 1)
        {
            if (control.stopMeasurement)
            {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    /** The answering side: waits for an odd value and answers with the next even one. */
    static void answer(final PaddedLong line, final Control control)
    {
        long v;
        while (((v = line.getVolatile()) & 1) == 0 && !control.stopMeasurement)
        {
            Thread.onSpinWait();
        }
        if ((v & 1) == 1)
        {
            line.setVolatile(v + 1);
        }
    }
}
