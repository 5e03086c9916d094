package pinbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;

/** Runs a body on several threads at once and rethrows what any of them threw. */
public final class Hammer
{
    private Hammer()
    {
    }

    /** A thread's work; {@code thread} is its index. */
    public interface Body
    {
        void run(int thread) throws Exception;
    }

    public static void run(final int threads, final Body body) throws InterruptedException
    {
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> started = new ArrayList<>();
        final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
        for (int i = 0; i < threads; i++)
        {
            final int index = i;
            final Thread thread = new Thread(() ->
            {
                try
                {
                    start.await();
                    body.run(index);
                }
                catch (final Throwable ex)
                {
                    failures.add(ex);
                }
            }, "hammer-" + i);
            thread.start();
            started.add(thread);
        }
        start.countDown();
        for (final Thread thread : started)
        {
            thread.join();
        }
        if (!failures.isEmpty())
        {
            final AssertionError error = new AssertionError(failures.size() + " thread(s) failed: " + failures.peek());
            failures.forEach(error::addSuppressed);
            throw error;
        }
    }
}
