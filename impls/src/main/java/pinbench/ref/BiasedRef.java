package pinbench.ref;

import pinbench.memory.Memory;

/**
 * Biased counting: the first thread to take a handle is the owner and counts in a fence-free
 * private slot (the {@link SlotsMembarrierRef} protocol with a single slot); every other thread
 * counts on the shared {@link ZoneWord} with one atomic add. When the owner closes its handle, the
 * next handle taken owns the slot. Cheapest when one thread does most of the pinning, as the CPU
 * that owns a device queue does.
 */
final class BiasedRef extends SlotsMembarrierRef
{
    BiasedRef(final Memory memory, final Runnable release)
    {
        super(memory, release, 1, 1);
    }
}
