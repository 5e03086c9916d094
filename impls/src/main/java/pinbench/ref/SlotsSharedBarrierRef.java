package pinbench.ref;

import pinbench.memory.Memory;

/**
 * {@link SlotsMembarrierRef} whose concurrent kills share {@code membarrier(2)} calls
 * ({@link SharedBarrier}): the kernel serialises expedited membarriers on one mutex,
 * so N counts killed at once by plain membarrier kills wait N calls; these wait at most two. The
 * fast path is the same, fence-free.
 */
final class SlotsSharedBarrierRef extends SlotsMembarrierRef
{
    SlotsSharedBarrierRef(final Memory memory, final Runnable release)
    {
        super(memory, release, Integer.MAX_VALUE, CHUNK);
    }

    @Override
    void awaitVisibleStores()
    {
        Membarrier.SHARED.await();
    }
}
