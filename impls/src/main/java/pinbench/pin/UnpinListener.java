package pinbench.pin;

/**
 * What the unpin path tells whoever needs to know, e.g. a truncate waiting for the folio to go
 * idle: called after every unpin that the page map's {@link UnpinHook} lets through.
 */
@FunctionalInterface
public interface UnpinListener
{
    /** Nobody listens. */
    UnpinListener NONE = (folio, remaining) ->
    {
    };

    /**
     * @param folio     the folio just unpinned.
     * @param remaining references still held on it (0: it is idle now).
     */
    void unpinned(int folio, long remaining);
}
