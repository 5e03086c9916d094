package pinbench.idle;

import pinbench.Described;
import pinbench.pin.UnpinHook;

import java.util.function.IntFunction;

/** The catalog of page-idle wakeup strategies: the only list of them. */
public enum IdleStrategy implements Described
{
    /** Busy spin on the count. */
    SPIN("busy spin on the folio count; nothing on the unpin path", true, folios -> new SpinWaiter()),
    /** Agrona backoff: spin, yield, then park up to 100 us. */
    BACKOFF("Agrona BackoffIdleStrategy polling (spin, yield, park <= 100 us)", true, folios -> new BackoffWaiter()),
    /** Per-folio waiter slot with park/unpark. */
    PARK_SLOT("per-folio waiter slot, park/unpark; unpin checks the slot", false, ParkSlotWaiter::new),
    /** Hashed table of wait queues, as wait_var_event. */
    HASHED_QUEUE("hashed wait-queue table (wait_var_event); unpin loads one waiter count", false,
        folios -> new HashedQueueWaiter()),
    /** One monitor, wait/notifyAll. */
    MONITOR("one monitor, wait/notifyAll; every idle edge takes the lock", false, folios -> new MonitorWaiter());

    private final String description;
    private final boolean polls;
    private final IntFunction<IdleWaiter> factory;

    IdleStrategy(final String description, final boolean polls, final IntFunction<IdleWaiter> factory)
    {
        this.description = description;
        this.polls = polls;
        this.factory = factory;
    }

    /** Whether its waiter finds the idle edge by polling the count, so needs nothing of the unpin path. */
    public boolean polls()
    {
        return polls;
    }

    /**
     * Why this waiter cannot work behind {@code hook}, or {@code null}: a waiter that sleeps until
     * the last unpin wakes it would sleep for ever behind a hook that never calls it.
     */
    public String problemWith(final UnpinHook hook)
    {
        return polls || hook != UnpinHook.NONE ? null : "hook NONE never calls the unpin listener, and " + name()
            + " sleeps until the last unpin wakes it: it would wait for ever; use hook STATIC_KEY, VOLATILE_FLAG or"
            + " ALWAYS_CALL, or a polling waiter (SPIN, BACKOFF)";
    }

    @Override
    public String description()
    {
        return description;
    }

    /** A waiter for a page map of {@code folios} folios; install it as the page map's listener. */
    public IdleWaiter create(final int folios)
    {
        return factory.apply(folios);
    }
}
