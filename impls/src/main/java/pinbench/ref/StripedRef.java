package pinbench.ref;

import pinbench.memory.Memory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Striped cells, LongAdder-like: each handle is given one of a fixed set of padded cells (round
 * robin, so up to {@code stripes} threads never share one) and counts there with atomic adds.
 * <p>
 * Kill needs no handshake because each cell update is atomic: kill adds a large dead bias to each
 * cell in turn and folds the value it read into a central {@link ZoneWord}. An operation whose add
 * returns a biased value knows its cell is already folded; it undoes its add and goes to the
 * central word instead. The central word stays live (cannot reach zero) until every cell is folded.
 * <p>
 * A cell drifts when references are taken on one handle and dropped on another; it is kept within
 * {@link RefCount#MAX_COUNT} either way, far below the dead zone, by moving an add that would pass
 * it to the central word in the same way.
 */
final class StripedRef extends AbstractRef
{
    private static final int CENTRAL = 0;
    private static final long CELL_DEAD = 1L << 62;
    private static final long CELL_DEAD_ZONE = 1L << 61;

    private final ZoneWord central;
    private final int stripes;
    private final AtomicInteger nextStripe = new AtomicInteger();
    private final AtomicBoolean dying = new AtomicBoolean();

    StripedRef(final Memory memory, final Runnable release)
    {
        this(memory, release, defaultStripes());
    }

    private StripedRef(final Memory memory, final Runnable release, final int stripes)
    {
        super(memory, 1 + stripes, release);
        this.stripes = stripes;
        this.central = new ZoneWord(cells, CENTRAL, release, 1);
    }

    /** A power of two at least twice the CPUs: fewer collisions when handles outnumber CPUs. */
    private static int defaultStripes()
    {
        final int cpus = Runtime.getRuntime().availableProcessors();
        return Integer.highestOneBit(Math.max(2, cpus) * 4 - 1);
    }

    @Override
    public Handle handle()
    {
        return new StripeHandle(1 + (nextStripe.getAndIncrement() & (stripes - 1)));
    }

    @Override
    public void kill(final KillProbe probe)
    {
        if (!dying.compareAndSet(false, true))
        {
            throw killedTwice();
        }
        long folded = 0;
        for (int cell = 1; cell <= stripes; cell++)
        {
            folded += cells.getAndAdd(cell, CELL_DEAD);
        }
        probe.reached(KillProbe.Phase.FOLD);
        central.kill(folded);
        probe.reached(KillProbe.Phase.DROP_INITIAL);
    }

    @Override
    public boolean isDying()
    {
        return dying.get();
    }

    @Override
    public long count()
    {
        if (!central.isLive())
        {
            return central.count();
        }
        long sum = central.count();
        for (int cell = 1; cell <= stripes; cell++)
        {
            sum += cells.getVolatile(cell);
        }
        return sum;
    }

    private final class StripeHandle implements Handle
    {
        private final int cell;

        StripeHandle(final int cell)
        {
            this.cell = cell;
        }

        @Override
        public void getMany(final long n)
        {
            RefCount.requireReferences(n);
            final long old = cells.getAndAdd(cell, n);
            if (old > MAX_COUNT - n) // dead, or the cell would pass the limit
            {
                moveToCentral(old, n);
            }
        }

        @Override
        public boolean tryGetLive()
        {
            final long old = cells.getAndAdd(cell, 1);
            if (old < MAX_COUNT)
            {
                return true;
            }
            if (old >= CELL_DEAD_ZONE)
            {
                cells.getAndAdd(cell, -1);
                return false;
            }
            // the cell is full: the reference is counted on the central word instead, if it is still live
            return cells.getAndAdd(cell, -1) >= CELL_DEAD_ZONE || central.tryGetLive();
        }

        @Override
        public void putMany(final long n)
        {
            RefCount.requireReferences(n);
            final long old = cells.getAndAdd(cell, -n);
            if (old >= CELL_DEAD_ZONE || old - n < -MAX_COUNT)
            {
                moveToCentral(old, -n);
            }
        }

        /**
         * Takes back the add of {@code delta} that found the cell at {@code old} (dead, or passing the
         * limit) and counts it on the central word instead, unless kill folded the cell between the
         * add and the take-back: the fold then counted it there already.
         */
        private void moveToCentral(final long old, final long delta)
        {
            final boolean foldedMeanwhile = cells.getAndAdd(cell, -delta) >= CELL_DEAD_ZONE && old < CELL_DEAD_ZONE;
            if (!foldedMeanwhile)
            {
                if (delta > 0)
                {
                    central.getMany(delta);
                }
                else
                {
                    central.putMany(-delta);
                }
            }
        }
    }
}
