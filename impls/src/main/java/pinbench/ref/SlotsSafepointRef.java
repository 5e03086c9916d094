package pinbench.ref;

import pinbench.memory.Memory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * {@link FenceFreeSlotRef} whose kill's barrier is a JVM safepoint, the JVM's own grace period (as
 * {@code percpu_ref} waits for an RCU grace period). {@code ThreadMXBean.findDeadlockedThreads()}
 * runs a VM operation at a global safepoint and does little else: HotSpot stops every thread that is
 * running Java code at its next safepoint poll, and a thread stopping, or one that was in native
 * code or blocked, has passed a full fence in its state transition. So every slot store that a
 * thread made before the kill's mode store was seen by it is visible once the call returns, as after
 * {@code membarrier(2)}, without membarrier's kernel mutex, but with a stop of every thread and a
 * round trip to HotSpot's VM thread.
 * HotSpot runs one safepoint operation at a time, so concurrent kills share one ({@link SharedBarrier}).
 * <p>
 * The simpler order, read the mode and then bump the slot, trusting the safepoint to find no fast
 * path in flight, is not correct on HotSpot: the interpreter can stop at any bytecode,
 * and C1 polls on the return of a call it did not inline, so a thread can stop between a live mode
 * read and its bump, resume after the fold and count in a slot nobody reads again (a lost
 * reference: release while held). This class keeps {@link SlotRef}'s order instead, bump then
 * read, where a stop anywhere is harmless: the exchange and CAS settle who counted the bump.
 */
final class SlotsSafepointRef extends FenceFreeSlotRef
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** HotSpot's VM thread runs one safepoint operation at a time: concurrent kills share one. */
    static final SharedBarrier SAFEPOINT = new SharedBarrier(THREADS::findDeadlockedThreads);

    SlotsSafepointRef(final Memory memory, final Runnable release)
    {
        super(memory, release, Integer.MAX_VALUE, CHUNK);
    }

    @Override
    void awaitVisibleStores()
    {
        SAFEPOINT.await();
    }
}
