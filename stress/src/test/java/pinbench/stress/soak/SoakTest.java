package pinbench.stress.soak;

import org.junit.jupiter.api.Test;
import pinbench.idle.FolioState;
import pinbench.idle.IdleStrategy;
import pinbench.idle.IdleWaiter;
import pinbench.memory.Memory;
import pinbench.memory.Backend;
import pinbench.pin.PageMap;
import pinbench.pin.PinStrategy;
import pinbench.ref.KillProbe;
import pinbench.ref.RefCount;
import pinbench.ref.RefStrategy;
import pinbench.stress.Stress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The soak: one short pass over every case finds nothing, and each family's checks catch a
 * deliberately broken implementation (so a clean soak means something).
 */
class SoakTest
{
    private static final Duration ROUND = Duration.ofMillis(40);

    private static Map<String, Tally> soak(final List<Soak.Entry> entries) throws InterruptedException
    {
        return soak(entries, ROUND);
    }

    private static Map<String, Tally> soak(final List<Soak.Entry> entries, final Duration round)
        throws InterruptedException
    {
        return Soak.run(entries, Duration.ZERO, round, new PrintStream(new ByteArrayOutputStream(), true,
            StandardCharsets.UTF_8));
    }

    @Test
    void onePassOverEveryCaseDoesWorkAndFindsNoViolation() throws InterruptedException
    {
        final List<Soak.Entry> entries = Stress.cases().stream().map(Stress.Case::soak).toList();
        final Map<String, Tally> tallies = soak(entries);
        tallies.forEach((label, t) ->
        {
            assertEquals(1, t.rounds(), label);
            assertTrue(t.ops() > 0, label + " did no work");
            assertEquals(0, t.violations(), () -> label + ": " + t.examples());
        });
        final String report = Soak.report(tallies, Duration.ofSeconds(1), ROUND);
        assertTrue(report.contains("| ref SLOTS_MEMBARRIER on TMPFS | 1 | "), report);
        assertTrue(report.contains("| **all " + entries.size() + " cases** |"), report);
    }

    /** A count with two classic bugs: tryGetLive ignores kill, and kill releases with references still held. */
    private static final class BrokenRef implements RefCount
    {
        private final AtomicLong count = new AtomicLong(1);
        private final Runnable release;
        private volatile boolean dying;

        BrokenRef(final Memory memory, final Runnable release)
        {
            this.release = release;
        }

        @Override
        public Handle handle()
        {
            return new Handle()
            {
                @Override
                public void getMany(final long n)
                {
                    count.addAndGet(n);
                }

                @Override
                public boolean tryGetLive()
                {
                    count.incrementAndGet();
                    return true;
                }

                @Override
                public void putMany(final long n)
                {
                    count.addAndGet(-n);
                }
            };
        }

        @Override
        public void kill(final KillProbe probe)
        {
            dying = true;
            release.run();
        }

        @Override
        public boolean isDying()
        {
            return dying;
        }

        @Override
        public long count()
        {
            return count.get();
        }

        @Override
        public void close()
        {
        }
    }

    @Test
    void theReferenceCountChecksCatchABrokenCount() throws InterruptedException
    {
        // a longer round: on a cold JVM starting the threads can take most of 40 ms, leaving no work after the kill
        final Tally t = soak(List.of(new Soak.Entry("broken ref", new RefSoak(BrokenRef::new, Memory.heap()))),
            Duration.ofMillis(400))
            .get("broken ref");
        final String seen = String.join("\n", t.examples());
        assertTrue(t.violations() > 0, "nothing caught");
        assertTrue(seen.contains("tryGetLive succeeded after kill had returned"), seen);
        assertTrue(seen.contains("release ran while"), seen);
    }

    @Test
    void theWakeupChecksCatchAnEarlyReturn() throws InterruptedException
    {
        final IdleWaiter early = new IdleWaiter()
        {
            @Override
            public void awaitIdle(final FolioState state, final int folio)
            {
            }

            @Override
            public void unpinned(final int folio, final long remaining)
            {
            }
        };
        final Tally t = soak(List.of(new Soak.Entry("early", new IdleSoak(folios -> early, "early", Memory.heap()))))
            .get("early");
        assertTrue(t.violations() > 0, "nothing caught");
        assertTrue(t.examples().get(0).contains("an early wakeup"), t.examples()::toString);
    }

    /**
     * An unpin that throws midway leaves its folio busy for good: the round reports the throw and
     * lets the other threads go (from between episodes, the last unpin's hold and the wait on that folio)
     * instead of reporting them stuck, as lost wakeups, at its deadline.
     */
    @Test
    void anUnpinThatThrowsIsReportedAndHoldsNobodyUp() throws InterruptedException
    {
        final long start = System.nanoTime();
        final Tally t = soak(List.of(new Soak.Entry("throws", new IdleSoak(folios ->
        {
            final IdleWaiter real = IdleStrategy.PARK_SLOT.create(folios);
            return new IdleWaiter()
            {
                @Override
                public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
                {
                    real.awaitIdle(state, folio);
                }

                @Override
                public void unpinned(final int folio, final long remaining)
                {
                    if (remaining == 3) // the first unpin: its thread leaves one of its two undone
                    {
                        throw new IllegalStateException("unpin hook failed");
                    }
                    real.unpinned(folio, remaining);
                }
            };
        }, "throws", Memory.heap())))).get("throws");
        final String seen = String.join("\n", t.examples());
        assertEquals(1, t.violations(), seen);
        assertTrue(seen.contains("threw java.lang.IllegalStateException: unpin hook failed"), seen);
        // a liveness bound, not a speed one: a thread left waiting would give up only after half of HUNG_NANOS
        assertTrue(System.nanoTime() - start < Round.HUNG_NANOS / 2, "someone waited for the give-up");
    }

    @Test
    void theWakeupChecksCatchALostWakeup() throws InterruptedException
    {
        final IdleWaiter neverWoken = new IdleWaiter()
        {
            @Override
            public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
            {
                if (!state.isIdle(folio))
                {
                    Thread.sleep(Long.MAX_VALUE); // registers nowhere: the last unpin cannot wake it
                }
            }

            @Override
            public void unpinned(final int folio, final long remaining)
            {
            }
        };
        final Tally t = soak(List.of(new Soak.Entry("lost", new IdleSoak(folios -> neverWoken, "lost",
            Memory.heap())))).get("lost");
        assertTrue(t.violations() > 0, "nothing caught");
        assertTrue(t.examples().get(0).contains("a lost wakeup"), t.examples()::toString);
    }

    /**
     * A page map with one of two bugs: {@code maybeDmaPinned} misses every DMA pin, or {@code kill}
     * does nothing, so a dying map accepts requests and the range is never released.
     */
    private static final class BrokenPageMap implements PageMap
    {
        private final PageMap map;
        private final boolean missesDmaPins;

        BrokenPageMap(final PageMap map, final boolean missesDmaPins)
        {
            this.map = map;
            this.missesDmaPins = missesDmaPins;
        }

        @Override
        public int folios()
        {
            return map.folios();
        }

        @Override
        public int order()
        {
            return map.order();
        }

        @Override
        public Handle handle()
        {
            return map.handle();
        }

        @Override
        public void kill()
        {
            if (missesDmaPins)
            {
                map.kill();
            }
        }

        @Override
        public boolean isDying()
        {
            return missesDmaPins && map.isDying();
        }

        @Override
        public long refs(final int folio)
        {
            return map.refs(folio);
        }

        @Override
        public boolean isIdle(final int folio)
        {
            return map.isIdle(folio);
        }

        @Override
        public boolean maybeDmaPinned(final int folio)
        {
            return !missesDmaPins && map.maybeDmaPinned(folio);
        }

        @Override
        public long rangeCount()
        {
            return map.rangeCount();
        }

        @Override
        public void close()
        {
            map.close();
        }
    }

    @Test
    void thePinChecksCatchABrokenPageMap() throws InterruptedException
    {
        final Map<String, Tally> tallies = soak(List.of(
            new Soak.Entry("misses DMA pins", new PinSoak(c -> new BrokenPageMap(PinStrategy.XADD_BATCH.create(c), true),
                "misses DMA pins", Memory.of(Backend.TMPFS))),
            new Soak.Entry("ignores kill", new PinSoak(c -> new BrokenPageMap(PinStrategy.XADD_BATCH.create(c), false),
                "ignores kill", Memory.of(Backend.TMPFS)))));
        final String dma = String.join("\n", tallies.get("misses DMA pins").examples());
        assertTrue(dma.contains("maybeDmaPinned false on a DMA-pinned folio"), dma);
        final String kill = String.join("\n", tallies.get("ignores kill").examples());
        assertTrue(kill.contains("accepted by a dying range"), kill);
    }

    /**
     * A waiter with an off-by-one idle edge: the unpin that leaves one reference wakes it. In the
     * episodes where the unpinners wait for it to park first, it is registered before that unpin and
     * its check beats the last unpin, which waits 100 us for it: those episodes catch it (half the
     * episodes or more; 9 or 10 operations an episode), not only those where the check happens to
     * come first. Here it is caught about 1.4 times an episode, 3 times the bound asserted, which
     * holds as long as most woken waiters run within 100 us.
     */
    @Test
    void theWakeupChecksCatchAWaiterWokenOneUnpinEarlyInEveryEpisodeItWasWaiting() throws InterruptedException
    {
        final List<Queue<Thread>> parked = IntStream.range(0, 8)
            .mapToObj(f -> (Queue<Thread>) new ConcurrentLinkedQueue<Thread>()).toList();
        final IdleWaiter offByOne = new IdleWaiter()
        {
            @Override
            public void awaitIdle(final FolioState state, final int folio)
            {
                final Thread me = Thread.currentThread();
                parked.get(folio).add(me);
                while (!state.isIdle(folio) && parked.get(folio).contains(me))
                {
                    LockSupport.park(this);
                }
                parked.get(folio).remove(me);
            }

            @Override
            public void unpinned(final int folio, final long remaining)
            {
                if (remaining <= 1)
                {
                    for (Thread waiting; (waiting = parked.get(folio).poll()) != null; )
                    {
                        LockSupport.unpark(waiting);
                    }
                }
            }
        };
        // a second: enough episodes to judge on a slow machine
        final Tally t = soak(List.of(new Soak.Entry("off by one", new IdleSoak(folios -> offByOne, "off by one",
            Memory.heap()))), Duration.ofSeconds(1)).get("off by one");
        assertTrue(!t.examples().isEmpty() && t.examples().stream().allMatch(v -> v.contains("1 references still held")),
            t.examples()::toString);
        final long waitersFirst = t.ops() / 10 / 2;
        assertTrue(waitersFirst > 10, t.ops() + " operations: too few episodes to judge");
        assertTrue(t.violations() >= waitersFirst, t.violations() + " violations in " + waitersFirst
            + " or more episodes where the waiter was parked first: not every one caught it");
    }

    /**
     * A worker that ignores its interrupt and outlives its grace: the round reports it and leaves its
     * count open, so the worker's later operations find mapped memory (once: unmapped, a crash).
     */
    @Test
    void aWorkerThatOutlivesItsInterruptKeepsItsCountOpen() throws Exception
    {
        final AtomicBoolean letGo = new AtomicBoolean();
        final AtomicBoolean stuck = new AtomicBoolean();
        final AtomicInteger closes = new AtomicInteger();
        final CountDownLatch readAfterLetGo = new CountDownLatch(1);
        final RefSoak.Factory deaf = (memory, release) ->
        {
            final RefCount real = RefStrategy.RCUREF.create(memory, release);
            return new RefCount()
            {
                @Override
                public Handle handle()
                {
                    final Handle h = real.handle();
                    return new Handle()
                    {
                        @Override
                        public void getMany(final long n)
                        {
                            h.getMany(n);
                        }

                        @Override
                        public boolean tryGetLive()
                        {
                            if (real.isDying() && stuck.compareAndSet(false, true))
                            {
                                while (!letGo.get())
                                {
                                    Thread.onSpinWait(); // deaf to its interrupt
                                }
                                real.count(); // reads the count the round would have closed
                                readAfterLetGo.countDown();
                            }
                            return h.tryGetLive();
                        }

                        @Override
                        public void putMany(final long n)
                        {
                            h.putMany(n);
                        }
                    };
                }

                @Override
                public void kill(final KillProbe probe)
                {
                    real.kill(probe);
                }

                @Override
                public boolean isDying()
                {
                    return real.isDying();
                }

                @Override
                public long count()
                {
                    return real.count();
                }

                @Override
                public void close()
                {
                    closes.incrementAndGet();
                    real.close();
                }
            };
        };
        final long shortly = TimeUnit.MILLISECONDS.toNanos(100);
        final Tally t = soak(List.of(new Soak.Entry("deaf", new RefSoak(deaf, Memory.of(Backend.TMPFS), shortly,
            shortly)))).get("deaf");
        assertTrue(stuck.get(), "no worker got stuck: the test did not test");
        final String seen = String.join("\n", t.examples());
        assertTrue(seen.contains("went on running after its interrupt: what it uses was left open"), seen);
        assertEquals(1, t.violations(), "one stuck worker, one violation (it was once counted hung and runaway): " + seen);
        assertEquals(0, closes.get(), "closed under a running worker");
        letGo.set(true);
        assertTrue(readAfterLetGo.await(10, TimeUnit.SECONDS), "the worker's read of its count after the round");
    }
}
