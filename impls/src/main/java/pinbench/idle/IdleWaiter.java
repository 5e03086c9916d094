package pinbench.idle;

import pinbench.pin.UnpinListener;

/**
 * A way for truncate to wait until a pinned folio is idle: it blocks in {@link #awaitIdle}, and the
 * unpin that makes the folio idle wakes it through {@link #unpinned} (installed as the page map's
 * {@link UnpinListener}). A wakeup is never lost and never early; several waiters may wait on one
 * folio; waiting on an idle folio returns at once; a waiting thread can be interrupted.
 */
public interface IdleWaiter extends UnpinListener
{
    /**
     * Returns once {@code state.isIdle(folio)} was seen true.
     *
     * @throws InterruptedException if the thread is interrupted while waiting (its flag is cleared).
     */
    void awaitIdle(FolioState state, int folio) throws InterruptedException;
}
