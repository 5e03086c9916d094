package pinbench.idle;

import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.concurrent.TimeUnit;

/**
 * Polls with Agrona's {@link BackoffIdleStrategy}: spin, then yield, then park for a doubling time
 * up to {@link #MAX_PARK_NANOS}. Nothing on the unpin path; the wakeup latency is bounded by the
 * longest park.
 */
final class BackoffWaiter implements IdleWaiter
{
    static final long MAX_SPINS = 100;
    static final long MAX_YIELDS = 50;
    static final long MIN_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(1);
    static final long MAX_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    @Override
    public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
    {
        final BackoffIdleStrategy idle = new BackoffIdleStrategy(MAX_SPINS, MAX_YIELDS, MIN_PARK_NANOS, MAX_PARK_NANOS);
        while (!state.isIdle(folio))
        {
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while backing off on folio " + folio);
            }
            idle.idle();
        }
    }

    @Override
    public void unpinned(final int folio, final long remaining)
    {
        // pollers need no wakeup
    }
}
