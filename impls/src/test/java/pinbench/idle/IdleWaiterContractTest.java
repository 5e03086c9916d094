package pinbench.idle;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pinbench.Family;
import pinbench.VerdictRecorder;
import pinbench.memory.Memory;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.ref.RefStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The contract of every {@link IdleStrategy}, wired to a real page map through every hook that
 * reaches a listener, and the polling ones without a hook too. A wakeup is never lost and never early.
 */
@Timeout(120)
class IdleWaiterContractTest
{
    /** Each strategy's pass or fail, for scripts/bench to report next to its numbers. */
    @RegisterExtension
    static final VerdictRecorder VERDICTS = new VerdictRecorder(Family.IDLE);

    private static final int FOLIOS = 256;
    private static final int ROUNDS = 2_000;
    /** A waiter still blocked after this long was not woken: a lost wakeup, not a slow machine. */
    private static final long LOST_AFTER_SECONDS = 10;

    static Stream<Arguments> waiters()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final IdleStrategy strategy : IdleStrategy.values())
        {
            for (final UnpinHook hook : UnpinHook.values())
            {
                if (strategy.problemWith(hook) == null) // a polling waiter needs no hook: shown here
                {
                    all.add(Arguments.of(strategy, hook));
                }
            }
        }
        return all.stream();
    }

    /** A page map whose unpins reach the waiter. */
    private static final class Subject implements AutoCloseable
    {
        final IdleWaiter waiter;
        final PageMap map;
        final ExecutorService pool = Executors.newCachedThreadPool();

        Subject(final IdleStrategy strategy, final UnpinHook hook)
        {
            waiter = strategy.create(FOLIOS);
            map = PinStrategy.XADD_BATCH.create(PinConfig.of(FOLIOS, 0, IdleAt.ZERO, RefStrategy.RCUREF,
                Memory.heap(), () -> { }).withHook(hook, waiter));
        }

        Future<?> await(final int folio, final CountDownLatch started)
        {
            return pool.submit(() ->
            {
                started.countDown();
                waiter.awaitIdle(map::isIdle, folio);
                return null;
            });
        }

        @Override
        public void close()
        {
            pool.shutdownNow();
            map.close();
        }
    }

    private static void assertReturns(final Future<?> waiting, final String what) throws Exception
    {
        try
        {
            waiting.get(LOST_AFTER_SECONDS, TimeUnit.SECONDS);
        }
        catch (final TimeoutException ex)
        {
            fail("lost wakeup: " + what + " still waiting after " + LOST_AFTER_SECONDS + " s");
        }
    }

    private static void assertStillWaiting(final Future<?> waiting, final String what) throws Exception
    {
        try
        {
            waiting.get(50, TimeUnit.MILLISECONDS);
            fail("early wakeup: " + what + " returned while its folio was busy");
        }
        catch (final TimeoutException expected)
        {
            // still blocked, as it must be
        }
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("waiters")
    void waitingOnAnIdleFolioReturnsAtOnce(final IdleStrategy strategy, final UnpinHook hook) throws Exception
    {
        try (Subject s = new Subject(strategy, hook))
        {
            s.waiter.awaitIdle(s.map::isIdle, 7);
            assertReturns(s.await(8, new CountDownLatch(1)), "a waiter on an idle folio");
        }
    }

    /** Many rounds of the last unpin racing the waiter's registration, at random offsets. */
    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("waiters")
    void theLastUnpinNeverLosesOrPreemptsTheWakeup(final IdleStrategy strategy, final UnpinHook hook) throws Exception
    {
        try (Subject s = new Subject(strategy, hook))
        {
            final PageMap.Handle h = s.map.handle();
            for (int round = 0; round < ROUNDS; round++)
            {
                final int folio = round % FOLIOS;
                assertTrue(h.request(folio, 1));
                assertTrue(h.request(folio, 1));
                final AtomicBoolean lastUnpinStarted = new AtomicBoolean();
                final CountDownLatch started = new CountDownLatch(1);
                final Future<?> waiting = s.pool.submit(() ->
                {
                    started.countDown();
                    s.waiter.awaitIdle(s.map::isIdle, folio);
                    if (!lastUnpinStarted.get())
                    {
                        throw new AssertionError("early wakeup: returned before the last unpin");
                    }
                    return null;
                });
                started.await();
                h.put(folio); // not the last: the waiter must stay
                final int spins = ThreadLocalRandom.current().nextInt(2_000);
                for (int i = 0; i < spins; i++)
                {
                    Thread.onSpinWait();
                }
                lastUnpinStarted.set(true);
                h.put(folio);
                assertReturns(waiting, "round " + round + " waiter");
            }
        }
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("waiters")
    void severalWaitersOnOneFolioAllWake(final IdleStrategy strategy, final UnpinHook hook) throws Exception
    {
        try (Subject s = new Subject(strategy, hook))
        {
            final PageMap.Handle h = s.map.handle();
            assertTrue(h.pinForDma(3));
            final CountDownLatch started = new CountDownLatch(4);
            final List<Future<?>> waiting = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                waiting.add(s.await(3, started));
            }
            started.await();
            for (final Future<?> w : waiting)
            {
                assertStillWaiting(w, "a waiter on a DMA-pinned folio");
            }
            h.unpinForDma(3);
            for (final Future<?> w : waiting)
            {
                assertReturns(w, "one of four waiters on one folio");
            }
        }
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("waiters")
    void waitersOnFoliosThatShareABucketWakeOnlyForTheirOwn(final IdleStrategy strategy, final UnpinHook hook)
        throws Exception
    {
        final int a = 5;
        int b = a + 1;
        while (HashedQueueWaiter.bucket(b) != HashedQueueWaiter.bucket(a))
        {
            b++;
        }
        try (Subject s = new Subject(strategy, hook))
        {
            final PageMap.Handle h = s.map.handle();
            assertTrue(h.request(a, 1));
            assertTrue(h.request(b, 1));
            final CountDownLatch started = new CountDownLatch(2);
            final Future<?> onA = s.await(a, started);
            final Future<?> onB = s.await(b, started);
            started.await();
            h.release(a, 1);
            assertReturns(onA, "the waiter on the folio that went idle");
            assertStillWaiting(onB, "the waiter on a busy folio in the same bucket");
            h.release(b, 1);
            assertReturns(onB, "the second waiter");
        }
    }

    @ParameterizedTest(name = "{0} via {1}")
    @MethodSource("waiters")
    void aWaitingThreadCanBeInterrupted(final IdleStrategy strategy, final UnpinHook hook) throws Exception
    {
        try (Subject s = new Subject(strategy, hook))
        {
            final PageMap.Handle h = s.map.handle();
            assertTrue(h.request(9, 1));
            final AtomicReference<Throwable> thrown = new AtomicReference<>();
            final CountDownLatch started = new CountDownLatch(1);
            final Thread waiter = new Thread(() ->
            {
                started.countDown();
                try
                {
                    s.waiter.awaitIdle(s.map::isIdle, 9);
                }
                catch (final Throwable ex)
                {
                    thrown.set(ex);
                }
            });
            waiter.start();
            started.await();
            waiter.join(50);
            assertTrue(waiter.isAlive(), "early wakeup: the waiter returned while its folio was busy");
            waiter.interrupt();
            waiter.join(TimeUnit.SECONDS.toMillis(LOST_AFTER_SECONDS));
            assertFalse(waiter.isAlive(), "the interrupted waiter is still waiting");
            assertInstanceOf(InterruptedException.class, thrown.get());
            assertFalse(s.map.isIdle(9));
            h.release(9, 1);
            assertEquals(0, s.map.refs(9));
        }
    }
}
