package pinbench.idle;

import pinbench.Described;

import java.util.function.IntFunction;

/** The catalog of page-idle wakeup strategies: the only list of them. */
public enum IdleStrategy implements Described
{
    /** Busy spin on the count. */
    SPIN("busy spin on the folio count; nothing on the unpin path", folios -> new SpinWaiter()),
    /** Agrona backoff: spin, yield, then park up to 100 us. */
    BACKOFF("Agrona BackoffIdleStrategy polling (spin, yield, park <= 100 us)", folios -> new BackoffWaiter()),
    /** Per-folio waiter slot with park/unpark. */
    PARK_SLOT("per-folio waiter slot, park/unpark; unpin checks the slot", ParkSlotWaiter::new),
    /** Hashed table of wait queues, as wait_var_event. */
    HASHED_QUEUE("hashed wait-queue table (wait_var_event); unpin loads one waiter count",
        folios -> new HashedQueueWaiter()),
    /** One monitor, wait/notifyAll. */
    MONITOR("one monitor, wait/notifyAll; every idle edge takes the lock", folios -> new MonitorWaiter());

    private final String description;
    private final IntFunction<IdleWaiter> factory;

    IdleStrategy(final String description, final IntFunction<IdleWaiter> factory)
    {
        this.description = description;
        this.factory = factory;
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
