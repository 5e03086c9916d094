package pinbench.stress.soak;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Starts threads together and waits for them; what a thread throws, or a thread that never
 * finishes, is a violation rather than a crash, so the soak goes on and counts it.
 */
final class Workers
{
    /** A thread's work; {@code index} numbers the threads from 0. */
    @FunctionalInterface
    interface Body
    {
        void run(int index) throws Exception;
    }

    private Workers()
    {
    }

    /**
     * Runs {@code body} on {@code threads} threads started at once, waits up to {@code timeoutNanos}
     * for all, interrupts those still running and records them as {@code hung} (with their name).
     */
    static void run(final int threads, final String name, final long timeoutNanos, final String hung,
        final Tally tally, final Body body) throws InterruptedException
    {
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++)
        {
            final int index = i;
            final Thread t = new Thread(() ->
            {
                try
                {
                    start.await();
                    body.run(index);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt(); // interrupted because it hung: already counted
                }
                catch (final Exception | Error ex)
                {
                    tally.violation(Thread.currentThread().getName() + " threw " + ex);
                }
            }, name + "-" + i);
            t.setDaemon(true);
            t.start();
            started.add(t);
        }
        start.countDown();
        final long deadline = System.nanoTime() + timeoutNanos;
        for (final Thread t : started)
        {
            TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, deadline - System.nanoTime()));
            if (t.isAlive())
            {
                tally.violation(t.getName() + ": " + hung);
                t.interrupt();
                t.join(TimeUnit.SECONDS.toMillis(10));
            }
        }
    }
}
