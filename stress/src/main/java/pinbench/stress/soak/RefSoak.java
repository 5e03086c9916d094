package pinbench.stress.soak;

import pinbench.concurrent.Workers;
import pinbench.memory.Memory;
import pinbench.ref.RefCount;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Reference counts: workers take references (tryGetLive, nested gets, getMany), hand some to another
 * thread to drop, now and then close their handle and take a new one (slots change hands), and a
 * killer kills the count at a random moment, while the round itself holds one
 * reference throughout. Checked on every operation: no tryGetLive succeeds after kill returned, the
 * release never runs while anyone holds a reference;
 * at the end of the round: released exactly once, count zero.
 */
public final class RefSoak implements Round
{
    /** How a round makes its count: a catalog entry's {@code create}, or a test's broken one. */
    @FunctionalInterface
    public interface Factory
    {
        RefCount create(Memory memory, Runnable release);
    }

    private static final int WORKERS = 3;
    /** Every this many steps a worker other than the first closes its handle and takes a new one. */
    private static final long CHURN_STEPS = 4_096;

    private final Factory factory;
    private final Memory memory;
    private final long hungNanos;
    private final long graceNanos;

    public RefSoak(final Factory factory, final Memory memory)
    {
        this(factory, memory, HUNG_NANOS, Workers.GRACE_NANOS);
    }

    /**
     * @param hungNanos  how long past the round a worker may run before it is interrupted as hung.
     * @param graceNanos how long an interrupted worker gets to end before its count is left open.
     */
    public RefSoak(final Factory factory, final Memory memory, final long hungNanos, final long graceNanos)
    {
        this.factory = factory;
        this.memory = memory;
        this.hungNanos = hungNanos;
        this.graceNanos = graceNanos;
    }

    @Override
    public void run(final long nanos, final Tally tally) throws InterruptedException
    {
        final AtomicInteger releases = new AtomicInteger();
        final AtomicLong held = new AtomicLong(); // references the workers know they hold
        final Queue<Boolean> handedOver = new ConcurrentLinkedQueue<>();
        final long killAfter = ThreadLocalRandom.current().nextLong(nanos / 4, nanos * 3 / 4 + 1);
        final RefCount ref = factory.create(memory, () ->
        {
            releases.incrementAndGet();
            final long stillHeld = held.get();
            if (stillHeld != 0)
            {
                tally.violation("release ran while " + stillHeld + " reference(s) were held");
            }
        });
        try (CloseUnlessRunaway open = new CloseUnlessRunaway(ref::close))
        {
            // worker 0's handle first, as BIASED gives its private slot to the first; the others register racing kill
            final RefCount.Handle first = ref.handle();
            final RefCount.Handle own = ref.handle();
            held.incrementAndGet();
            own.get(); // held across the whole round, so a release before its put is always caught
            final AtomicInteger killReturned = new AtomicInteger();
            tally.failures("still running long after the round ended", open.note(
                Workers.runTimed(WORKERS + 1, "ref-soak", nanos + hungNanos, graceNanos, (t, released) ->
                {
                    final long end = released + nanos;
                    if (t == WORKERS)
                    {
                        LockSupport.parkNanos(released + killAfter - System.nanoTime());
                        ref.kill();
                        killReturned.set(1);
                        tally.ops(1);
                        return;
                    }
                    RefCount.Handle h = t == 0 ? first : ref.handle();
                    long ops = 0;
                    for (long step = 1; System.nanoTime() < end; step++)
                    {
                        ops += work(h, killReturned.get() == 1, held, handedOver, tally, ops);
                        if (t != 0 && step % CHURN_STEPS == 0)
                        {
                            h.close(); // a pool that churns threads: the slot goes back, the next handle reuses it
                            h = ref.handle();
                        }
                    }
                    tally.ops(ops);
                })));
            while (handedOver.poll() != null)
            {
                held.decrementAndGet();
                own.put();
            }
            held.decrementAndGet();
            own.put();
            if (releases.get() != 1)
            {
                tally.violation("release ran " + releases.get() + " times, expected once");
            }
            if (ref.count() != 0)
            {
                tally.violation("count " + ref.count() + " after the last reference was dropped");
            }
        }
    }

    /** One step of a worker; returns the operations it made. */
    private static int work(final RefCount.Handle h, final boolean killWasDone, final AtomicLong held,
        final Queue<Boolean> handedOver, final Tally tally, final long step)
    {
        int ops = 1;
        if (h.tryGetLive())
        {
            held.incrementAndGet();
            if (killWasDone)
            {
                tally.violation("tryGetLive succeeded after kill had returned");
            }
            final long extra = 1 + (step & 3);
            held.addAndGet(extra);
            h.getMany(extra);
            held.addAndGet(-extra);
            h.putMany(extra);
            ops += 2;
            if ((step & 15) == 0)
            {
                handedOver.add(Boolean.TRUE); // another thread drops it
            }
            else
            {
                held.decrementAndGet();
                h.put();
                ops++;
            }
        }
        if (handedOver.poll() != null)
        {
            held.decrementAndGet();
            h.put();
            ops++;
        }
        return ops;
    }
}
