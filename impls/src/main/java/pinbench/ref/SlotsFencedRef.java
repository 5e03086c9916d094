package pinbench.ref;

import pinbench.memory.Memory;

/**
 * {@link SlotRef} with the simplest correct handshake: a volatile store of the busy mark and a
 * volatile load of the mode, so the fast path pays one StoreLoad fence (a locked add on x86) but
 * still shares no cache line with other threads.
 */
final class SlotsFencedRef extends SlotRef
{
    /** Slots for this many handles; later handles count on the shared word. */
    static final int CAPACITY = 64;

    SlotsFencedRef(final Memory memory, final Runnable release)
    {
        super(memory, release, CAPACITY);
    }

    @Override
    long markBusyThenReadMode(final int slot, final long busy)
    {
        cells.setVolatile(slot, busy);
        return cells.getVolatile(MODE);
    }

    @Override
    void storeSlot(final int slot, final long word)
    {
        cells.setOpaque(slot, word);
    }

    @Override
    void awaitVisibleMarks()
    {
        // the volatile mode store already fences; the slots are then read with volatile loads
    }
}
