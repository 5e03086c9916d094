package pinbench.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.function.LongSupplier;

/**
 * The CAS retries of a benchmark thread's handle in each iteration, as the JMH secondary metric
 * {@code casRetries} (an event count, summed over threads; the runner divides it by JMH's measured
 * operations). The thread's handle state registers its handle's counter with {@link #track}; the
 * counter is read at the iteration's edges only, so the hot path pays nothing but the strategy's
 * own increment on a lost race.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.EVENTS)
public class CasRetries
{
    private static final ThreadLocal<LongSupplier> TRACKED = new ThreadLocal<>();

    /** Retries during this iteration; JMH reads it after the iteration's teardown. */
    public long casRetries;
    private long atStart;

    /** Called by a thread's handle state when it takes its handle: the counter to report. */
    public static void track(final LongSupplier retries)
    {
        TRACKED.set(retries);
    }

    @Setup(Level.Iteration)
    public void start()
    {
        casRetries = 0;
        atStart = tracked();
    }

    @TearDown(Level.Iteration)
    public void end()
    {
        casRetries = tracked() - atStart;
    }

    private static long tracked()
    {
        final LongSupplier retries = TRACKED.get();
        if (retries == null)
        {
            throw new IllegalStateException("CasRetries needs a handle state on " + Thread.currentThread().getName()
                + " that calls CasRetries.track");
        }
        return retries.getAsLong();
    }
}
