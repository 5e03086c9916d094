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
import java.util.function.IntFunction;

/**
 * Page-idle wakeup: episode after episode, a folio is pinned several times, one or two truncating
 * threads wait for it to go idle while two unpinners drop the pins after random short delays. Nobody
 * pins the folio again during an episode, so: a waiter that returns while references remain, or
 * before the last unpin began (a flag the last unpinner sets first), returned early; one still
 * blocked {@link Round#HUNG_NANOS} after the last unpin lost its wakeup.
 * <p>
 * The last unpin is held back until the others have landed and every waiter has either made its
 * check or waited {@link #HOLD_NANOS}: a waiter that returns early (woken by an earlier unpin, or
 * not waiting at all) within that time is caught every time, not only when its check happens to
 * beat the last unpin.
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
                final Episode e = new Episode(truncators);
                tally.failures("waiter still blocked after the folio went idle: a lost wakeup", open.note(
                    Workers.run(truncators + UNPINNERS, "idle-soak", HUNG_NANOS, t ->
                    {
                        if (t < truncators)
                        {
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
        /** 1 once each waiter has made its check. */
        final AtomicIntegerArray checked;
        volatile boolean lastUnpinBegun;

        Episode(final int truncators)
        {
            entered = new AtomicLongArray(truncators);
            checked = new AtomicIntegerArray(truncators);
        }

        /** Until the other unpins have landed and each waiter has checked or waited {@link #HOLD_NANOS}; then flags the last unpin. */
        void holdTheLastUnpin(final PageMap map, final int folio)
        {
            while (map.refs(folio) > 1)
            {
                Thread.onSpinWait();
            }
            for (int t = 0; t < checked.length(); t++)
            {
                while (checked.get(t) == 0 && (entered.get(t) == 0 || System.nanoTime() - entered.get(t) < HOLD_NANOS))
                {
                    Thread.onSpinWait();
                }
            }
            lastUnpinBegun = true;
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
