package pinbench.idle;

import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The kernel's {@code wait_var_event} / {@code wake_up_var}: a small table of wait queues shared by
 * all folios, picked by hashing the folio. The unpin path's whole cost when nobody waits is one
 * load of the bucket's waiter count ({@code waitqueue_active}), ordered after the count update by
 * that update's atomic add, as the kernel orders it with a full barrier. Folios that share a bucket
 * wake each other's waiters, who re-check and wait again.
 * <p>
 * Layout: the waiter counts sit a 128-byte stride apart, with an empty stride at each end of the
 * array. A bucket's other hot words lead their objects: the lock's state, owner and queue ends in
 * its {@link Bucket}, the waiter list in its {@link BucketCondition}. Each of those objects ends with
 * 128 bytes of padding, so no two buckets' hot words share a pair of cache lines wherever the heap
 * puts them. Not padded: the queue nodes AQS allocates for each waiting thread, and any object of
 * someone else's that the heap happens to put just before a bucket's.
 */
final class HashedQueueWaiter implements IdleWaiter
{
    /** Buckets in the table (a power of two). */
    static final int BUCKETS = 64;
    /** Waiter counts sit 16 longs (128 bytes) apart: buckets must not share a pair of lines. */
    private static final int PAD = 16;

    private final AtomicLongArray waiters = new AtomicLongArray((BUCKETS + 2) * PAD);
    private final Bucket[] buckets = new Bucket[BUCKETS];

    HashedQueueWaiter()
    {
        for (int b = 0; b < BUCKETS; b++)
        {
            buckets[b] = new Bucket();
        }
    }

    /** A bucket's lock: a non-reentrant mutex on AQS, with the queueing of ReentrantLock's non-fair lock. */
    private static class BucketLock extends AbstractQueuedSynchronizer
    {
        @Override
        protected final boolean tryAcquire(final int ignored)
        {
            if (compareAndSetState(0, 1))
            {
                setExclusiveOwnerThread(Thread.currentThread());
                return true;
            }
            return false;
        }

        @Override
        protected final boolean tryRelease(final int ignored)
        {
            setExclusiveOwnerThread(null);
            setState(0);
            return true;
        }

        @Override
        protected final boolean isHeldExclusively()
        {
            return getExclusiveOwnerThread() == Thread.currentThread();
        }
    }

    /** 128 bytes after the lock's words, which lead the object, so another bucket's never share their lines. */
    private static final class Bucket extends BucketLock
    {
        byte
            p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015,
            p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031,
            p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047,
            p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063,
            p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079,
            p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095,
            p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111,
            p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;

        /** Where the bucket's waiters wait for an idle edge. */
        final BucketCondition idle = new BucketCondition(this);
    }

    /** 128 bytes after the condition's waiter list, which leads the object, for the same reason. */
    private static final class BucketCondition extends AbstractQueuedSynchronizer.ConditionObject
    {
        byte
            p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015,
            p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031,
            p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047,
            p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063,
            p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079,
            p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095,
            p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111,
            p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;

        BucketCondition(final Bucket lock)
        {
            lock.super();
        }
    }

    /** Fibonacci hashing, as {@code hash_ptr}: neighbouring folios land in different buckets. */
    static int bucket(final int folio)
    {
        return (folio * 0x9E3779B9) >>> (Integer.SIZE - Integer.numberOfTrailingZeros(BUCKETS));
    }

    /** The waiter count's index: one empty stride before the first bucket's. */
    private static int waitersAt(final int bucket)
    {
        return (bucket + 1) * PAD;
    }

    @Override
    public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
    {
        if (state.isIdle(folio))
        {
            return;
        }
        final int b = bucket(folio);
        final Bucket bucket = buckets[b];
        waiters.getAndIncrement(waitersAt(b)); // announce before the re-check below
        try
        {
            bucket.acquireInterruptibly(1);
            try
            {
                while (!state.isIdle(folio))
                {
                    bucket.idle.await();
                }
            }
            finally
            {
                bucket.release(1);
            }
        }
        finally
        {
            waiters.getAndDecrement(waitersAt(b));
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
        if (waiters.get(waitersAt(b)) == 0)
        {
            return;
        }
        final Bucket bucket = buckets[b];
        bucket.acquire(1);
        try
        {
            bucket.idle.signalAll();
        }
        finally
        {
            bucket.release(1);
        }
    }
}
