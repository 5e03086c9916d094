package pinbench.concurrent;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Races threads on one body: starts them together, waits for them up to a deadline, and hands back
 * what went wrong instead of throwing it, so the contract tests (which fail on it) and the soak
 * (which counts it and goes on) race their threads the same way.
 */
public final class Workers
{
    /** How long an interrupted hung thread gets to end before the run gives up on it, unless told otherwise. */
    public static final long GRACE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** A thread's work; {@code index} numbers the threads from 0. */
    @FunctionalInterface
    public interface Body
    {
        void run(int index) throws Exception;
    }

    /** A thread's work for a time measured from the instant every thread was released. */
    @FunctionalInterface
    public interface TimedBody
    {
        void run(int index, long releasedNanos) throws Exception;
    }

    /**
     * What a thread threw.
     *
     * @param thread the thread's name.
     * @param cause  what it threw.
     */
    public record Thrown(String thread, Throwable cause)
    {
    }

    /**
     * What went wrong in one run.
     *
     * @param hung    the names of the threads still running at the deadline (then interrupted).
     * @param thrown  what the threads threw, except the interrupt that ended a hung one.
     * @param runaway the hung threads still running when their grace after the interrupt ran out: they
     *                may still use whatever they were given, which must then not be freed.
     */
    public record Failures(List<String> hung, List<Thrown> thrown, List<String> runaway)
    {
        /** Whether every thread has ended, in time or not: what they used may be freed. */
        public boolean allEnded()
        {
            return runaway.isEmpty();
        }

        /** Whether every thread finished in time without throwing. */
        public boolean none()
        {
            return hung.isEmpty() && thrown.isEmpty();
        }

        /**
         * For tests: an {@link AssertionError} naming the first failure, with every throwable
         * suppressed in it, unless nothing went wrong.
         */
        public void assertNone()
        {
            if (none())
            {
                return;
            }
            final String first = hung.isEmpty() ? thrown.get(0).thread() + " threw " + thrown.get(0).cause()
                : hung.get(0) + " still running at the deadline";
            final AssertionError error = new AssertionError((hung.size() + thrown.size()) + " thread(s) failed, first "
                + first);
            thrown.forEach(t -> error.addSuppressed(t.cause()));
            throw error;
        }
    }

    private Workers()
    {
    }

    /**
     * Runs {@code body} on {@code threads} daemon threads named {@code name-index}, released at
     * once; waits up to {@code timeoutNanos} for all of them and interrupts those still running.
     *
     * @return what went wrong, nothing when every thread finished in time without throwing.
     */
    public static Failures run(final int threads, final String name, final long timeoutNanos, final Body body)
        throws InterruptedException
    {
        return runTimed(threads, name, timeoutNanos, (index, released) -> body.run(index));
    }

    /**
     * As {@link #run}, but the threads are released only once every one of them is running, and each
     * learns the {@link System#nanoTime()} of that release: a round timed from it is not shortened by
     * a slow thread start. The timeout counts from the release too.
     */
    public static Failures runTimed(final int threads, final String name, final long timeoutNanos,
        final TimedBody body) throws InterruptedException
    {
        return runTimed(threads, name, timeoutNanos, GRACE_NANOS, body);
    }

    /** As {@link #runTimed(int, String, long, TimedBody)}, giving an interrupted hung thread {@code graceNanos} to end. */
    public static Failures runTimed(final int threads, final String name, final long timeoutNanos,
        final long graceNanos, final TimedBody body) throws InterruptedException
    {
        final CountDownLatch ready = new CountDownLatch(threads);
        final CountDownLatch start = new CountDownLatch(1);
        final long[] released = new long[1]; // written before start opens, read after: the latch orders it
        final Queue<Thrown> thrown = new ConcurrentLinkedQueue<>();
        final List<Thread> started = new ArrayList<>(threads);
        for (int i = 0; i < threads; i++)
        {
            final int index = i;
            final Thread t = new Thread(() ->
            {
                try
                {
                    ready.countDown();
                    start.await();
                    body.run(index, released[0]);
                }
                catch (final Throwable ex)
                {
                    thrown.add(new Thrown(Thread.currentThread().getName(), ex));
                }
            }, name + "-" + i);
            t.setDaemon(true); // a thread that hangs even when interrupted must not keep the JVM alive
            t.start();
            started.add(t);
        }
        ready.await();
        released[0] = System.nanoTime();
        start.countDown();
        final long deadline = released[0] + timeoutNanos;
        final List<String> hung = new ArrayList<>();
        final List<String> runaway = new ArrayList<>();
        for (final Thread t : started)
        {
            TimeUnit.NANOSECONDS.timedJoin(t, Math.max(1, deadline - System.nanoTime()));
            if (t.isAlive())
            {
                hung.add(t.getName());
                t.interrupt();
                TimeUnit.NANOSECONDS.timedJoin(t, graceNanos);
                if (t.isAlive())
                {
                    runaway.add(t.getName());
                }
            }
        }
        return new Failures(List.copyOf(hung), thrown.stream()
            .filter(t -> !(hung.contains(t.thread()) && t.cause() instanceof InterruptedException)).toList(),
            List.copyOf(runaway));
    }
}
