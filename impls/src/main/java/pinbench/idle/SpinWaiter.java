package pinbench.idle;

/**
 * Busy spin on the folio's count: the lowest possible wakeup latency, a whole CPU burnt while
 * waiting, and nothing at all on the unpin path.
 */
final class SpinWaiter implements IdleWaiter
{
    @Override
    public void awaitIdle(final FolioState state, final int folio) throws InterruptedException
    {
        while (!state.isIdle(folio))
        {
            if (Thread.interrupted())
            {
                throw new InterruptedException("interrupted while spinning on folio " + folio);
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public void unpinned(final int folio, final long remaining)
    {
        // pollers need no wakeup
    }
}
