package pinbench.ref;

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

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The contract every {@link RefStrategy} must keep, run against every catalog entry on every
 * backend. A strategy added to the catalog is tested here without touching this file.
 */
@Timeout(120)
class RefCountContractTest
{
    /** Each strategy's pass or fail, for scripts/bench to report next to its numbers. */
    @RegisterExtension
    static final VerdictRecorder VERDICTS = new VerdictRecorder(Family.REF);

    private static final int THREADS = 4;
    /** A hammer thread still running after this long is stuck (a livelock, a lost wakeup), not slow. */
    private static final long HUNG_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int OPS_PER_THREAD = 1_000_000;
    private static final int ROUNDS = 40;

    static Stream<Arguments> strategies()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final RefStrategy strategy : RefStrategy.values())
        {
            for (final Backend backend : TestMemory.backends())
            {
                all.add(Arguments.of(strategy, backend));
            }
        }
        return all.stream();
    }

    /** A count under test with its release callback instrumented. */
    private static final class Subject implements AutoCloseable
    {
        final AtomicInteger releases = new AtomicInteger();
        final AtomicLong releaseOrder = new AtomicLong(-1);
        final AtomicLong clock;
        final RefCount ref;

        Subject(final RefStrategy strategy, final Backend backend)
        {
            this(strategy, backend, new AtomicLong());
        }

        Subject(final RefStrategy strategy, final Backend backend, final AtomicLong clock)
        {
            this.clock = clock;
            this.ref = strategy.create(TestMemory.of(backend), () ->
            {
                releases.incrementAndGet();
                releaseOrder.set(clock.incrementAndGet());
            });
        }

        boolean released()
        {
            return releases.get() > 0;
        }

        /** Called by a thread that holds a reference: the count must not have been released. */
        void checkNotReleasedWhile(final String holding)
        {
            if (released())
            {
                throw new AssertionError("released while " + holding);
            }
        }

        /** Called just before a tryGetLive: one that succeeds must not have started after kill returned. */
        static void checkNotAfterKill(final boolean killHadReturned)
        {
            if (killHadReturned)
            {
                throw new AssertionError("tryGetLive succeeded after kill returned");
            }
        }

        @Override
        public void close()
        {
            ref.close();
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void aNumberOfReferencesOutsideOneToTheLimitIsRefusedAndLeavesTheCountAlone(final RefStrategy strategy,
        final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle h = s.ref.handle();
            for (final long n : new long[] {0, -1, Long.MIN_VALUE, RefCount.MAX_COUNT + 1, Long.MAX_VALUE})
            {
                assertThrows(IllegalArgumentException.class, () -> h.getMany(n), "getMany(" + n + ")");
                assertThrows(IllegalArgumentException.class, () -> h.putMany(n), "putMany(" + n + ")");
            }
            assertEquals(1, s.ref.count(), "unchanged: getMany(-1) once acted as a put");
            assertTrue(h.tryGetLive());
            s.ref.kill();
            assertThrows(IllegalArgumentException.class, () -> h.putMany(0));
            assertThrows(IllegalArgumentException.class, () -> h.putMany(-1));
            assertFalse(s.released(), "a refused put while dying drops nothing");
            h.put();
            assertTrue(s.released(), "the last real put still releases");
        }
    }

    /**
     * At the largest count, live and dying: a get past it is refused with the count unchanged, and
     * nothing near it is mistaken for a state (every strategy once broke between 2^61 and 2^62:
     * RCUREF's tryGetLive succeeded after kill, STRIPED's cell refused it while live).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void theLargestCountIsKeptAndPassingItIsRefused(final RefStrategy strategy, final Backend backend)
    {
        final long max = RefCount.MAX_COUNT;
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle h = s.ref.handle();
            h.getMany(max - 1);
            assertEquals(max, s.ref.count());
            assertThrows(IllegalStateException.class, () -> h.getMany(max), "2 x 2^48 held");
            assertEquals(max, s.ref.count(), "a refused get leaves the count alone");
            try
            {
                assertTrue(h.tryGetLive(), "live at the limit: a tryGetLive is taken or refused, never 'dying'");
                h.put();
            }
            catch (final IllegalStateException refused)
            {
                assertEquals(max, s.ref.count());
            }
            if (strategy == RefStrategy.CAS_LOOP || strategy == RefStrategy.RCUREF)
            {
                assertThrows(IllegalStateException.class, h::get, "one word, live: refused exactly at the limit");
                assertThrows(IllegalStateException.class, h::tryGetLive, "one word, live: refused exactly at the limit");
                assertEquals(max, s.ref.count(), "refused gets leave the count alone");
            }
            final RefCount.Handle other = s.ref.handle(); // drops what h took, on another part of a split count
            other.putMany(max - 1);
            other.getMany(max - 1);
            assertEquals(max, s.ref.count());

            s.ref.kill();
            assertEquals(max - 1, s.ref.count());
            h.getMany(1);
            assertThrows(IllegalStateException.class, () -> h.getMany(2), "dying: exactly at the limit");
            assertThrows(IllegalStateException.class, () -> other.getMany(1));
            assertFalse(h.tryGetLive(), "killed: no tryGetLive succeeds at any count");
            assertFalse(other.tryGetLive());
            assertEquals(max, s.ref.count());
            other.putMany(max - 1);
            assertFalse(s.released(), "one reference is still held");
            h.put();
            assertEquals(1, s.releases.get());
        }
    }

    /** A count used after close throws, on every backend: on a mapped one it once touched unmapped memory. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void aClosedCountRefusesEveryOperation(final RefStrategy strategy, final Backend backend)
    {
        final Subject s = new Subject(strategy, backend);
        final RefCount.Handle h = s.ref.handle();
        h.get();
        s.close();
        assertThrows(IllegalStateException.class, h::get);
        assertThrows(IllegalStateException.class, h::put);
        assertThrows(IllegalStateException.class, h::tryGetLive);
        assertThrows(IllegalStateException.class, s.ref::kill);
        assertThrows(IllegalStateException.class, s.ref::count);
        assertThrows(IllegalStateException.class, () -> s.ref.handle().get(), "a handle taken after close, or its get");
        s.close(); // a second close does nothing
        assertFalse(s.released());
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void startsLiveWithTheInitialReference(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            assertEquals(1, s.ref.count());
            assertFalse(s.ref.isDying());
            assertFalse(s.released());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void countIsExactAcrossHandles(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle a = s.ref.handle();
            final RefCount.Handle b = s.ref.handle();
            assertTrue(a.tryGetLive());
            a.get();
            a.get();
            assertEquals(4, s.ref.count());
            b.put(); // a reference taken on one handle may be dropped on another
            b.put();
            assertEquals(2, s.ref.count());
            b.put();
            assertEquals(1, s.ref.count());
            assertFalse(s.released(), "no release while live");
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void manyAtOnceCountsLikeOneByOne(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle a = s.ref.handle();
            final RefCount.Handle b = s.ref.handle();
            assertTrue(a.tryGetLive());
            a.getMany(511);
            assertEquals(513, s.ref.count());
            b.putMany(200); // dropped on another handle than taken
            assertEquals(313, s.ref.count());
            s.ref.kill(); // drops the initial reference: 312 left
            a.getMany(7);
            b.putMany(300);
            assertEquals(19, s.ref.count());
            assertFalse(s.released());
            a.putMany(19);
            assertEquals(1, s.releases.get());
            assertEquals(0, s.ref.count());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killWithNothingElseHeldReleasesAtOnce(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle h = s.ref.handle();
            assertTrue(h.tryGetLive());
            h.put();
            s.ref.kill();
            assertTrue(s.ref.isDying());
            assertEquals(1, s.releases.get());
            assertEquals(0, s.ref.count());
            assertFalse(h.tryGetLive());
            assertEquals(1, s.releases.get(), "a failed tryGetLive on a released count must not release again");
            assertEquals(0, s.ref.count());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killWithReferencesHeldReleasesOnTheLastPut(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle a = s.ref.handle();
            final RefCount.Handle b = s.ref.handle();
            assertTrue(a.tryGetLive());
            assertTrue(b.tryGetLive());
            s.ref.kill();
            assertTrue(s.ref.isDying());
            assertFalse(s.released());
            assertEquals(2, s.ref.count());
            assertFalse(a.tryGetLive(), "tryGetLive after kill");
            assertFalse(b.tryGetLive(), "tryGetLive after kill");
            assertEquals(2, s.ref.count(), "a failed tryGetLive leaves the count as it was");
            a.get(); // legal: a holds a reference
            assertEquals(3, s.ref.count());
            a.put();
            a.put();
            assertFalse(s.released(), "b still holds a reference");
            assertEquals(1, s.ref.count());
            b.put();
            assertEquals(1, s.releases.get());
            assertEquals(0, s.ref.count());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killReportsItsPhasesInOrderOnceEach(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle h = s.ref.handle();
            assertTrue(h.tryGetLive());
            final List<KillProbe.Phase> reached = new ArrayList<>();
            final List<Boolean> dyingAt = new ArrayList<>();
            s.ref.kill(phase ->
            {
                reached.add(phase);
                dyingAt.add(!h.tryGetLive() || undo(h));
            });
            assertFalse(reached.isEmpty(), "kill reported no phase");
            assertEquals(KillProbe.Phase.DROP_INITIAL, reached.get(reached.size() - 1), "last phase: " + reached);
            assertFalse(reached.contains(KillProbe.Phase.AWAIT_RELEASE), "the caller marks AWAIT_RELEASE, not kill");
            for (int i = 1; i < reached.size(); i++)
            {
                assertTrue(reached.get(i - 1).compareTo(reached.get(i)) < 0, "out of order or repeated: " + reached);
            }
            assertEquals(List.of(true), dyingAt.stream().distinct().toList(),
                "no tryGetLive succeeds once a phase is reported: " + reached + " " + dyingAt);
            assertFalse(s.released(), "the handle still holds its reference");
            h.put();
            assertEquals(1, s.releases.get());
        }
    }

    /** Drops the reference a probe's {@code tryGetLive} took by mistake; {@code false}: it was taken. */
    private static boolean undo(final RefCount.Handle h)
    {
        h.put();
        return false;
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killTwiceIsRefused(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle h = s.ref.handle();
            assertTrue(h.tryGetLive());
            s.ref.kill();
            assertThrows(IllegalStateException.class, s.ref::kill);
            h.put();
            assertEquals(1, s.releases.get());
        }
    }

    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void moreHandlesThanAnyStrategyHasSlots(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final List<RefCount.Handle> handles = new ArrayList<>();
            for (int i = 0; i < 300; i++)
            {
                final RefCount.Handle h = s.ref.handle();
                assertTrue(h.tryGetLive());
                handles.add(h);
            }
            assertEquals(301, s.ref.count());
            s.ref.kill();
            for (int i = handles.size() - 1; i >= 0; i--)
            {
                assertFalse(s.released(), "released with " + (i + 1) + " references held");
                handles.get((i * 7) % handles.size()).put(); // drop on a different handle than taken
            }
            assertEquals(1, s.releases.get());
            assertEquals(0, s.ref.count());
        }
    }

    /**
     * A pool that takes a handle per task, for a million tasks, while one reference is held. The
     * handles once counted every registration in an int that was never taken back: at 2^31 it went
     * negative, and kill scanned no slot and released the count under the held reference. Now a
     * closed handle's slot is reused, so the slots in use stay those of the handles open at once.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void aMillionHandlesTakenAndClosedLeaveTheSlotsAndTheCountAsTheyWere(final RefStrategy strategy,
        final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle holder = s.ref.handle();
            holder.get();
            final int allocated = slotsAllocated(s.ref);
            for (int task = 0; task < 1_000_000; task++)
            {
                try (RefCount.Handle h = s.ref.handle())
                {
                    h.get();
                    h.put();
                }
            }
            assertEquals(allocated, slotsAllocated(s.ref), "slots after a million handles, two open at a time");
            assertEquals(2, s.ref.count(), "the initial reference and the held one");
            s.ref.kill();
            assertFalse(s.released(), "released with a reference held");
            assertEquals(1, s.ref.count());
            holder.put();
            assertEquals(1, s.releases.get());
        }
    }

    /**
     * A pool that churns threads: 200 handles each take a reference and are closed, then 200 more
     * drop those references. Closing keeps what a handle took counted; the second 200 reuse the
     * slots of the first, and no handle of a slot strategy but BIASED's second is left without one.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void closedHandlesGiveTheirSlotsBack(final RefStrategy strategy, final Backend backend)
    {
        final int handles = 200;
        try (Subject s = new Subject(strategy, backend))
        {
            final List<RefCount.Handle> first = new ArrayList<>();
            for (int i = 0; i < handles; i++)
            {
                final RefCount.Handle h = s.ref.handle();
                assertTrue(h.tryGetLive());
                first.add(h);
            }
            final int allocated = slotsAllocated(s.ref);
            if (s.ref instanceof SlotRef && !(s.ref instanceof BiasedRef))
            {
                assertTrue(allocated >= handles, handles + " handles on " + allocated + " slots");
            }
            first.forEach(RefCount.Handle::close);
            assertEquals(1 + handles, s.ref.count(), "closing a handle keeps its references counted");
            for (int i = 0; i < handles; i++)
            {
                s.ref.handle().put();
            }
            assertEquals(allocated, slotsAllocated(s.ref), "new handles reuse the slots closed ones gave back");
            assertEquals(1, s.ref.count());
            s.ref.kill();
            assertEquals(1, s.releases.get());
        }
    }

    /**
     * Kill reaches handles in every chunk of slots (each chunk reads its own copy of the mode), and a
     * chunk added after the kill starts dead: 100 handles hold a reference across the kill, then
     * 100 more are taken; no handle gets a reference after it, and the last put releases.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killReachesHandlesOfEveryChunkAndLaterOnes(final RefStrategy strategy, final Backend backend)
    {
        final int handles = 100;
        try (Subject s = new Subject(strategy, backend))
        {
            final List<RefCount.Handle> before = new ArrayList<>();
            for (int i = 0; i < handles; i++)
            {
                final RefCount.Handle h = s.ref.handle();
                assertTrue(h.tryGetLive());
                before.add(h);
            }
            s.ref.kill();
            final List<RefCount.Handle> after = new ArrayList<>();
            for (int i = 0; i < handles; i++)
            {
                after.add(s.ref.handle());
            }
            for (int i = 0; i < handles; i++)
            {
                assertFalse(before.get(i).tryGetLive(), "handle " + i + " got a reference after the kill");
                assertFalse(after.get(i).tryGetLive(), "handle " + (handles + i) + ", taken after the kill, got a reference");
            }
            assertEquals(handles, s.ref.count());
            for (int i = 0; i < handles; i++)
            {
                assertEquals(0, s.releases.get(), "released with " + (handles - i) + " references held");
                after.get(i).put(); // drop on a handle of a chunk added after the kill
            }
            assertEquals(1, s.releases.get());
            assertEquals(0, s.ref.count());
        }
    }

    /** A closed handle of a slot strategy is refused (its slot may be another's now); others keep counting. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void aClosedHandleIsRefusedOrStillExact(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle closed = s.ref.handle();
            assertTrue(closed.tryGetLive());
            closed.close();
            final RefCount.Handle next = s.ref.handle();
            next.get();
            if (s.ref instanceof SlotRef)
            {
                assertThrows(IllegalStateException.class, closed::get);
                assertThrows(IllegalStateException.class, closed::tryGetLive);
                assertThrows(IllegalStateException.class, closed::close);
            }
            else
            {
                closed.get();
                closed.put();
            }
            assertEquals(3, s.ref.count());
            s.ref.kill();
            next.put();
            assertFalse(s.released(), "one reference is still held");
            next.put(); // the one taken through the closed handle
            assertEquals(1, s.releases.get());
        }
    }

    /** With no other thread, no CAS can lose a race: a retry counted here is a miscount. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void aLoneThreadRetriesNoCas(final RefStrategy strategy, final Backend backend)
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final RefCount.Handle h = s.ref.handle();
            for (int i = 0; i < 1_000; i++)
            {
                assertTrue(h.tryGetLive());
                h.get();
                h.put();
                h.put();
            }
            assertEquals(0, h.casRetries());
            s.ref.kill();
            assertFalse(h.tryGetLive());
            assertEquals(0, h.casRetries(), "a refused tryGetLive is no retry");
        }
    }

    /**
     * Several counts killed at the same time from several threads, each while a pinner of its own
     * keeps taking and dropping references: every count releases exactly once, after its last
     * reference, whatever the kills share (a barrier, a lock).
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killsInParallelEachReleaseOnce(final RefStrategy strategy, final Backend backend) throws Exception
    {
        final int counts = THREADS / 2;
        for (int round = 0; round < ROUNDS; round++)
        {
            final List<Subject> subjects = new ArrayList<>();
            try
            {
                for (int i = 0; i < counts; i++)
                {
                    subjects.add(new Subject(strategy, backend));
                }
                final List<CountDownLatch> pinning = new ArrayList<>();
                subjects.forEach(s -> pinning.add(new CountDownLatch(1)));
                Workers.run(2 * counts, "kill-or-pin", HUNG_NANOS, t ->
                {
                    final Subject s = subjects.get(t / 2);
                    final RefCount.Handle h = s.ref.handle();
                    if (t % 2 == 0)
                    {
                        awaitQuietly(pinning.get(t / 2));
                        s.ref.kill();
                        return;
                    }
                    assertTrue(h.tryGetLive(), "the count is killed only once its pinner pins");
                    h.put();
                    pinning.get(t / 2).countDown();
                    while (h.tryGetLive())
                    {
                        s.checkNotReleasedWhile("a reference was held");
                        h.put();
                    }
                }).assertNone();
                for (final Subject s : subjects)
                {
                    assertEquals(1, s.releases.get(), "release must run exactly once");
                    assertEquals(0, s.ref.count());
                }
            }
            finally
            {
                subjects.forEach(Subject::close);
            }
        }
    }

    private static int slotsAllocated(final RefCount ref)
    {
        return ref instanceof SlotRef ? ((SlotRef)ref).slotsAllocated() : 0;
    }

    /**
     * Threads take and drop references on their own handles, and hand some over to be dropped by
     * another thread, while no kill happens: the count must be exact when they stop.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void concurrentGetsAndPutsKeepTheCountExact(final RefStrategy strategy, final Backend backend) throws Exception
    {
        try (Subject s = new Subject(strategy, backend))
        {
            final Queue<Boolean> handedOver = new ConcurrentLinkedQueue<>();
            Workers.run(THREADS, "hammer", HUNG_NANOS, t ->
            {
                final RefCount.Handle h = s.ref.handle();
                final ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < OPS_PER_THREAD / 2; i++)
                {
                    if (!h.tryGetLive())
                    {
                        throw new AssertionError("tryGetLive failed on a live count");
                    }
                    h.get();
                    h.put();
                    if ((random.nextInt() & 63) == 0)
                    {
                        handedOver.add(Boolean.TRUE);
                    }
                    else if (handedOver.poll() != null)
                    {
                        h.put(); // a reference another thread took
                        h.put();
                    }
                    else
                    {
                        h.put();
                    }
                }
            }).assertNone();
            assertEquals(1 + handedOver.size(), s.ref.count(), "quiescent count");
            assertFalse(s.released());
            final RefCount.Handle main = s.ref.handle();
            s.ref.kill();
            while (handedOver.poll() != null)
            {
                assertFalse(s.released());
                main.put();
            }
            assertEquals(1, s.releases.get());
            assertEquals(0, s.ref.count());
        }
    }

    /**
     * Kill races with threads taking, nesting and dropping references, some of them dropped by a
     * different thread. Checks: release runs exactly once; never while any reference is held; no
     * {@code tryGetLive} succeeds after {@code kill} returned; the count ends at exactly zero.
     */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killRacingGetsAndPuts(final RefStrategy strategy, final Backend backend) throws Exception
    {
        final AtomicLong totalOps = new AtomicLong();
        for (int round = 0; round < ROUNDS; round++)
        {
            try (Subject s = new Subject(strategy, backend))
            {
                final AtomicBoolean killReturned = new AtomicBoolean();
                final AtomicInteger attemptsSeenAfterKill = new AtomicInteger();
                final Queue<Boolean> handedOver = new ConcurrentLinkedQueue<>();
                // from 1, as opsBeforeKill counts: at 0 the kill never started and the workers spun for ever
                final int killAfter = 1 + ThreadLocalRandom.current().nextInt(OPS_PER_THREAD / ROUNDS);
                final AtomicInteger opsBeforeKill = new AtomicInteger();
                final CountDownLatch startKill = new CountDownLatch(1);
                final Thread killer = new Thread(() ->
                {
                    awaitQuietly(startKill);
                    s.ref.kill();
                    killReturned.set(true);
                });
                killer.start();
                Workers.run(THREADS, "hammer", HUNG_NANOS, t ->
                {
                    final RefCount.Handle h = s.ref.handle();
                    int ops = 0;
                    while (ops < OPS_PER_THREAD / ROUNDS || !killReturned.get() || attemptsSeenAfterKill.get() < 100)
                    {
                        final boolean killWasDone = killReturned.get();
                        if (h.tryGetLive())
                        {
                            Subject.checkNotAfterKill(killWasDone);
                            h.get();
                            s.checkNotReleasedWhile("this thread held two references");
                            h.put();
                            if ((ops & 7) == 0)
                            {
                                h.getMany(3);
                                s.checkNotReleasedWhile("this thread held four references");
                                h.putMany(3);
                            }
                            if ((ops & 31) == 0)
                            {
                                handedOver.add(Boolean.TRUE);
                            }
                            else
                            {
                                s.checkNotReleasedWhile("this thread held a reference");
                                h.put();
                            }
                        }
                        else if (killWasDone)
                        {
                            attemptsSeenAfterKill.incrementAndGet();
                        }
                        if (handedOver.poll() != null)
                        {
                            s.checkNotReleasedWhile("a handed-over reference was held");
                            h.put();
                        }
                        if (opsBeforeKill.incrementAndGet() == killAfter)
                        {
                            startKill.countDown();
                        }
                        ops++;
                    }
                    totalOps.addAndGet(ops);
                }).assertNone();
                startKill.countDown();
                killer.join();
                final RefCount.Handle main = s.ref.handle();
                while (handedOver.poll() != null)
                {
                    assertFalse(s.released(), "released while a handed-over reference was held");
                    main.put();
                }
                assertEquals(1, s.releases.get(), "release must run exactly once");
                assertEquals(0, s.ref.count());
                assertFalse(main.tryGetLive());
            }
        }
        assertTrue(totalOps.get() >= (long)THREADS * OPS_PER_THREAD, "ran " + totalOps.get() + " operations");
    }

    /** Kill while the other threads are still registering handles and closing them, so slots change hands. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("strategies")
    void killRacingHandleRegistration(final RefStrategy strategy, final Backend backend) throws Exception
    {
        for (int round = 0; round < ROUNDS * 5; round++)
        {
            try (Subject s = new Subject(strategy, backend))
            {
                final AtomicBoolean killReturned = new AtomicBoolean();
                final Thread killer = new Thread(() ->
                {
                    s.ref.kill();
                    killReturned.set(true);
                });
                killer.start();
                Workers.run(THREADS, "hammer", HUNG_NANOS, t ->
                {
                    for (int i = 0; i < 50; i++)
                    {
                        final boolean killWasDone = killReturned.get();
                        final RefCount.Handle h = s.ref.handle();
                        if (h.tryGetLive())
                        {
                            Subject.checkNotAfterKill(killWasDone);
                            s.checkNotReleasedWhile("a reference was held");
                            h.put();
                        }
                        if (i % 2 == 0)
                        {
                            h.close();
                        }
                    }
                }).assertNone();
                killer.join();
                assertEquals(1, s.releases.get(), "release must run exactly once");
                assertEquals(0, s.ref.count());
            }
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
