package pinbench.idle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PARK_SLOT's queue under interrupts and spurious wakeups: a wait keeps one node, an ended wait
 * leaves none, and the idle edge still wakes whoever waits. Once every interrupted or spuriously
 * woken wait left a node behind (10,000 interrupts: 10,001 nodes) for the next idle edge to unpark.
 */
@Timeout(60)
class ParkSlotWaiterTest
{
    private static final int FOLIO = 3;

    private final ParkSlotWaiter waiter = new ParkSlotWaiter(8);
    private final AtomicBoolean idle = new AtomicBoolean();
    private final FolioState state = folio -> idle.get();

    @Test
    void interruptedWaitsLeaveNoNodes()
    {
        int interrupted = 0;
        for (int i = 0; i < 10_000; i++)
        {
            Thread.currentThread().interrupt(); // the park returns at once: each wait queues, parks and throws
            try
            {
                waiter.awaitIdle(state, FOLIO);
            }
            catch (final InterruptedException expected)
            {
                interrupted++;
            }
        }
        assertEquals(10_000, interrupted);
        assertFalse(Thread.interrupted(), "the flag is cleared by the throw");
        assertEquals(0, waiter.queued(FOLIO));
    }

    @Test
    void spuriousWakeupsKeepOneNode() throws Exception
    {
        final Waiting a = new Waiting();
        for (int i = 0; i < 1_000; i++)
        {
            a.awaitParked();
            LockSupport.unpark(a.thread);
        }
        a.awaitParked();
        assertEquals(1, waiter.queued(FOLIO), "one wait, one node, however often it woke");
        assertTrue(a.thread.isAlive(), "early wakeup: returned while the folio was busy");
        idle.set(true);
        waiter.unpinned(FOLIO, 0);
        a.assertReturned();
        assertEquals(0, waiter.queued(FOLIO));
    }

    /** The interrupted wait's node is below another's: it is unlinked from the middle, the other still wakes. */
    @Test
    void anInterruptedWaitUnderAnotherIsUnlinkedAndTheOtherStillWakes() throws Exception
    {
        final Waiting below = new Waiting();
        below.awaitParked();
        final Waiting above = new Waiting();
        above.awaitParked();
        assertEquals(2, waiter.queued(FOLIO));
        below.thread.interrupt();
        below.thread.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(below.failure.get() instanceof InterruptedException, "interrupted: " + below.failure.get());
        assertEquals(1, waiter.queued(FOLIO));
        idle.set(true);
        waiter.unpinned(FOLIO, 0);
        above.assertReturned();
        assertEquals(0, waiter.queued(FOLIO));
    }

    /** A thread in awaitIdle on the busy folio. */
    private final class Waiting
    {
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            try
            {
                waiter.awaitIdle(state, FOLIO);
            }
            catch (final Throwable ex)
            {
                failure.set(ex);
            }
        });

        Waiting()
        {
            thread.start();
        }

        /** Until the thread is parked on the waiter (its blocker), not merely starting or running. */
        void awaitParked()
        {
            while (LockSupport.getBlocker(thread) != waiter || thread.getState() != Thread.State.WAITING)
            {
                Thread.onSpinWait();
            }
        }

        void assertReturned() throws InterruptedException
        {
            thread.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(thread.isAlive(), "lost wakeup: still waiting after the idle edge");
            assertNull(failure.get());
        }
    }
}
