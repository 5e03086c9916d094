package pinbench.pin;

import pinbench.Described;

/**
 * The catalog of folio-pinning strategies: the per-folio count update (CAS loop or one atomic add)
 * crossed with how the range reference is taken (per folio or once per request batch).
 */
public enum PinStrategy implements Described
{
    /** CAS-loop count updates; range reference per folio. */
    CAS_PER_FOLIO("folio counts by CAS loop, range ref tryGetLive per folio", new CasFolioCount(), false),
    /** One {@code getAndAdd} per count update; range reference per folio. */
    XADD_PER_FOLIO("folio counts by getAndAdd, range ref tryGetLive per folio", new XaddFolioCount(), false),
    /** CAS-loop count updates; one range reference per request batch. */
    CAS_BATCH("folio counts by CAS loop, one range ref per request batch", new CasFolioCount(), true),
    /** One {@code getAndAdd} per count update; one range reference per request batch. */
    XADD_BATCH("folio counts by getAndAdd, one range ref per request batch", new XaddFolioCount(), true);

    private final String description;
    private final FolioCount count;
    private final boolean batch;

    PinStrategy(final String description, final FolioCount count, final boolean batch)
    {
        this.description = description;
        this.count = count;
        this.batch = batch;
    }

    @Override
    public String description()
    {
        return description;
    }

    /** Builds a page map with every folio idle and a live range reference. */
    public PageMap create(final PinConfig config)
    {
        return new FolioPageMap(config, count, batch);
    }
}
