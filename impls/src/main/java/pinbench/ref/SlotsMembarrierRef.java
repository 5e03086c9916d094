package pinbench.ref;

import pinbench.memory.Memory;

import java.lang.invoke.VarHandle;

/**
 * {@link SlotRef} with asymmetric fences, as userspace RCU's membarrier flavour: the fast path has
 * no fence at all; kill calls {@code membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED)}, which runs a
 * full barrier on every CPU currently running a thread of this process (threads not running have
 * passed one in the context switch). That barrier stands in for the StoreLoad fence each fast path
 * would need, so the fast path only has to keep its own program order: busy store before mode load.
 * <p>
 * The JIT must not move the mode load above the busy store. Opaque accesses are not reordered with
 * each other by HotSpot's compilers, and the explicit {@code storeStoreFence} between them (no
 * instruction on x86) keeps that ordering even where a compiler would otherwise treat them as
 * independent. Requires Linux 4.14+ on x86-64 or aarch64; creation fails with a clear message
 * elsewhere.
 */
class SlotsMembarrierRef extends SlotRef
{
    /** Slots for this many handles; later handles count on the shared word. */
    static final int CAPACITY = 64;

    SlotsMembarrierRef(final Memory memory, final Runnable release)
    {
        this(memory, release, CAPACITY);
    }

    /** For {@link BiasedRef}: the same protocol with fewer slots. */
    SlotsMembarrierRef(final Memory memory, final Runnable release, final int capacity)
    {
        super(memory, release, requireMembarrier(capacity));
    }

    private static int requireMembarrier(final int capacity)
    {
        Membarrier.require();
        return capacity;
    }

    @Override
    final long markBusyThenReadMode(final int slot, final long busy)
    {
        cells.setOpaque(slot, busy);
        VarHandle.storeStoreFence(); // compiler ordering only; membarrier in kill supplies the CPU fence
        return cells.getOpaque(MODE);
    }

    @Override
    final void awaitVisibleMarks()
    {
        Membarrier.barrierAllThreads();
    }
}
