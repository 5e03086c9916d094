package pinbench.pin;

/**
 * Which folio reference count means "idle": Linux has used both for device folios, and the edge
 * handling differs between them.
 */
public enum IdleAt
{
    /**
     * Idle at 0, the newer convention: a free folio holds no reference, and a speculative
     * {@code folio_try_get} (get unless zero) can never touch an idle folio.
     */
    ZERO(0),
    /**
     * Idle at 1, the old ZONE_DEVICE way: the free callback fires on the 2 -> 1 edge. A speculative
     * get succeeds on an idle folio, so it crosses the idle -> busy edge and must take a range
     * reference like a request does.
     */
    ONE(1);

    final long base;

    IdleAt(final long base)
    {
        this.base = base;
    }

    /** The count of an idle folio. */
    public long base()
    {
        return base;
    }
}
