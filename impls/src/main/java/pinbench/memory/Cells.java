package pinbench.memory;

/**
 * A fixed array of 64-bit counter words, each on its own padded line, in some memory backend.
 * <p>
 * Strategies keep every hot word in a {@code Cells} so that where the counters live (Java heap, a
 * tmpfs mapping, later pmem) is a benchmark parameter rather than a rewrite. Method names say the
 * memory ordering, as in Agrona and {@link java.lang.invoke.VarHandle}. Only one subclass is loaded
 * in a benchmark fork, so calls through this type inline as if direct.
 */
public abstract sealed class Cells implements AutoCloseable permits HeapCells, BufferCells
{
    private final int size;
    private final int stride;
    /** {@link #size} while open, 0 once closed: every access is checked against it, so a use after close throws. */
    private int open;

    Cells(final int size, final int stride)
    {
        if (size <= 0)
        {
            throw new IllegalArgumentException("cells: size must be positive, was " + size);
        }
        if (!Memory.validStride(stride))
        {
            throw new IllegalArgumentException("cells: stride must be " + Memory.STRIDE_RULE + ", was " + stride);
        }
        this.size = size;
        this.stride = stride;
        this.open = size;
    }

    /**
     * {@code cell}, checked against the size while the cells are open; after {@link #close()} every
     * cell is refused, so a count or page map used after close throws instead of touching freed or
     * unmapped memory. One unsigned compare, as {@code Objects.checkIndex}, which C2 treats alike.
     *
     * @throws IndexOutOfBoundsException outside {@code [0, size)}.
     * @throws IllegalStateException after close.
     */
    final int checked(final int cell)
    {
        if (Integer.compareUnsigned(cell, open) >= 0)
        {
            throw refused(cell);
        }
        return cell;
    }

    private RuntimeException refused(final int cell)
    {
        if (open == 0)
        {
            return new IllegalStateException("used after close(): " + describe()
                + " was freed; a count or page map must not be used once closed");
        }
        return new IndexOutOfBoundsException("cell " + cell + " outside [0, " + size + ")");
    }

    /** Number of cells. */
    public final int size()
    {
        return size;
    }

    /** Distance in bytes between two cells. */
    public final int stride()
    {
        return stride;
    }

    /** A plain load: only for a word this thread alone writes. */
    public abstract long getPlain(int cell);

    /** A plain store: only for a word this thread alone writes and nobody reads concurrently. */
    public abstract void setPlain(int cell, long value);

    /**
     * A plain store of {@code value} into {@code storeCell}, then a plain load of {@code loadCell},
     * kept in that order by the compiler (a {@code storeStoreFence} between them: a full compiler
     * barrier in C1 and C2, no instruction on x86-64) but not by the CPU, which may still let the
     * load pass the store. Both addresses are computed before the store, so the barrier forces no
     * field to be reloaded after it. The store follows {@link #setPlain}'s rule; the caller supplies
     * any StoreLoad ordering it needs by other means.
     */
    public abstract long setPlainThenGetPlain(int storeCell, long value, int loadCell);

    /** An opaque load: atomic and coherent, no ordering with other words. */
    public abstract long getOpaque(int cell);

    /** An opaque store: atomic and coherent, no ordering with other words. */
    public abstract void setOpaque(int cell, long value);

    /** A load that orders all later loads and stores after it. */
    public abstract long getAcquire(int cell);

    /** A store that orders all earlier loads and stores before it. */
    public abstract void setRelease(int cell, long value);

    /** A sequentially consistent load. */
    public abstract long getVolatile(int cell);

    /** A sequentially consistent store (a StoreLoad fence follows it). */
    public abstract void setVolatile(int cell, long value);

    /** An atomic add returning the previous value (lock xadd on x86). */
    public abstract long getAndAdd(int cell, long delta);

    /** An atomic exchange returning the previous value, with volatile semantics (xchg on x86). */
    public abstract long getAndSet(int cell, long value);

    /** An atomic compare-and-set with volatile semantics. */
    public abstract boolean compareAndSet(int cell, long expected, long value);

    /**
     * The NUMA node each page of this memory is on, read now; {@code null} where that cannot be
     * read: the heap, which the JVM places and moves, or a machine without {@link Numa}.
     */
    public abstract Numa.PageNodes pageNodes();

    /** Human-readable description for results: backend, size and where the memory lives. */
    public abstract String describe();

    /**
     * Releases the memory. Later accesses throw {@link IllegalStateException}; a second close does
     * nothing. Must not race with accesses: an access already past its check when the memory goes
     * touches freed memory, so the owner closes only once every thread using the cells is done.
     */
    @Override
    public final synchronized void close() // two closes at once must not both free
    {
        if (open == 0)
        {
            return;
        }
        open = 0;
        free();
    }

    /** Frees the memory, once. */
    abstract void free();
}
