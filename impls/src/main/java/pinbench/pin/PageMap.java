package pinbench.pin;

/**
 * A range of device folios (a {@code dev_pagemap}): one reference count per folio, and one range
 * reference that every busy folio holds, as {@code pgmap_request_folios} arranges.
 * <p>
 * A folio is idle when its count is at the {@link IdleAt} base. The update that moves it from idle
 * to busy takes a range reference; the one that moves it back drops it; whoever makes the update
 * (a request, a DMA pin, a speculative get) handles the edge, so transient references cannot lose
 * or double the range reference. Teardown is "disable, invalidate, drain": {@link #kill()} makes
 * new requests fail, and the range's release runs once the last busy folio goes idle.
 */
public interface PageMap extends AutoCloseable
{
    /** What a DMA pin adds, as Linux's {@code GUP_PIN_COUNTING_BIAS}. */
    long DMA_PIN_BIAS = 1024;

    /** Number of folios. */
    int folios();

    /** Folio order: each folio spans {@code 2^order} base pages. */
    int order();

    /** The calling thread's handle (it holds the thread's range-reference handle). */
    Handle handle();

    /** Starts teardown: kills the range reference; requests fail from now on. */
    void kill();

    /** Whether {@link #kill()} has started. */
    boolean isDying();

    /** References held on a folio beyond the idle base; exact when quiet. */
    long refs(int folio);

    /** Whether the folio is idle. */
    boolean isIdle(int folio);

    /** Maybe DMA-pinned: false positives when 1024 or more plain references are held, never false negatives. */
    boolean maybeDmaPinned(int folio);

    /** The range reference count, for diagnostics (one initial reference plus one per busy folio when quiet). */
    long rangeCount();

    /**
     * Frees the counters' memory. Any later operation on the map or its handles throws
     * {@link IllegalStateException}; a second close does nothing. Close only once every thread is
     * done with the map: an operation racing with close may touch freed memory.
     */
    @Override
    void close();

    /** A thread's access to the page map. */
    interface Handle extends AutoCloseable
    {
        /**
         * Takes one reference on each of {@code n} contiguous folios starting at {@code first}.
         *
         * @return {@code false}, with nothing taken, once the range is dying.
         */
        boolean request(int first, int n);

        /** Drops one reference on each of {@code n} folios starting at {@code first}. */
        void release(int first, int n);

        /** A transient reference as a speculative lookup takes it ({@code folio_try_get}: get unless zero). */
        boolean tryGetSpeculative(int folio);

        /** Drops one reference. */
        void put(int folio);

        /** Pins the folio for DMA (adds {@link #DMA_PIN_BIAS}); {@code false} once the range is dying. */
        boolean pinForDma(int folio);

        /** Drops a DMA pin. */
        void unpinForDma(int folio);

        /**
         * Compare-and-set attempts on this handle's paths (folio counts and its range reference) that
         * lost a race and were retried, since the handle was made; see {@link pinbench.ref.RefCount.Handle#casRetries()}.
         */
        default long casRetries()
        {
            return 0;
        }

        /**
         * Gives back the handle's per-thread state: closes its range-reference handle
         * ({@link pinbench.ref.RefCount.Handle#close()}). Pins taken through it stay counted. Call
         * once, when the thread is done with the map.
         */
        @Override
        default void close()
        {
        }
    }
}
