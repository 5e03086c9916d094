package pinbench.stress.soak;

import org.junit.jupiter.api.Test;
import pinbench.idle.FolioState;
import pinbench.idle.IdleWaiter;
import pinbench.memory.Memory;
import pinbench.ref.KillProbe;
import pinbench.ref.RefCount;
import pinbench.stress.Stress;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

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
}
