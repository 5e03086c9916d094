package pinbench.idle;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The kernel's {@code wait_var_event} / {@code wake_up_var}: a small table of wait queues shared by
 * all folios, picked by hashing the folio. The unpin path's whole cost when nobody waits is one
 * load of the bucket's waiter count ({@code waitqueue_active}), ordered after the count update by
 * that update's atomic add, as the kernel orders it with a full barrier. Folios that share a bucket
 * wake each other's waiters, who re-check and wait again.
 */
final class HashedQueueWaiter implements IdleWaiter
{
    /** Buckets in the table (a power of two). */
    static final int BUCKETS = 64;
    /** Waiter counts sit 16 longs (128 bytes) apart: buckets must not share a line. */
    private static final int PAD = 16;

    private final AtomicLongArray waiters = new AtomicLongArray(BUCKETS * PAD);
    private final ReentrantLock[] locks = new ReentrantLock[BUCKETS];
    private final Condition[] idle = new Condition[BUCKETS];

    HashedQueueWaiter()
    {
        for (int b = 0; b < BUCKETS; b++)
        {
            locks[b] = new ReentrantLock();
            idle[b] = locks[b].newCondition();
        }
    }

    /** Fibonacci hashing, as {@code hash_ptr}: neighbouring folios land in different buckets. */
    static int bucket(final int folio)
    {
        return (folio * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(BUCKETS));
    }

    @Override
    public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
    {
        if (state.isIdle(folio))
        {
            return;
        }
        final int b = bucket(folio);
        waiters.getAndIncrement(b * PAD); // announce before the re-check below
        try
        {
            locks[b].lockInterruptibly();
            try
            {
                while (!state.isIdle(folio))
                {
                    idle[b].await();
                }
            }
            finally
            {
                locks[b].unlock();
            }
        }
        finally
        {
            waiters.getAndDecrement(b * PAD);
        }
    }

    @Override
    public void unpinned(final int folio, final long remaining)
    {
        if (remaining != 0)
        {
            return;
        }
        final int b = bucket(folio);
        if (waiters.get(b * PAD) == 0)
        {
            return;
        }
        locks[b].lock();
        try
        {
            idle[b].signalAll();
        }
        finally
        {
            locks[b].unlock();
        }
    }
}
