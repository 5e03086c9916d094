package pinbench.stress.soak;

import pinbench.concurrent.Workers;
import pinbench.idle.IdleWaiter;
import pinbench.memory.Memory;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.ref.RefStrategy;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Page-idle wakeup: episode after episode, a folio is pinned several times, one or two truncating
 * threads wait for it to go idle while two unpinners drop the pins after random short delays. Nobody
 * pins the folio again during an episode, so: a waiter that returns while references remain, or
 * before the last unpin began (a flag the last unpinner sets first), returned early; one still
 * blocked {@link Round#HUNG_NANOS} after the last unpin lost its wakeup.
 * <p>
 * Every other pair of episodes, the unpinners start only once every waiter is parked (or has
 * spun {@link #HOLD_NANOS}), so the waiters are registered before the first unpin; in the others
 * they race from the start, so registration meets the unpins at random points. The last unpin is
 * held back until the others have landed and every waiter has made its check or had
 * {@link #HOLD_NANOS} to make it: a waiter that an earlier unpin woke is caught in every episode in
 * which it was registered before that unpin, not only when its check happens to beat the last one.
 */
public final class IdleSoak implements Round
{
    private static final int FOLIOS = 4;
    private static final int PINS = 4;
    private static final int UNPINNERS = 2;
    /** How long the last unpin waits for a waiter that has neither returned nor been waiting this long. */
    static final long HOLD_NANOS = 100_000;

    private final IntFunction<IdleWaiter> waiters;
    private final String name;
    private final Memory memory;

    /**
     * @param waiters a catalog entry's {@code create}, or a test's broken waiter.
     * @param name    what violations name.
     */
    public IdleSoak(final IntFunction<IdleWaiter> waiters, final String name, final Memory memory)
    {
        this.waiters = waiters;
        this.name = name;
        this.memory = memory;
    }

    @Override
    public void run(final long nanos, final Tally tally) throws InterruptedException
    {
        final IdleWaiter waiter = waiters.apply(FOLIOS);
        final long end = System.nanoTime() + nanos;
        final PageMap map = PinStrategy.XADD_BATCH.create(PinConfig.of(FOLIOS, 0, IdleAt.ZERO, RefStrategy.RCUREF,
            memory, () -> { }).withHook(UnpinHook.STATIC_KEY, waiter));
        try (CloseUnlessRunaway open = new CloseUnlessRunaway(map::close))
        {
            final PageMap.Handle pinner = map.handle();
            for (int episode = 0; System.nanoTime() < end; episode++)
            {
                final int folio = episode % FOLIOS;
                for (int i = 0; i < PINS; i++)
                {
                    pinner.request(folio, 1);
                }
                final int truncators = 1 + (episode & 1);
                final boolean waitersFirst = (episode & 2) == 0;
                final Episode e = new Episode(truncators);
                tally.failures("waiter still blocked after the folio went idle: a lost wakeup", open.note(
                    Workers.run(truncators + UNPINNERS, "idle-soak", HUNG_NANOS, t ->
                    {
                        if (t < truncators)
                        {
                            e.waiters.set(t, Thread.currentThread());
                            e.entered.set(t, System.nanoTime());
                            waiter.awaitIdle(map::isIdle, folio);
                            final long refs = map.refs(folio);
                            if (refs != 0 || !e.lastUnpinBegun)
                            {
                                tally.violation(name + ": waiter returned with " + refs + " references still held"
                                    + (e.lastUnpinBegun ? "" : ", before the last unpin began") + ": an early wakeup");
                            }
                            e.checked.set(t, 1);
                            return;
                        }
                        final PageMap.Handle h = map.handle();
                        if (waitersFirst)
                        {
                            e.awaitTheWaiters();
                        }
                        for (int i = 0; i < PINS / UNPINNERS; i++)
                        {
                            pause();
                            if (e.left.decrementAndGet() == 0)
                            {
                                e.holdTheLastUnpin(map, folio);
                            }
                            h.release(folio, 1);
                        }
                    })));
                tally.ops(truncators + PINS * 2L);
            }
        }
    }

    /** One episode's handshake between the waiters' checks and the last unpin. */
    private static final class Episode
    {
        final AtomicInteger left = new AtomicInteger(PINS);
        /** When each waiter entered awaitIdle (0: not yet). */
        final AtomicLongArray entered;
        final AtomicReferenceArray<Thread> waiters;
        /** 1 once each waiter has made its check. */
        final AtomicIntegerArray checked;
        volatile boolean lastUnpinBegun;

        Episode(final int truncators)
        {
            entered = new AtomicLongArray(truncators);
            waiters = new AtomicReferenceArray<>(truncators);
            checked = new AtomicIntegerArray(truncators);
        }

        /** Until each waiter has checked, is parked, or has been waiting {@link #HOLD_NANOS}. */
        void awaitTheWaiters()
        {
            for (int t = 0; t < checked.length(); t++)
            {
                while (checked.get(t) == 0 && !parked(t) && !held(t, entered.get(t)))
                {
                    Thread.yield(); // the waiters may need this CPU to park or check (2 vCPUs, 4 threads)
                }
            }
        }

        /** Until the other unpins have landed and each waiter has checked or had {@link #HOLD_NANOS} since then; then flags the last unpin. */
        void holdTheLastUnpin(final PageMap map, final int folio)
        {
            while (map.refs(folio) > 1)
            {
                Thread.yield();
            }
            final long landed = System.nanoTime();
            for (int t = 0; t < checked.length(); t++)
            {
                while (checked.get(t) == 0 && !held(t, Math.max(landed, entered.get(t))))
                {
                    Thread.yield();
                }
            }
            lastUnpinBegun = true;
        }

        private boolean parked(final int t)
        {
            final Thread w = waiters.get(t);
            final Thread.State state = w == null ? Thread.State.NEW : w.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }

        /** Whether waiter t has entered and {@link #HOLD_NANOS} have passed since {@code from}; a hung round's interrupt ends the hold. */
        private boolean held(final int t, final long from)
        {
            return entered.get(t) != 0 && System.nanoTime() - from >= HOLD_NANOS
                || Thread.currentThread().isInterrupted();
        }
    }

    /** Up to a few microseconds, so the last unpin lands before, during or after the waiter's registration. */
    private static void pause()
    {
        final int spins = ThreadLocalRandom.current().nextInt(2_000);
        for (int i = 0; i < spins; i++)
        {
            Thread.onSpinWait();
        }
    }
}
