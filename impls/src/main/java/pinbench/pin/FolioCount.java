package pinbench.pin;

import pinbench.memory.Cells;

/**
 * How a folio's reference count is updated: the per-folio count strategy. Every update returns
 * the value it replaced, so the thread whose update crosses the idle edge knows it did; reading
 * the count again after the update (as the seed patch first did) cannot tell who crossed.
 */
interface FolioCount
{
    /** Adds {@code delta} to the folio's word and returns the previous value. */
    long getAndAdd(Cells cells, int folio, long delta);
}
