package pinbench.memory;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Flushes of {@link Durability#FLUSH} that failed ({@code msync(2)} or a cache-line writeback
 * throwing), since the JVM started. A failed flush does not fail the update it follows: the store
 * stands and the operation goes on, so no count is left halfway through a protocol (a kill with its
 * fold half done, a last put whose release never ran); the update is only not known to be durable.
 * Whoever publishes durable numbers asks here: every benchmark fails the iteration in which a flush failed.
 */
public final class FlushFailures
{
    private static final AtomicLong COUNT = new AtomicLong();
    private static final AtomicReference<String> FIRST = new AtomicReference<>();

    private FlushFailures()
    {
    }

    /** How many flushes failed since the JVM started. */
    public static long count()
    {
        return COUNT.get();
    }

    /** The first failure, with the memory it happened in; {@code null} if none. */
    public static String first()
    {
        return FIRST.get();
    }

    static void record(final String memory, final RuntimeException failure)
    {
        FIRST.compareAndSet(null, failure + " flushing " + memory);
        COUNT.incrementAndGet();
    }
}
