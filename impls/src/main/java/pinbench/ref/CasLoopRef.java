package pinbench.ref;

import pinbench.memory.Cells;
import pinbench.memory.Memory;

/**
 * One shared word. {@code tryGetLive} is a CAS loop that refuses a dead word, as the kernel's
 * {@code refcount_inc_not_zero}; {@code get} and {@code put} are single atomic adds
 * ({@code refcount_inc}, {@code refcount_dec_and_test}).
 * <p>
 * Word layout: the count while live; {@code count + DEAD} once killed ({@code DEAD} is far negative,
 * so the sign says dying). Nothing ever adds to a dead word without holding a reference, so the
 * word passes {@code DEAD} exactly once and the drop that lands on it releases. Counts stay within
 * {@link RefCount#MAX_COUNT}, far from {@code DEAD}: a get that passes it is taken back and refused.
 */
final class CasLoopRef extends AbstractRef
{
    private static final int WORD = 0;
    private static final long DEAD = Long.MIN_VALUE / 2;

    CasLoopRef(final Memory memory, final Runnable release)
    {
        super(memory, 1, release);
        cells.setVolatile(WORD, 1);
    }

    @Override
    public Handle handle()
    {
        return new CasHandle(this);
    }

    /** A thread's access: the shared word, and how often this thread's CAS lost a race. */
    private static final class CasHandle implements Handle
    {
        private final CasLoopRef ref;
        private final Cells cells;
        private long casRetries;

        CasHandle(final CasLoopRef ref)
        {
            this.ref = ref;
            this.cells = ref.cells;
        }

        @Override
        public void getMany(final long n)
        {
            RefCount.requireReferences(n);
            final long word = cells.getAndAdd(WORD, n);
            if (word > MAX_COUNT - n || word < 0 && word - DEAD > MAX_COUNT - n)
            {
                putMany(n);
                throw RefCount.tooMany(countOf(word), n);
            }
        }

        @Override
        public boolean tryGetLive()
        {
            long word = cells.getVolatile(WORD);
            while (word > 0)
            {
                if (word >= MAX_COUNT)
                {
                    throw RefCount.tooMany(word, 1);
                }
                if (cells.compareAndSet(WORD, word, word + 1))
                {
                    return true;
                }
                casRetries++;
                word = cells.getVolatile(WORD);
            }
            return false;
        }

        @Override
        public void putMany(final long n)
        {
            RefCount.requireReferences(n);
            if (cells.getAndAdd(WORD, -n) - n == DEAD)
            {
                ref.release.run();
            }
        }

        @Override
        public long casRetries()
        {
            return casRetries;
        }
    }

    @Override
    public void kill(final KillProbe probe)
    {
        long word;
        do
        {
            word = cells.getVolatile(WORD);
            if (word < 0)
            {
                throw killedTwice();
            }
        }
        while (!cells.compareAndSet(WORD, word, word - 1 + DEAD));
        if (word - 1 == 0)
        {
            release.run();
        }
        probe.reached(KillProbe.Phase.DROP_INITIAL);
    }

    @Override
    public boolean isDying()
    {
        return cells.getVolatile(WORD) < 0;
    }

    @Override
    public long count()
    {
        return countOf(cells.getVolatile(WORD));
    }

    private static long countOf(final long word)
    {
        return word < 0 ? word - DEAD : word;
    }
}
