package pinbench.pin;

import pinbench.memory.Cells;

/** One {@code lock xadd} per update, as {@code folio_ref_add_return}: no retry under contention. */
final class XaddFolioCount implements FolioCount
{
    @Override
    public long getAndAdd(final Cells cells, final int folio, final long delta, final LostRaces lost)
    {
        return cells.getAndAdd(folio, delta);
    }
}
