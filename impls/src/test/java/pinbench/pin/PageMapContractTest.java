package pinbench.pin;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pinbench.Family;
import pinbench.TestMemory;
import pinbench.VerdictRecorder;
import pinbench.concurrent.Workers;
import pinbench.memory.Backend;
import pinbench.memory.Memory;
import pinbench.ref.RefStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract of every {@link PinStrategy}, under both idle conventions and on every backend.
 * Each combination gets a different family-1 strategy as its range reference, so every range
 * strategy is composed with the page map somewhere.
 */
@Timeout(120)
class PageMapContractTest
{
    /** Each strategy's pass or fail, for scripts/bench to report next to its numbers. */
    @RegisterExtension
    static final VerdictRecorder VERDICTS = new VerdictRecorder(Family.PIN);

    private static final int FOLIOS = 8;
    private static final int PHASES = 20;
    private static final int OPS_PER_PHASE = 12_500;
    private static final int THREADS = 4;
    /** A hammer thread still running after this long is stuck (a livelock, a lost wakeup), not slow. */
    private static final long HUNG_NANOS = TimeUnit.SECONDS.toNanos(60);

    static Stream<Arguments> pageMaps()
    {
        final List<Arguments> all = new ArrayList<>();
        int i = 0;
        for (final PinStrategy strategy : PinStrategy.values())
        {
            for (final IdleAt idleAt : IdleAt.values())
            {
                for (final Backend backend : TestMemory.backends())
                {
                    final RefStrategy range = RefStrategy.values()[i++ % RefStrategy.values().length];
                    all.add(Arguments.of(strategy, idleAt, backend, range));
                }
            }
        }
        return all.stream();
    }

    /** A page map under test, with its range release counted. */
    private static final class Subject implements AutoCloseable
    {
        final AtomicInteger rangeReleases = new AtomicInteger();
        final AtomicReference<String> releasedBusy = new AtomicReference<>();
        final PageMap map;

        Subject(final Function<PinConfig, PageMap> factory, final IdleAt idleAt, final Backend backend,
            final RefStrategy range)
        {
            final PageMap[] self = new PageMap[1];
            map = factory.apply(PinConfig.of(FOLIOS, 0, idleAt, range, TestMemory.of(backend), () ->
            {
                rangeReleases.incrementAndGet();
                for (int f = 0; f < FOLIOS; f++)
                {
                    if (!self[0].isIdle(f))
                    {
                        releasedBusy.compareAndSet(null, "range released while folio " + f + " had "
                            + self[0].refs(f) + " references");
                    }
                }
            }));
            self[0] = map;
        }

        void assertQuiet(final String when)
        {
            for (int f = 0; f < FOLIOS; f++)
            {
                assertEquals(0, map.refs(f), when + ": folio " + f + " references");
            }
            assertEquals(1, map.rangeCount(), when + ": range reference lost or doubled");
        }

        @Override
        public void close()
        {
            map.close();
        }
    }

    private static Subject subject(final PinStrategy strategy, final IdleAt idleAt, final Backend backend,
        final RefStrategy range)
    {
        return new Subject(strategy::create, idleAt, backend, range);
    }

    /** A page map used after close throws, on every backend: on a mapped one it once touched unmapped memory. */
    @ParameterizedTest(name = "{0} idle at {1} on {2}, range {3}")
    @MethodSource("pageMaps")
    void aClosedPageMapRefusesEveryOperation(final PinStrategy strategy, final IdleAt idleAt, final Backend backend,
        final RefStrategy range)
    {
        final Subject s = subject(strategy, idleAt, backend, range);
        final PageMap.Handle h = s.map.handle();
        assertTrue(h.request(0, 2));
        s.close();
        assertThrows(IllegalStateException.class, () -> h.request(2, 1));
        assertThrows(IllegalStateException.class, () -> h.release(0, 2));
        assertThrows(IllegalStateException.class, () -> h.tryGetSpeculative(0));
        assertThrows(IllegalStateException.class, () -> h.pinForDma(0));
        assertThrows(IllegalStateException.class, () -> s.map.refs(0));
        assertThrows(IllegalStateException.class, () -> s.map.isIdle(1));
        assertThrows(IllegalStateException.class, s.map::kill);
        assertThrows(IllegalStateException.class, s.map::rangeCount);
        s.close(); // a second close does nothing
        assertEquals(0, s.rangeReleases.get());
    }

    @ParameterizedTest(name = "{0} idle at {1} on {2}, range {3}")
    @MethodSource("pageMaps")
    void eachBusyFolioHoldsOneRangeReference(final PinStrategy strategy, final IdleAt idleAt, final Backend backend,
        final RefStrategy range)
    {
        try (Subject s = subject(strategy, idleAt, backend, range))
        {
            final PageMap.Handle h = s.map.handle();
            s.assertQuiet("new");
            assertTrue(h.request(0, 4));
            assertEquals(1 + 4, s.map.rangeCount());
            assertTrue(h.request(2, 4));
            assertEquals(2, s.map.refs(2));
            assertEquals(1, s.map.refs(5));
            assertEquals(1 + 6, s.map.rangeCount(), "overlap adds no range reference for folios already busy");
            h.release(0, 4);
            assertEquals(1 + 4, s.map.rangeCount());
            assertFalse(s.map.isIdle(2));
            assertTrue(s.map.isIdle(0));
            h.release(2, 4);
            s.assertQuiet("all released");
            assertThrows(IndexOutOfBoundsException.class, () -> h.request(FOLIOS - 1, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> h.request(-1, 1));
            assertThrows(IndexOutOfBoundsException.class, () -> h.request(0, 0));
            s.assertQuiet("after refused spans");
        }
    }

    @ParameterizedTest(name = "{0} idle at {1} on {2}, range {3}")
    @MethodSource("pageMaps")
    void teardownDisablesInvalidatesAndDrains(final PinStrategy strategy, final IdleAt idleAt, final Backend backend,
        final RefStrategy range)
    {
        try (Subject s = subject(strategy, idleAt, backend, range))
        {
            final PageMap.Handle h = s.map.handle();
            assertTrue(h.request(0, 3));
            assertTrue(h.pinForDma(5));
            s.map.kill();
            assertTrue(s.map.isDying());
            assertFalse(h.request(6, 2), "request after kill");
            assertFalse(h.pinForDma(7), "DMA pin after kill");
            assertEquals(0, s.map.refs(6));
            assertEquals(0, s.map.refs(7));
            assertFalse(h.request(0, 1), "even a busy folio cannot be requested once dying");
            h.release(0, 3);
            assertEquals(0, s.rangeReleases.get(), "folio 5 is still DMA-pinned");
            h.unpinForDma(5);
            assertEquals(1, s.rangeReleases.get());
            assertEquals(null, s.releasedBusy.get());
            assertEquals(0, s.map.rangeCount());
        }
    }

    @ParameterizedTest(name = "{0} idle at {1} on {2}, range {3}")
    @MethodSource("pageMaps")
    void dmaPinsAreNeverMissedByMaybeDmaPinned(final PinStrategy strategy, final IdleAt idleAt, final Backend backend,
        final RefStrategy range)
    {
        try (Subject s = subject(strategy, idleAt, backend, range))
        {
            final PageMap.Handle h = s.map.handle();
            assertFalse(s.map.maybeDmaPinned(1));
            assertTrue(h.pinForDma(1));
            assertTrue(s.map.maybeDmaPinned(1));
            assertEquals(PageMap.DMA_PIN_BIAS, s.map.refs(1));
            assertTrue(h.request(1, 1));
            h.put(1);
            assertTrue(s.map.maybeDmaPinned(1));
            h.unpinForDma(1);
            assertFalse(s.map.maybeDmaPinned(1));
            for (int i = 0; i < PageMap.DMA_PIN_BIAS; i++)
            {
                assertTrue(h.request(2, 1));
            }
            assertTrue(s.map.maybeDmaPinned(2), "1024 plain references: an allowed false positive");
            h.release(2, 1);
            assertFalse(s.map.maybeDmaPinned(2));
            for (int i = 1; i < PageMap.DMA_PIN_BIAS; i++)
            {
                h.put(2);
            }
            s.assertQuiet("after pins");
        }
    }

    @ParameterizedTest(name = "{0} idle at {1} on {2}, range {3}")
    @MethodSource("pageMaps")
    void speculativeGetsFollowTheIdleConvention(final PinStrategy strategy, final IdleAt idleAt, final Backend backend,
        final RefStrategy range)
    {
        try (Subject s = subject(strategy, idleAt, backend, range))
        {
            final PageMap.Handle h = s.map.handle();
            if (idleAt == IdleAt.ZERO)
            {
                assertFalse(h.tryGetSpeculative(3), "get unless zero must fail on an idle folio");
                assertEquals(1, s.map.rangeCount());
            }
            else
            {
                assertTrue(h.tryGetSpeculative(3), "at idle-at-1 a speculative get succeeds on an idle folio");
                assertEquals(2, s.map.rangeCount(), "and crossing the idle edge takes a range reference");
                h.put(3);
                s.assertQuiet("after the transient reference");
            }
            assertTrue(h.request(3, 1));
            assertTrue(h.tryGetSpeculative(3));
            assertEquals(2, s.map.refs(3));
            assertEquals(2, s.map.rangeCount());
            h.release(3, 1);
            h.put(3);
            s.assertQuiet("after request and transient reference");
            s.map.kill();
            assertEquals(1, s.rangeReleases.get());
            assertFalse(h.tryGetSpeculative(3), "no speculative get revives a released range");
        }
    }

    /**
     * A busy folio holds exactly one range reference whatever races its idle edges: transient
     * speculative references, DMA pins and overlapping requests and releases, all on a few folios at
     * once. Between phases every thread stops and the range reference must be exactly one (nothing
     * lost, nothing doubled); in the last phase kill races with everything, and the range is released
     * exactly once, never while a folio is busy.
     */
    @ParameterizedTest(name = "{0} idle at {1} on {2}, range {3}")
    @MethodSource("pageMaps")
    void transientReferencesNeverLoseOrDoubleTheRangeReference(final PinStrategy strategy, final IdleAt idleAt,
        final Backend backend, final RefStrategy range) throws Exception
    {
        try (Subject s = subject(strategy, idleAt, backend, range))
        {
            hammer(s, true);
            assertEquals(1, s.rangeReleases.get(), "range released exactly once");
            assertEquals(null, s.releasedBusy.get());
        }
    }

    /**
     * The hammer must catch edge detection that rereads the count after its atomic add: another
     * thread's update can land in between, so both threads or neither see the folio leave idle, and
     * a range reference is doubled or lost.
     */
    @Test
    void theHammerCatchesEdgeDetectionThatRereadsTheCount() throws Exception
    {
        final FolioCount incThenRead = (cells, folio, delta, lost) ->
        {
            cells.getAndAdd(folio, delta);
            return cells.getVolatile(folio) - delta; // folio_ref_inc(); if (folio_ref_count() == 1) ...
        };
        boolean caught = false;
        for (int attempt = 0; attempt < 20 && !caught; attempt++)
        {
            try (Subject s = new Subject(c -> new FolioPageMap(c, incThenRead, false), IdleAt.ZERO, Backend.HEAP,
                RefStrategy.RCUREF))
            {
                hammer(s, false);
            }
            catch (final AssertionError expected)
            {
                caught = true;
            }
        }
        assertTrue(caught, "the race test never noticed a lost or doubled range reference");
    }

    private static void hammer(final Subject s, final boolean killInLastPhase) throws Exception
    {
        final CyclicBarrier phaseEnd = new CyclicBarrier(THREADS);
        final AtomicReference<AssertionError> phaseFailure = new AtomicReference<>();
        Workers.run(THREADS, "hammer", HUNG_NANOS, t ->
        {
            final PageMap.Handle h = s.map.handle();
            final ThreadLocalRandom random = ThreadLocalRandom.current();
            for (int phase = 0; phase < PHASES; phase++)
            {
                final boolean last = phase == PHASES - 1;
                if (last && killInLastPhase && t == 0)
                {
                    s.map.kill();
                }
                for (int op = 0; op < OPS_PER_PHASE; op++)
                {
                    final int folio = random.nextInt(FOLIOS);
                    switch (t)
                    {
                        case 0, 1 ->
                        {
                            final int n = 1 + random.nextInt(FOLIOS - folio);
                            if (h.request(folio, n))
                            {
                                h.release(folio, n);
                            }
                        }
                        case 2 ->
                        {
                            if (h.tryGetSpeculative(folio))
                            {
                                h.put(folio);
                            }
                        }
                        default ->
                        {
                            if (h.pinForDma(folio))
                            {
                                if (!s.map.maybeDmaPinned(folio))
                                {
                                    throw new AssertionError("a DMA-pinned folio reads as not pinned");
                                }
                                h.unpinForDma(folio);
                            }
                        }
                    }
                }
                awaitPhaseEnd(phaseEnd);
                if (t == 0 && !(last && killInLastPhase))
                {
                    try
                    {
                        s.assertQuiet("after phase " + phase);
                    }
                    catch (final AssertionError ex)
                    {
                        phaseFailure.compareAndSet(null, ex);
                    }
                }
                awaitPhaseEnd(phaseEnd);
            }
        }).assertNone();
        if (phaseFailure.get() != null)
        {
            throw phaseFailure.get();
        }
    }

    private static void awaitPhaseEnd(final CyclicBarrier barrier) throws InterruptedException
    {
        try
        {
            barrier.await(30, TimeUnit.SECONDS);
        }
        catch (final BrokenBarrierException | TimeoutException ex)
        {
            throw new AssertionError("another hammer thread failed", ex);
        }
    }
}
