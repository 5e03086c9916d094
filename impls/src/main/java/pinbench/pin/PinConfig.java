package pinbench.pin;

import pinbench.memory.Memory;
import pinbench.ref.RefStrategy;

import java.util.Objects;

/**
 * Everything a page map is built from, apart from its per-folio strategy.
 *
 * @param folios   number of folios.
 * @param order    folio order (0: 4 KiB base pages, 9: 2 MiB).
 * @param idleAt   which count means idle.
 * @param range    strategy of the range reference (any family-1 strategy: composition, not a copy).
 * @param memory   where the range reference and the folio counts live; folio counts sit at
 *                 {@link #FOLIO_STRIDE}, the size of a {@code struct page}.
 * @param hook     how the unpin path reaches {@code listener}.
 * @param listener told about unpins (idle waiters).
 * @param onRangeRelease runs once when the killed range's last reference is dropped.
 */
public record PinConfig(int folios, int order, IdleAt idleAt, RefStrategy range, Memory memory, UnpinHook hook,
    UnpinListener listener, Runnable onRangeRelease)
{
    /** Bytes between two folio counts: a {@code struct page} is 64 bytes. */
    public static final int FOLIO_STRIDE = 64;

    public PinConfig
    {
        if (folios <= 0 || order < 0 || order > 30)
        {
            throw new IllegalArgumentException("page map: folios must be positive and order 0..30, got "
                + folios + " folios of order " + order);
        }
        Objects.requireNonNull(idleAt, "idleAt");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(memory, "memory");
        Objects.requireNonNull(hook, "hook");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(onRangeRelease, "onRangeRelease");
    }

    /** A page map of {@code folios} folios with no hook and nobody listening. */
    public static PinConfig of(final int folios, final int order, final IdleAt idleAt, final RefStrategy range,
        final Memory memory, final Runnable onRangeRelease)
    {
        return new PinConfig(folios, order, idleAt, range, memory, UnpinHook.NONE, UnpinListener.NONE, onRangeRelease);
    }

    /** The same with another hook and listener. */
    public PinConfig withHook(final UnpinHook newHook, final UnpinListener newListener)
    {
        return new PinConfig(folios, order, idleAt, range, memory, newHook, newListener, onRangeRelease);
    }
}
