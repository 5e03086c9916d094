package pinbench.ref;

import pinbench.memory.Memory;

/**
 * {@link FenceFreeSlotRef} whose kill calls {@code membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)}, as
 * userspace RCU's membarrier flavour: a full barrier on every CPU currently running a thread of this
 * process (threads not running have passed one in the context switch).
 * <p>
 * Requires Linux 4.14+ on x86-64 or aarch64; creation fails with a clear message elsewhere.
 */
class SlotsMembarrierRef extends FenceFreeSlotRef
{
    SlotsMembarrierRef(final Memory memory, final Runnable release)
    {
        this(memory, release, Integer.MAX_VALUE, CHUNK);
    }

    /** For {@link BiasedRef}: the same protocol with fewer slots. */
    SlotsMembarrierRef(final Memory memory, final Runnable release, final int maxSlots, final int chunkSize)
    {
        super(memory, release, requireMembarrier(maxSlots), chunkSize);
    }

    private static int requireMembarrier(final int maxSlots)
    {
        Membarrier.require();
        return maxSlots;
    }

    @Override
    void awaitVisibleStores()
    {
        Membarrier.barrierAllThreads();
    }
}
