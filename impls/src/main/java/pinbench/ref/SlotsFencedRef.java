package pinbench.ref;

import pinbench.memory.Cells;
import pinbench.memory.Memory;

/**
 * {@link SlotRef} with the simplest correct handshake: a volatile store of the slot and a volatile
 * load of the mode, so the fast path pays one StoreLoad fence (a locked add on x86) but still
 * shares no cache line with other threads.
 */
final class SlotsFencedRef extends SlotRef
{
    SlotsFencedRef(final Memory memory, final Runnable release)
    {
        super(memory, release, Integer.MAX_VALUE, CHUNK);
    }

    @Override
    long storeThenReadMode(final Cells slots, final int slot, final long word, final int mode)
    {
        slots.setVolatile(slot, word);
        return slots.getVolatile(mode);
    }

    @Override
    void awaitVisibleStores()
    {
        // the volatile mode store already fences, and kill takes the slots with atomic exchanges
    }
}
