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
 * The slot and mode accesses are plain, with a {@code storeStoreFence} between them: it emits no
 * instruction on x86-64 and is a full compiler barrier in HotSpot's C1 and C2, so neither the store
 * nor the load moves across it or is merged away, and the mode is reloaded on every operation.
 * Plain rather than opaque because each opaque access is fenced off for the compiler on its own,
 * which cost 1.4 ns per get+put pair here in reloaded fields. This leans on HotSpot beyond the Java
 * memory model: an aligned 64-bit store is never split on a 64-bit JVM, and a store followed by a
 * compiler barrier is always emitted. The contract tests (and the jcstress runs) are the check.
 * <p>
 * Requires Linux 4.14+ on x86-64 or aarch64; creation fails with a clear message elsewhere.
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
        cells.setPlain(slot, busy);
        VarHandle.storeStoreFence(); // compiler ordering only; membarrier in kill supplies the CPU fence
        return cells.getPlain(MODE);
    }

    @Override
    final void storeSlot(final int slot, final long word)
    {
        cells.setPlain(slot, word);
    }

    @Override
    final void awaitVisibleMarks()
    {
        Membarrier.barrierAllThreads();
    }
}
