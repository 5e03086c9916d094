package pinbench.ref;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A process-wide barrier (a {@code membarrier(2)} call, a safepoint) shared by concurrent callers,
 * as RCU shares expedited grace periods: a caller only needs some barrier that began after its own
 * earlier stores, so callers that arrive while one is running wait for the next one and ride on it
 * instead of each running their own. Barriers run one at a time, numbered in order; N callers
 * arriving together cause at most two. The barrier itself usually serialises anyway (the kernel's
 * membarrier mutex, HotSpot's VM thread), so sharing turns N back-to-back barriers into two.
 */
final class SharedBarrier
{
    private static final int SPINS_BEFORE_YIELD = 256;

    private final Runnable barrier;
    /** Barriers begun; only the holder of {@link #gate} counts up, just before it runs one. */
    private final AtomicLong started = new AtomicLong();
    /** The number of the last barrier that completed. */
    private volatile long finished;
    /** Held by the one thread running the barrier. */
    private final AtomicBoolean gate = new AtomicBoolean();

    SharedBarrier(final Runnable barrier)
    {
        this.barrier = barrier;
    }

    /**
     * Returns once a barrier that began after the caller's earlier stores has completed: one
     * numbered above what {@code started} reads here, since that read is ordered after them.
     */
    void await()
    {
        final long before = started.get();
        for (int spins = 0; finished <= before; spins++)
        {
            if (gate.compareAndSet(false, true))
            {
                try
                {
                    if (finished <= before)
                    {
                        final long number = started.incrementAndGet();
                        barrier.run();
                        finished = number;
                    }
                }
                finally
                {
                    gate.set(false);
                }
                return;
            }
            if (spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield(); // the thread running the barrier may need this CPU
            }
        }
    }
}
