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
 * <p>
 * A wait queues one node however often its thread wakes: after a spurious wakeup it parks again on
 * the node still queued, and it queues a new one only when an unpin took the old one with the stack
 * (the folio became idle and busy again before it looked). A wait that ends while its node is still
 * queued (interrupted, or idle seen right after queueing) cancels the node and unlinks every
 * cancelled node of the slot, so a folio that stays busy under interrupts keeps no stale nodes and
 * its idle edge unparks only threads still waiting. Unlinking only ever skips cancelled nodes and
 * nodes are only pushed on top, so a concurrent unlink, push or take loses no waiter.
 */
final class ParkSlotWaiter implements IdleWaiter
{
    /** A parked waiter. */
    private static final class Node
    {
        final Thread thread = Thread.currentThread();
        /** Written by the push before the node is published, then only by unlinks, which skip cancelled nodes. */
        volatile Node next;
        /** Set by the unpin that took the stack: the node is no longer queued. */
        volatile boolean taken;
        /** Set by its waiter when the wait ends with the node still queued: skipped and unlinked. */
        volatile boolean cancelled;
    }

    private final AtomicReferenceArray<Node> slots;

    ParkSlotWaiter(final int folios)
    {
        this.slots = new AtomicReferenceArray<>(folios);
    }

    @Override
    public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
    {
        Node node = null;
        try
        {
            while (!state.isIdle(folio))
            {
                if (node == null || node.taken)
                {
                    node = new Node();
                    push(folio, node);
                    continue; // re-read the count after queueing: the other half of the unpin's read
                }
                LockSupport.park(this);
                if (Thread.interrupted())
                {
                    throw new InterruptedException("interrupted while parked on folio " + folio);
                }
            }
        }
        finally
        {
            if (node != null && !node.taken)
            {
                node.cancelled = true;
                unlinkCancelled(folio);
            }
        }
    }

    private void push(final int folio, final Node node)
    {
        Node head;
        do
        {
            head = slots.get(folio);
            node.next = head;
        }
        while (!slots.compareAndSet(folio, head, node));
    }

    /** Drops cancelled nodes from the top of the slot's stack, then from below it. */
    private void unlinkCancelled(final int folio)
    {
        Node head = slots.get(folio);
        while (head != null && head.cancelled)
        {
            slots.compareAndSet(folio, head, head.next);
            head = slots.get(folio);
        }
        for (Node node = head; node != null; node = node.next)
        {
            Node next = node.next;
            while (next != null && next.cancelled)
            {
                next = next.next;
            }
            node.next = next;
        }
    }

    /** Nodes in the folio's stack, cancelled or not; for tests. */
    int queued(final int folio)
    {
        int n = 0;
        for (Node node = slots.get(folio); node != null; node = node.next)
        {
            n++;
        }
        return n;
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
            node.taken = true;
            if (!node.cancelled)
            {
                LockSupport.unpark(node.thread);
            }
        }
    }
}
