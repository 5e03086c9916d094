package pinbench.concurrent;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WorkersTest
{
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(10);

    @Test
    void timedThreadsAreReleasedTogetherOnceAllRunAndShareTheInstant() throws InterruptedException
    {
        final Set<Long> instants = ConcurrentHashMap.newKeySet();
        final AtomicInteger early = new AtomicInteger();
        final long before = System.nanoTime();
        Workers.runTimed(8, "timed", TIMEOUT, (t, released) ->
        {
            if (System.nanoTime() < released)
            {
                early.incrementAndGet();
            }
            instants.add(released);
        }).assertNone();
        assertEquals(1, instants.size(), "one release instant for every thread");
        assertTrue(instants.iterator().next() >= before);
        assertEquals(0, early.get(), "no thread ran before the release");
    }

    @Test
    void whatThreadsThrowAndThreadsThatHangAreReportedNotThrown() throws InterruptedException
    {
        final Workers.Failures failures = Workers.run(3, "bad", TimeUnit.MILLISECONDS.toNanos(200), t ->
        {
            if (t == 0)
            {
                throw new IllegalStateException("boom");
            }
            if (t == 1)
            {
                Thread.sleep(TimeUnit.NANOSECONDS.toMillis(TIMEOUT));
            }
        });
        assertEquals(List.of("bad-1"), failures.hung());
        assertEquals(1, failures.thrown().size());
        assertEquals("bad-0", failures.thrown().get(0).thread());
    }

    /** A thread that ignores its interrupt outlives its grace: reported, so what it uses is not freed under it. */
    @Test
    void aThreadThatIgnoresItsInterruptIsReportedAsStillRunning() throws InterruptedException
    {
        final AtomicBoolean letGo = new AtomicBoolean();
        final Workers.Failures failures = Workers.runTimed(2, "deaf", TimeUnit.MILLISECONDS.toNanos(100),
            TimeUnit.MILLISECONDS.toNanos(100), (t, released) ->
            {
                while (t == 1 && !letGo.get())
                {
                    Thread.onSpinWait(); // never looks at its interrupt
                }
            });
        assertEquals(List.of("deaf-1"), failures.hung());
        assertEquals(List.of("deaf-1"), failures.runaway());
        assertTrue(!failures.allEnded() && !failures.none());
        letGo.set(true);
        final Workers.Failures ended = Workers.run(1, "sleepy", TimeUnit.MILLISECONDS.toNanos(100),
            t -> Thread.sleep(TimeUnit.NANOSECONDS.toMillis(TIMEOUT)));
        assertEquals(List.of("sleepy-0"), ended.hung(), "hung, but ended by its interrupt");
        assertTrue(ended.allEnded());
    }
}
