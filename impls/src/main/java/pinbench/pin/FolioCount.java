package pinbench.pin;

import pinbench.memory.Cells;

/**
 * How a folio's reference count is updated: the per-folio count strategy. Every update returns
 * the value it replaced, so exactly one thread sees each crossing of the idle edge: the one whose
 * update crossed it. Reading the count again after the update cannot tell who crossed: between
 * racing updates, both threads or neither may read the edge value, doubling or losing the range
 * reference.
 */
interface FolioCount
{
    /** Adds {@code delta} to the folio's word and returns the previous value; counts lost CAS races in {@code lost}. */
    long getAndAdd(Cells cells, int folio, long delta, LostRaces lost);

    /** A handle's count of CAS attempts that lost a race and were retried (written by its own thread only). */
    final class LostRaces
    {
        long count;
    }
}
