package pinbench.memory;

import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cells in an Agrona {@link AtomicBuffer} over a shared file mapping.
 * <p>
 * The file gets a unique name and is unlinked as soon as it is mapped: the mapping keeps the pages
 * alive, and nothing is left behind in the directory even if the JVM is killed.
 * Agrona checks bounds on every access unless {@code -Dagrona.disable.bounds.checks=true}
 * (the benchmarks set it and record it in the results).
 */
public final class BufferCells extends Cells
{
    private final AtomicBuffer buffer;
    private final MappedByteBuffer mapping;
    private final String description;

    private BufferCells(final int size, final int stride, final MappedByteBuffer mapping, final String description)
    {
        super(size, stride);
        this.mapping = mapping;
        this.buffer = new UnsafeBuffer(mapping);
        this.description = description;
    }

    /**
     * Maps a new, already unlinked file of {@code size * stride} bytes in {@code dir}.
     *
     * @throws UncheckedIOException naming the directory when the file cannot be created or mapped.
     */
    static BufferCells mapTempFile(final Path dir, final int size, final int stride)
    {
        final long length = (long)size * stride;
        if (length > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("cells: " + size + " cells at stride " + stride + " exceed 2 GiB");
        }
        Path file = null;
        try
        {
            file = Files.createTempFile(dir, "pinbench-", ".cells");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                final MappedByteBuffer mapping = channel.map(FileChannel.MapMode.READ_WRITE, 0, length);
                return new BufferCells(size, stride, mapping,
                    "mapped file in " + dir + " (" + size + " cells at stride " + stride + ", unlinked after map)");
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map a counter file in " + dir + ": " + ex.getMessage(), ex);
        }
        finally
        {
            if (file != null)
            {
                IoUtil.deleteIfExists(file.toFile());
            }
        }
    }

    private int offset(final int cell)
    {
        return cell * stride();
    }

    @Override
    public long getPlain(final int cell)
    {
        return buffer.getLong(offset(cell));
    }

    @Override
    public void setPlain(final int cell, final long value)
    {
        buffer.putLong(offset(cell), value);
    }

    @Override
    public long getOpaque(final int cell)
    {
        return buffer.getLongOpaque(offset(cell));
    }

    @Override
    public void setOpaque(final int cell, final long value)
    {
        buffer.putLongOpaque(offset(cell), value);
    }

    @Override
    public long getAcquire(final int cell)
    {
        return buffer.getLongAcquire(offset(cell));
    }

    @Override
    public void setRelease(final int cell, final long value)
    {
        buffer.putLongRelease(offset(cell), value);
    }

    @Override
    public long getVolatile(final int cell)
    {
        return buffer.getLongVolatile(offset(cell));
    }

    @Override
    public void setVolatile(final int cell, final long value)
    {
        buffer.putLongVolatile(offset(cell), value);
    }

    @Override
    public long getAndAdd(final int cell, final long delta)
    {
        return buffer.getAndAddLong(offset(cell), delta);
    }

    @Override
    public boolean compareAndSet(final int cell, final long expected, final long value)
    {
        return buffer.compareAndSetLong(offset(cell), expected, value);
    }

    @Override
    public String describe()
    {
        return description;
    }

    @Override
    public void close()
    {
        IoUtil.unmap(mapping);
    }
}
