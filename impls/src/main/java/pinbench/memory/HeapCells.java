package pinbench.memory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Cells in a {@code long[]} on the Java heap. Each cell is {@code stride} bytes apart and the array
 * starts and ends with one empty stride, so no cell shares a line with the array header or with
 * whatever the allocator puts next to the array.
 */
public final class HeapCells extends Cells
{
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] words;
    private final int shift;

    HeapCells(final int size, final int stride)
    {
        super(size, stride);
        this.shift = Integer.numberOfTrailingZeros(stride / Long.BYTES);
        this.words = new long[(size + 2) << shift];
    }

    /** The array index of a cell; checked, since the padding around the cells is in the array too. */
    private int index(final int cell)
    {
        return (checked(cell) + 1) << shift;
    }

    @Override
    public long getPlain(final int cell)
    {
        return words[index(cell)];
    }

    @Override
    public void setPlain(final int cell, final long value)
    {
        words[index(cell)] = value;
    }

    @Override
    public long setPlainThenGetPlain(final int storeCell, final long value, final int loadCell)
    {
        final long[] words = this.words;
        final int store = index(storeCell);
        final int load = index(loadCell);
        words[store] = value;
        VarHandle.storeStoreFence();
        return words[load];
    }

    @Override
    public long getOpaque(final int cell)
    {
        return (long)LONGS.getOpaque(words, index(cell));
    }

    @Override
    public void setOpaque(final int cell, final long value)
    {
        LONGS.setOpaque(words, index(cell), value);
    }

    @Override
    public long getAcquire(final int cell)
    {
        return (long)LONGS.getAcquire(words, index(cell));
    }

    @Override
    public void setRelease(final int cell, final long value)
    {
        LONGS.setRelease(words, index(cell), value);
    }

    @Override
    public long getVolatile(final int cell)
    {
        return (long)LONGS.getVolatile(words, index(cell));
    }

    @Override
    public void setVolatile(final int cell, final long value)
    {
        LONGS.setVolatile(words, index(cell), value);
    }

    @Override
    public long getAndAdd(final int cell, final long delta)
    {
        return (long)LONGS.getAndAdd(words, index(cell), delta);
    }

    @Override
    public long getAndSet(final int cell, final long value)
    {
        return (long)LONGS.getAndSet(words, index(cell), value);
    }

    @Override
    public boolean compareAndSet(final int cell, final long expected, final long value)
    {
        return LONGS.compareAndSet(words, index(cell), expected, value);
    }

    @Override
    public Numa.PageNodes pageNodes()
    {
        return null;
    }

    @Override
    public String describe()
    {
        return "heap long[] with " + size() + " cells at stride " + stride();
    }

    @Override
    void free()
    {
        // the collector frees the array once the count is unreachable
    }
}
