package pinbench.stress;

import pinbench.idle.IdleStrategy;
import pinbench.memory.Backend;
import pinbench.memory.Memory;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.pin.UnpinListener;
import pinbench.ref.RefStrategy;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Which catalog entry the jcstress tests of this JVM exercise. jcstress has no parameters, so the
 * tests read the strategy from system properties that {@code scripts/stress} and the short mode of
 * {@code ./mvnw verify} set once per catalog entry: every entry is covered without new test code.
 */
public final class Subjects
{
    /** {@link RefStrategy} name under test. */
    public static final String REF = "pinbench.stress.ref";
    /** {@link PinStrategy} name under test. */
    public static final String PIN = "pinbench.stress.pin";
    /** {@link IdleStrategy} name under test. */
    public static final String IDLE = "pinbench.stress.idle";
    /** {@link Backend} for the counters (default heap). */
    public static final String BACKEND = "pinbench.stress.backend";

    private static final AtomicInteger MAPS_MADE = new AtomicInteger();

    private Subjects()
    {
    }

    public static RefStrategy ref()
    {
        return RefStrategy.valueOf(System.getProperty(REF, RefStrategy.SLOTS_MEMBARRIER.name()));
    }

    public static Memory memory()
    {
        return Memory.of(Backend.valueOf(System.getProperty(BACKEND, Backend.HEAP.name())));
    }

    /**
     * A page map of {@code folios} folios under the chosen strategy with the given unpin hook. Successive
     * maps take the idle conventions in turn (at 0, at 1), so every run covers both conventions (at 1 a
     * speculative reference on an idle folio is itself a 0 -> 1 edge).
     */
    public static PageMap pageMap(final int folios, final UnpinHook hook, final UnpinListener listener)
    {
        final PinStrategy strategy = PinStrategy.valueOf(System.getProperty(PIN, PinStrategy.XADD_BATCH.name()));
        final IdleAt idleAt = IdleAt.values()[MAPS_MADE.getAndIncrement() % IdleAt.values().length];
        return strategy.create(PinConfig.of(folios, 0, idleAt, RefStrategy.RCUREF, memory(), () -> { })
            .withHook(hook, listener));
    }

    public static IdleStrategy idle()
    {
        return IdleStrategy.valueOf(System.getProperty(IDLE, IdleStrategy.HASHED_QUEUE.name()));
    }
}
