package pinbench.memory;

import pinbench.Described;

import java.nio.file.Path;

/**
 * Where counter words live. The catalog of memory backends: benchmarks take it as a parameter and
 * {@code scripts/bench --backend} accepts these names, case-insensitively.
 */
public enum Backend implements Described
{
    /** A {@code long[]} on the Java heap, accessed through a {@link java.lang.invoke.VarHandle}. */
    HEAP("long[] on the Java heap (VarHandle accesses)", false)
    {
        @Override
        Cells allocate(final int size, final int stride, final Path dir)
        {
            return new HeapCells(size, stride);
        }
    },

    /** A file on tmpfs mapped shared, accessed through an Agrona {@code UnsafeBuffer}. */
    TMPFS("file in a tmpfs directory (default /dev/shm), mapped shared, Agrona UnsafeBuffer", true)
    {
        @Override
        Cells allocate(final int size, final int stride, final Path dir)
        {
            return BufferCells.mapTempFile(dir, size, stride);
        }
    };

    private final String description;
    private final boolean usesPath;

    Backend(final String description, final boolean usesPath)
    {
        this.description = description;
        this.usesPath = usesPath;
    }

    /** One line for {@code scripts/bench list} and the results. */
    public String description()
    {
        return description;
    }

    /** Whether this backend puts its counters in files under a directory. */
    public boolean usesPath()
    {
        return usesPath;
    }

    abstract Cells allocate(int size, int stride, Path dir);
}
