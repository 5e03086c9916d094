package pinbench.benchmarks.floor;

import pinbench.memory.Cells;
import pinbench.memory.Memory;
import pinbench.ref.KillProbe;
import pinbench.ref.RefCount;

/**
 * A measuring device, not a reference count: the {@link RefCount} interface with no
 * synchronisation at all. Each handle owns a cell of {@link Cells} (the run's stride apart)
 * and updates it with a plain load and an opaque store: the opaque store keeps C2 from merging a
 * get with the following put (it may not drop or coalesce an opaque write), and costs nothing more
 * than a plain {@code mov} on x86. {@code kill} and {@code tryGetLive} keep no promise: nothing is
 * ever released. What a strategy pays above this, through the same call shape, is its mechanism.
 */
final class NoSyncCount implements RefCount
{
    /** Handles at most; more threads share cells, which no floor run does. */
    private static final int CELLS = 64;

    private final Cells cells;
    private int handles;
    private volatile boolean dying;

    NoSyncCount(final Memory memory)
    {
        cells = memory.allocate(CELLS);
    }

    @Override
    public synchronized Handle handle()
    {
        final int cell = handles++ % CELLS;
        return new Handle()
        {
            @Override
            public void getMany(final long n)
            {
                RefCount.requireReferences(n); // the strategies' call shape, check included
                cells.setOpaque(cell, cells.getPlain(cell) + n);
            }

            @Override
            public boolean tryGetLive()
            {
                getMany(1);
                return true;
            }

            @Override
            public void putMany(final long n)
            {
                RefCount.requireReferences(n);
                cells.setOpaque(cell, cells.getPlain(cell) - n);
            }
        };
    }

    @Override
    public void kill(final KillProbe probe)
    {
        dying = true;
    }

    @Override
    public boolean isDying()
    {
        return dying;
    }

    @Override
    public synchronized long count()
    {
        long sum = 0;
        for (int i = 0; i < CELLS; i++)
        {
            sum += cells.getPlain(i);
        }
        return sum;
    }

    @Override
    public void close()
    {
        cells.close();
    }
}
