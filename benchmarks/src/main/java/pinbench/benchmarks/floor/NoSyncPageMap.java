package pinbench.benchmarks.floor;

import pinbench.memory.Cells;
import pinbench.memory.Memory;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;

/**
 * A measuring device, not a page map: the {@link PageMap} interface with per-folio counts laid out
 * as the real map's ({@link PinConfig#FOLIO_STRIDE} apart) but no range reference and no atomics:
 * each update is a plain load and an opaque store (so C2 can neither drop a request+release pair
 * nor merge it, as {@link NoSyncCount}). The range checks of the real map stay, as part of the call
 * shape. {@code kill} only marks; nothing is ever released. What a pin strategy pays above this,
 * through the same call shape, is its mechanism.
 */
final class NoSyncPageMap implements PageMap
{
    private final Cells counts;
    private final int folios;
    private volatile boolean dying;

    NoSyncPageMap(final Memory memory, final int folios)
    {
        this.folios = folios;
        counts = memory.withStride(PinConfig.FOLIO_STRIDE).allocate(folios);
    }

    @Override
    public int folios()
    {
        return folios;
    }

    @Override
    public int order()
    {
        return 0;
    }

    @Override
    public Handle handle()
    {
        return new Handle()
        {
            @Override
            public boolean request(final int first, final int n)
            {
                checkSpan(first, n);
                for (int folio = first; folio < first + n; folio++)
                {
                    add(folio, 1);
                }
                return true;
            }

            @Override
            public void release(final int first, final int n)
            {
                checkSpan(first, n);
                for (int folio = first; folio < first + n; folio++)
                {
                    add(folio, -1);
                }
            }

            @Override
            public boolean tryGetSpeculative(final int folio)
            {
                add(folio, 1);
                return true;
            }

            @Override
            public void put(final int folio)
            {
                add(folio, -1);
            }

            @Override
            public boolean pinForDma(final int folio)
            {
                add(folio, DMA_PIN_BIAS);
                return true;
            }

            @Override
            public void unpinForDma(final int folio)
            {
                add(folio, -DMA_PIN_BIAS);
            }
        };
    }

    private void add(final int folio, final long delta)
    {
        counts.setOpaque(folio, counts.getPlain(folio) + delta);
    }

    private void checkSpan(final int first, final int n)
    {
        if (n < 1 || first < 0 || first > folios - n)
        {
            throw new IndexOutOfBoundsException("folios [" + first + ", " + first + "+" + n + ") outside 0.." + folios);
        }
    }

    @Override
    public void kill()
    {
        dying = true;
    }

    @Override
    public boolean isDying()
    {
        return dying;
    }

    @Override
    public long refs(final int folio)
    {
        return counts.getVolatile(folio);
    }

    @Override
    public boolean isIdle(final int folio)
    {
        return refs(folio) == 0;
    }

    @Override
    public boolean maybeDmaPinned(final int folio)
    {
        return refs(folio) >= DMA_PIN_BIAS;
    }

    @Override
    public long rangeCount()
    {
        return 0;
    }

    @Override
    public void close()
    {
        counts.close();
    }
}
