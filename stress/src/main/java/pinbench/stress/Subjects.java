package pinbench.stress;

import pinbench.Family;
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
 * tests read the strategy and backend from system properties that {@code scripts/stress} and the
 * short mode of {@code ./mvnw verify} set once per case: every entry is covered without new test code.
 */
public final class Subjects
{
    /** {@link Backend} for the counters (default heap). */
    public static final String BACKEND = "pinbench.stress.backend";

    private static final AtomicInteger MAPS_MADE = new AtomicInteger();

    private Subjects()
    {
    }

    /** The property naming the strategy of {@code family} under test: {@code pinbench.stress.<label>}. */
    public static String property(final Family family)
    {
        return "pinbench.stress." + family.label();
    }

    public static RefStrategy ref()
    {
        return RefStrategy.valueOf(System.getProperty(property(Family.REF), RefStrategy.SLOTS_MEMBARRIER.name()));
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
        final PinStrategy strategy = PinStrategy.valueOf(System.getProperty(property(Family.PIN),
            PinStrategy.XADD_BATCH.name()));
        final IdleAt idleAt = IdleAt.values()[MAPS_MADE.getAndIncrement() % IdleAt.values().length];
        return strategy.create(PinConfig.of(folios, 0, idleAt, RefStrategy.RCUREF, memory(), () -> { })
            .withHook(hook, listener));
    }

    public static IdleStrategy idle()
    {
        return IdleStrategy.valueOf(System.getProperty(property(Family.IDLE), IdleStrategy.HASHED_QUEUE.name()));
    }
}
