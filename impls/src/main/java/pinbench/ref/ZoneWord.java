package pinbench.ref;

import pinbench.memory.Cells;

/**
 * A shared count word that needs no CAS on the hot path, after Linux {@code rcuref}: every
 * operation is one {@code getAndAdd}, and the zone the result falls in says the state.
 * <pre>
 *   live      LIVE_BASE + n   (>= 0: the sign says live)     n may go negative when the word is one
 *                                                            part of a split count
 *   dead      DEAD_BASE + n   (&lt; 0)                         reaches DEAD_BASE exactly at zero
 *   released  RELEASED +- a few in-flight failed tryGets     far from DEAD_BASE, so never released twice
 * </pre>
 * A {@code tryGetLive} that lands on a dead word has already added one; it takes it back with a
 * put, and that put may be the one that reaches zero. Release is claimed by a CAS from
 * {@code DEAD_BASE} to {@code RELEASED}: a failed tryGet's transient +1 can make a put miss zero,
 * but then the tryGet's own undo lands on zero and claims it. The count in each zone stays within
 * {@link RefCount#MAX_COUNT}, far from the zone's edges: a get that passes it is taken back and
 * refused. Used whole by {@link RcuRef} and as the shared part of the slot and striped strategies.
 */
final class ZoneWord
{
    static final long LIVE_BASE = 1L << 61;
    static final long DEAD_BASE = -(1L << 62);
    static final long RELEASED = DEAD_BASE - (1L << 61);
    /** Words below this are released (transients are bounded by the number of threads). */
    private static final long RELEASED_ZONE_TOP = RELEASED + (1L << 60);

    private final Cells cells;
    private final int cell;
    private final Runnable release;
    private final RefCount.Handle handle = new RefCount.Handle()
    {
        @Override
        public void getMany(final long n)
        {
            ZoneWord.this.getMany(n);
        }

        @Override
        public boolean tryGetLive()
        {
            return ZoneWord.this.tryGetLive();
        }

        @Override
        public void putMany(final long n)
        {
            ZoneWord.this.putMany(n);
        }
    };

    ZoneWord(final Cells cells, final int cell, final Runnable release, final long liveCount)
    {
        this.cells = cells;
        this.cell = cell;
        this.release = release;
        cells.setVolatile(cell, LIVE_BASE + liveCount);
    }

    void getMany(final long n)
    {
        RefCount.requireReferences(n);
        final long word = cells.getAndAdd(cell, n);
        if (countOf(word) > RefCount.MAX_COUNT - n)
        {
            putMany(n);
            throw RefCount.tooMany(countOf(word), n);
        }
    }

    boolean tryGetLive()
    {
        final long word = cells.getAndAdd(cell, 1);
        if (word >= 0)
        {
            if (word - LIVE_BASE >= RefCount.MAX_COUNT)
            {
                putMany(1);
                throw RefCount.tooMany(word - LIVE_BASE, 1);
            }
            return true;
        }
        putMany(1);
        return false;
    }

    void putMany(final long n)
    {
        RefCount.requireReferences(n);
        if (cells.getAndAdd(cell, -n) - n == DEAD_BASE)
        {
            claimRelease();
        }
    }

    /**
     * Moves the word from live to dead, adding {@code folded} references counted elsewhere and
     * dropping the initial reference; releases if that makes zero.
     *
     * @throws IllegalStateException if the word is already dead.
     */
    void kill(final long folded)
    {
        long word;
        long dead;
        do
        {
            word = cells.getVolatile(cell);
            if (word < 0)
            {
                throw AbstractRef.killedTwice();
            }
            dead = word - LIVE_BASE + DEAD_BASE + folded - 1;
        }
        while (!cells.compareAndSet(cell, word, dead));
        if (dead == DEAD_BASE)
        {
            claimRelease();
        }
    }

    private void claimRelease()
    {
        if (cells.compareAndSet(cell, DEAD_BASE, RELEASED))
        {
            release.run();
        }
    }

    /** A handle that counts on this word alone: every thread may share it, it holds nothing of its own. */
    RefCount.Handle handle()
    {
        return handle;
    }

    boolean isLive()
    {
        return cells.getVolatile(cell) >= 0;
    }

    /** References counted in this word: live part, dead count, or zero once released. */
    long count()
    {
        return countOf(cells.getVolatile(cell));
    }

    private static long countOf(final long word)
    {
        if (word >= 0)
        {
            return word - LIVE_BASE;
        }
        return word < RELEASED_ZONE_TOP ? 0 : word - DEAD_BASE;
    }
}
