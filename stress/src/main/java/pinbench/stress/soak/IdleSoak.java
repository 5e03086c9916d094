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

import java.util.concurrent.Phaser;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * Page-idle wakeup: episode after episode, a folio is pinned several times, one or two truncating
 * threads wait for it to go idle while two unpinners drop the pins after random short delays. Nobody
 * pins the folio again during an episode, so: a waiter that returns while references remain, or
 * before the last unpin began (a flag the last unpinner sets first), returned early; one still
 * blocked {@link Round#HUNG_NANOS} after the round lost its wakeup (the others give up on it between
 * episodes and leave).
 * <p>
 * Every other pair of episodes, the unpinners start only once every waiter is parked (or has
 * spun {@link #HOLD_NANOS}), so the waiters are registered before the first unpin; in the others
 * they race from the start, so registration meets the unpins at random points. The last unpin is
 * held back until the others have landed and every waiter has made its check or had
 * {@link #HOLD_NANOS} (100 us) to make it: a waiter that an earlier unpin woke is caught in each
 * episode where it was registered before that unpin and ran within 100 us of it (a woken thread
 * takes tens of microseconds when a CPU is free), not only when its check happens to beat the last.
 */
public final class IdleSoak implements Round
{
    private static final int FOLIOS = 4;
    private static final int PINS = 4;
    private static final int TRUNCATORS = 2;
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
        final PageMap map = PinStrategy.XADD_BATCH.create(PinConfig.of(FOLIOS, 0, IdleAt.ZERO, RefStrategy.RCUREF,
            memory, () -> { }).withHook(UnpinHook.STATIC_KEY, waiter));
        try (CloseUnlessRunaway open = new CloseUnlessRunaway(map::close); PageMap.Handle pinner = map.handle())
        {
            final Episodes episodes = new Episodes(pinner, tally);
            // the threads live for the round and meet between episodes: starting them afresh for
            // each episode cost 1 to 5 ms on a 2-vCPU guest, ten times the episode itself
            tally.failures("still blocked at the deadline, long after its episode's last unpin: a lost wakeup"
                + " (threads 0 and 1 wait, 2 and 3 unpin)",
                open.note(Workers.runTimed(TRUNCATORS + UNPINNERS, "idle-soak", nanos + HUNG_NANOS, (t, released) ->
                {
                    if (t == 0)
                    {
                        episodes.end = released + nanos; // read by the phaser's advance, after this thread arrives
                    }
                    try (PageMap.Handle unpinner = t < TRUNCATORS ? null : map.handle())
                    {
                        for (Episode e; (e = episodes.next()) != null; )
                        {
                            if (unpinner != null)
                            {
                                e.unpin(map, unpinner);
                            }
                            else if (t < e.truncators())
                            {
                                e.truncate(t, waiter, map, tally, name);
                            }
                        }
                    }
                    catch (final RuntimeException | Error ex)
                    {
                        episodes.abandon();
                        throw ex;
                    }
                    catch (final InterruptedException ex)
                    {
                        if (!episodes.abandoned)
                        {
                            throw ex; // the round's deadline: this thread was stuck
                        }
                    }
                })));
        }
    }

    /**
     * The round's episodes: the last thread to arrive between two episodes counts the one that ended,
     * then pins the next folio and makes its episode, or ends the round.
     */
    private static final class Episodes
    {
        private final PageMap.Handle pinner;
        private final Tally tally;
        /** Between episodes; terminated when the round ends, when a thread throws, or when one gives up on the others. */
        private final Phaser between = new Phaser(TRUNCATORS + UNPINNERS)
        {
            @Override
            protected boolean onAdvance(final int phase, final int parties)
            {
                try
                {
                    return !advance();
                }
                catch (final RuntimeException | Error ex)
                {
                    failed.set(ex); // thrown by the thread whose arrival ran this, once next() returns
                    return true;
                }
            }
        };
        private final AtomicReference<Throwable> failed = new AtomicReference<>();
        /** Written before the first arrival and read by the first advance: the phaser orders them. */
        long end;
        private volatile Episode current;
        private int count;
        volatile boolean abandoned;

        Episodes(final PageMap.Handle pinner, final Tally tally)
        {
            this.pinner = pinner;
            this.tally = tally;
        }

        /**
         * Waits for the others to finish the episode, then returns the next; null when the round is
         * over, when a thread threw, or when one gave up waiting (after half {@link Round#HUNG_NANOS},
         * so before the round's deadline: only the thread that is stuck is still running then, and
         * reported).
         */
        Episode next() throws InterruptedException
        {
            final int phase = between.arrive();
            try
            {
                if (phase < 0 || between.awaitAdvanceInterruptibly(phase, HUNG_NANOS / 2, TimeUnit.NANOSECONDS) < 0)
                {
                    rethrowFailure();
                    return null;
                }
            }
            catch (final TimeoutException stuck)
            {
                between.forceTermination(); // the others leave too; the stuck one is left to the deadline's report
                return null;
            }
            return current;
        }

        private void rethrowFailure()
        {
            final Throwable t = failed.getAndSet(null);
            if (t instanceof RuntimeException ex)
            {
                throw ex;
            }
            if (t != null)
            {
                throw (Error)t;
            }
        }

        /**
         * After a thread threw: lets the others go at once, from between episodes, from
         * the unpinners' holds, and from waiting on a folio that will not go idle now (an interrupt),
         * rather than leaving them to be reported stuck at the deadline.
         */
        void abandon()
        {
            abandoned = true;
            between.forceTermination();
            final Episode e = current;
            if (e != null)
            {
                e.interruptWaiters();
            }
        }

        /** Whether there is a next episode, made. */
        private boolean advance()
        {
            if (current != null)
            {
                tally.ops(current.truncators() + PINS * 2L);
            }
            if (System.nanoTime() - end >= 0)
            {
                current = null;
                return false;
            }
            final int episode = count++;
            final int folio = episode % FOLIOS;
            for (int i = 0; i < PINS; i++)
            {
                pinner.request(folio, 1);
            }
            current = new Episode(this, folio, 1 + (episode & 1), (episode & 2) == 0);
            return true;
        }
    }

    /** One episode's handshake between the waiters' checks and the last unpin. */
    private static final class Episode
    {
        private final Episodes round;
        private final int folio;
        private final boolean waitersFirst;
        private final AtomicInteger left = new AtomicInteger(PINS);
        /** When each waiter entered awaitIdle (0: not yet). */
        private final AtomicLongArray entered;
        private final AtomicReferenceArray<Thread> waiters;
        /** 1 once each waiter has made its check. */
        private final AtomicIntegerArray checked;
        private volatile boolean lastUnpinBegun;

        Episode(final Episodes round, final int folio, final int truncators, final boolean waitersFirst)
        {
            this.round = round;
            this.folio = folio;
            this.waitersFirst = waitersFirst;
            entered = new AtomicLongArray(truncators);
            waiters = new AtomicReferenceArray<>(truncators);
            checked = new AtomicIntegerArray(truncators);
        }

        int truncators()
        {
            return checked.length();
        }

        /** Waiter t: waits for the folio to go idle, then checks that it is, and that the last unpin had begun. */
        void truncate(final int t, final IdleWaiter waiter, final PageMap map, final Tally tally, final String name)
            throws InterruptedException
        {
            waiters.set(t, Thread.currentThread());
            if (round.abandoned) // read after the store above: abandon either interrupts this thread or is seen here
            {
                return;
            }
            entered.set(t, System.nanoTime());
            waiter.awaitIdle(map::isIdle, folio);
            final long refs = map.refs(folio);
            if ((refs != 0 || !lastUnpinBegun) && !round.abandoned)
            {
                tally.violation(name + ": waiter returned with " + refs + " references still held"
                    + (lastUnpinBegun ? "" : ", before the last unpin began") + ": an early wakeup");
            }
            checked.set(t, 1);
        }

        /** An unpinner: drops its share of the pins after random short pauses, holding back the last. */
        void unpin(final PageMap map, final PageMap.Handle h)
        {
            if (waitersFirst)
            {
                awaitTheWaiters();
            }
            for (int i = 0; i < PINS / UNPINNERS; i++)
            {
                pause();
                if (left.decrementAndGet() == 0)
                {
                    holdTheLastUnpin(map);
                }
                h.release(folio, 1);
            }
        }

        /** Until each waiter has checked, is parked, or has been waiting {@link #HOLD_NANOS}. */
        private void awaitTheWaiters()
        {
            for (int t = 0; t < checked.length(); t++)
            {
                while (checked.get(t) == 0 && !parked(t) && !held(t, Long.MIN_VALUE))
                {
                    Thread.yield(); // the waiters may need this CPU to park or check (2 vCPUs, 4 threads)
                }
            }
        }

        /** Until the other unpins have landed and each waiter has checked or had {@link #HOLD_NANOS} since then; then flags the last unpin. */
        private void holdTheLastUnpin(final PageMap map)
        {
            while (map.refs(folio) > 1 && !stop())
            {
                Thread.yield();
            }
            final long landed = System.nanoTime();
            for (int t = 0; t < checked.length(); t++)
            {
                while (checked.get(t) == 0 && !held(t, landed))
                {
                    Thread.yield();
                }
            }
            lastUnpinBegun = true;
        }

        void interruptWaiters()
        {
            for (int t = 0; t < waiters.length(); t++)
            {
                final Thread w = waiters.get(t);
                if (w != null)
                {
                    w.interrupt();
                }
            }
        }

        private boolean parked(final int t)
        {
            final Thread w = waiters.get(t);
            final Thread.State state = w == null ? Thread.State.NEW : w.getState();
            return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
        }

        /**
         * Whether waiter t has entered and {@link #HOLD_NANOS} have passed since it did, or since
         * {@code notBefore} if later; or the hold is to stop.
         */
        private boolean held(final int t, final long notBefore)
        {
            final long in = entered.get(t); // once: a second read could see the waiter enter in between
            return in != 0 && System.nanoTime() - Math.max(in, notBefore) >= HOLD_NANOS || stop();
        }

        /** Whether to give up holding: the round's deadline interrupted this thread, or another thread threw. */
        private boolean stop()
        {
            return Thread.currentThread().isInterrupted() || round.abandoned;
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
