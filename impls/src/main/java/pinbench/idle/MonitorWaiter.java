package pinbench.idle;

/**
 * One Java monitor for the whole page map: waiters {@code wait()} on it until their folio is
 * idle, and every unpin that makes a folio idle takes it to {@code notifyAll()}, waiter or not.
 * The simplest correct design; its price is a lock on every idle edge.
 */
final class MonitorWaiter implements IdleWaiter
{
    private final Object monitor = new Object();

    @Override
    public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
    {
        synchronized (monitor)
        {
            while (!state.isIdle(folio))
            {
                monitor.wait();
            }
        }
    }

    @Override
    public void unpinned(final int folio, final long remaining)
    {
        if (remaining == 0)
        {
            synchronized (monitor)
            {
                monitor.notifyAll();
            }
        }
    }
}
