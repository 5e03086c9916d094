package pinbench.ref;

import pinbench.memory.Cells;
import pinbench.memory.Memory;

/**
 * {@link SlotRef} with asymmetric fences: the fast path has no fence at all; kill makes every CPU
 * that runs a thread of this process execute a full barrier instead (subclasses choose how). That
 * barrier stands in for the StoreLoad fence each fast path would need, so the fast path only has
 * to keep its own program order: slot store before mode load.
 * <p>
 * The slot and mode accesses are plain, with a {@code storeStoreFence} between them
 * ({@link Cells#setPlainThenGetPlain}): it emits no instruction on x86-64 and is a full compiler
 * barrier in HotSpot's C1 and C2, so neither the store nor the load moves across it or is merged
 * away, and the mode is reloaded on every operation; both addresses are computed before it, so it
 * forces no other reload.
 * Plain rather than opaque because each opaque access is fenced off for the compiler on its own,
 * which cost 1.4 ns per get+put pair here in reloaded fields. This leans on HotSpot beyond the Java
 * memory model: an aligned 64-bit store is never split on a 64-bit JVM, and a store followed by a
 * compiler barrier is always emitted. The contract tests (and the jcstress runs) are the check.
 */
abstract class FenceFreeSlotRef extends SlotRef
{
    FenceFreeSlotRef(final Memory memory, final Runnable release, final int maxSlots, final int chunkSize)
    {
        super(memory, release, maxSlots, chunkSize);
    }

    @Override
    final long storeThenReadMode(final Cells slots, final int slot, final long word, final int mode)
    {
        return slots.setPlainThenGetPlain(slot, word, mode); // kill's barrier supplies the CPU's StoreLoad fence
    }
}
