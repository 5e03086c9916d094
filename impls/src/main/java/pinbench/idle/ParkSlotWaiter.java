package pinbench.idle;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Park/unpark with a waiter slot per folio: each slot is a lock-free stack of parked threads. The
 * unpin that makes a folio idle checks its slot with one load and, only if someone is there, takes
 * the whole stack and unparks it.
 * <p>
 * No lost wakeup: the waiter pushes itself with a CAS and only then re-reads the count; the unpin
 * updates the count with an atomic add and only then reads the slot. Both are sequentially
 * consistent, so either the waiter sees idle or the unpin sees the waiter. An unpark that arrives
 * before the park is kept as the thread's permit.
 */
final class ParkSlotWaiter implements IdleWaiter
{
    /** A parked waiter. */
    private static final class Node
    {
        final Thread thread = Thread.currentThread();
        Node next;
    }

    private final AtomicReferenceArray<Node> slots;

    ParkSlotWaiter(final int folios)
    {
        this.slots = new AtomicReferenceArray<>(folios);
    }

    @Override
    public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
    {
        while (!state.isIdle(folio))
        {
            final Node node = new Node();
            Node head;
            do
            {
                head = slots.get(folio);
                node.next = head;
            }
            while (!slots.compareAndSet(folio, head, node));
            if (state.isIdle(folio))
            {
                slots.compareAndSet(folio, node, node.next); // leave no stale entry if still on top
                return;
            }
            LockSupport.park(this);
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while parked on folio " + folio);
            }
        }
    }

    @Override
    public void unpinned(final int folio, final long remaining)
    {
        if (remaining != 0 || slots.get(folio) == null)
        {
            return;
        }
        for (Node node = slots.getAndSet(folio, null); node != null; node = node.next)
        {
            LockSupport.unpark(node.thread);
        }
    }
}
