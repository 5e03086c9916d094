package pinbench.pin;

import pinbench.memory.Cells;
import pinbench.ref.RefCount;

/**
 * The page map. Per-folio counts live in {@link Cells} at {@link PinConfig#FOLIO_STRIDE}; the
 * count update is a {@link FolioCount} strategy; the range reference is any family-1 strategy.
 * <p>
 * Range-reference modes. <em>Per folio</em>: for each folio take a range reference with
 * {@code tryGetLive}, update the count, and give the reference back unless this update crossed
 * the idle edge; a failed {@code tryGetLive} undoes the folios already taken; each release that
 * makes a folio idle drops one. <em>Per batch</em>: one {@code tryGetLive} for the whole request,
 * held across its scan of the folios, one {@code getMany(k)} for the k edges it crossed (legal: the
 * batch reference is held), then the batch reference is dropped; a release drops the references of
 * all the folios it made idle with one {@code putMany}. Either way a reference is
 * held before a count can show busy and until after it shows idle, so the range cannot be
 * released while a folio is busy, and every edge is paired with exactly one reference.
 */
final class FolioPageMap implements PageMap
{
    private final Cells counts;
    private final RefCount range;
    private final FolioCount count;
    private final boolean batch;
    private final long base;
    private final UnpinHook.Hook hook;
    private final PinConfig config;

    FolioPageMap(final PinConfig config, final FolioCount count, final boolean batch)
    {
        this.config = config;
        this.count = count;
        this.batch = batch;
        this.base = config.idleAt().base;
        this.hook = config.hook().create(config.listener());
        this.range = config.range().create(config.memory(), config.onRangeRelease());
        Cells cells = null;
        try
        {
            cells = config.memory().withStride(PinConfig.FOLIO_STRIDE).allocate(config.folios());
            for (int folio = 0; folio < config.folios(); folio++)
            {
                cells.setVolatile(folio, base);
            }
        }
        catch (final RuntimeException ex)
        {
            range.close();
            throw ex;
        }
        this.counts = cells;
    }

    @Override
    public int folios()
    {
        return config.folios();
    }

    @Override
    public int order()
    {
        return config.order();
    }

    @Override
    public Handle handle()
    {
        return new FolioHandle(range.handle());
    }

    @Override
    public void kill()
    {
        range.kill();
    }

    @Override
    public boolean isDying()
    {
        return range.isDying();
    }

    @Override
    public long refs(final int folio)
    {
        return counts.getVolatile(folio) - base;
    }

    @Override
    public boolean isIdle(final int folio)
    {
        return counts.getVolatile(folio) == base;
    }

    @Override
    public boolean maybeDmaPinned(final int folio)
    {
        return counts.getVolatile(folio) - base >= DMA_PIN_BIAS;
    }

    @Override
    public long rangeCount()
    {
        return range.count();
    }

    @Override
    public void close()
    {
        try
        {
            counts.close();
        }
        finally
        {
            range.close();
        }
    }

    private void checkSpan(final int first, final int n)
    {
        if (n < 1 || first < 0 || first > config.folios() - n)
        {
            throw new IndexOutOfBoundsException("folios [" + first + ", " + first + "+" + n + ") outside 0.."
                + config.folios());
        }
    }

    private final class FolioHandle implements Handle
    {
        private final RefCount.Handle rangeRef;
        private final FolioCount.LostRaces lost = new FolioCount.LostRaces();

        FolioHandle(final RefCount.Handle rangeRef)
        {
            this.rangeRef = rangeRef;
        }

        @Override
        public long casRetries()
        {
            return lost.count + rangeRef.casRetries();
        }

        @Override
        public boolean request(final int first, final int n)
        {
            checkSpan(first, n);
            if (batch)
            {
                if (!rangeRef.tryGetLive())
                {
                    return false;
                }
                long edges = 0;
                for (int folio = first; folio < first + n; folio++)
                {
                    if (count.getAndAdd(counts, folio, 1, lost) == base)
                    {
                        edges++;
                    }
                }
                if (edges > 0)
                {
                    // the range holds one per busy folio and one per request in flight: never near MAX_COUNT, so never refused
                    rangeRef.getMany(edges);
                }
                rangeRef.put();
                return true;
            }
            for (int folio = first; folio < first + n; folio++)
            {
                if (!takeWithRange(folio, 1))
                {
                    release(first, folio - first);
                    return false;
                }
            }
            return true;
        }

        /** Per-folio mode: range reference first, kept only if this update crossed the idle edge. */
        private boolean takeWithRange(final int folio, final long delta)
        {
            if (!rangeRef.tryGetLive())
            {
                return false;
            }
            if (count.getAndAdd(counts, folio, delta, lost) != base)
            {
                rangeRef.put();
            }
            return true;
        }

        @Override
        public void release(final int first, final int n)
        {
            if (n == 0)
            {
                return;
            }
            checkSpan(first, n);
            if (batch)
            {
                long edges = 0;
                for (int folio = first; folio < first + n; folio++)
                {
                    if (unpinned(folio, 1))
                    {
                        edges++;
                    }
                }
                if (edges > 0)
                {
                    rangeRef.putMany(edges);
                }
                return;
            }
            for (int folio = first; folio < first + n; folio++)
            {
                unpin(folio, 1);
            }
        }

        @Override
        public boolean tryGetSpeculative(final int folio)
        {
            checkSpan(folio, 1);
            while (true)
            {
                final long old = counts.getVolatile(folio);
                if (old == 0)
                {
                    return false; // get unless zero: a free folio is never resurrected
                }
                if (old != base)
                {
                    if (counts.compareAndSet(folio, old, old + 1))
                    {
                        return true;
                    }
                    lost.count++;
                    continue;
                }
                // idle at one: this get is an idle -> busy edge and needs a range reference first
                if (!rangeRef.tryGetLive())
                {
                    return false;
                }
                if (counts.compareAndSet(folio, base, base + 1))
                {
                    return true;
                }
                lost.count++;
                rangeRef.put();
            }
        }

        @Override
        public void put(final int folio)
        {
            checkSpan(folio, 1);
            unpin(folio, 1);
        }

        @Override
        public boolean pinForDma(final int folio)
        {
            checkSpan(folio, 1);
            return takeWithRange(folio, DMA_PIN_BIAS);
        }

        @Override
        public void unpinForDma(final int folio)
        {
            checkSpan(folio, 1);
            unpin(folio, DMA_PIN_BIAS);
        }

        @Override
        public void close()
        {
            rangeRef.close();
        }

        private void unpin(final int folio, final long delta)
        {
            if (unpinned(folio, delta))
            {
                rangeRef.put();
            }
        }

        /** Drops {@code delta}, tells the hook; {@code true} if the folio went idle (its range reference is due). */
        private boolean unpinned(final int folio, final long delta)
        {
            final long remaining = count.getAndAdd(counts, folio, -delta, lost) - delta - base;
            hook.afterUnpin(folio, remaining);
            return remaining == 0;
        }
    }
}
