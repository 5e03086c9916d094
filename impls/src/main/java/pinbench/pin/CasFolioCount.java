package pinbench.pin;

import pinbench.memory.Cells;

/** A load and a CAS retried until it lands, the shape of {@code inc_not_zero}-style updates. */
final class CasFolioCount implements FolioCount
{
    @Override
    public long getAndAdd(final Cells cells, final int folio, final long delta, final LostRaces lost)
    {
        long old = cells.getVolatile(folio);
        while (!cells.compareAndSet(folio, old, old + delta))
        {
            lost.count++;
            old = cells.getVolatile(folio);
        }
        return old;
    }
}
