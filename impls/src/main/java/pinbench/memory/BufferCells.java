package pinbench.memory;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Cells in an Agrona {@link AtomicBuffer}: over a shared file mapping (tmpfs, fsdax, fsdax with
 * MAP_SYNC), over direct memory, or over a native device-DAX mapping.
 * <p>
 * Mapped files get a unique name and are unlinked as soon as they are mapped: the mapping keeps
 * the pages alive, and nothing is left behind in the directory even if the JVM is killed.
 * Agrona checks bounds on every access unless {@code -Dagrona.disable.bounds.checks=true} (the
 * benchmarks set it and record it in the results). With {@link Durability#FLUSH} every write is
 * followed by a flush of the cell's line.
 */
public final class BufferCells extends Cells
{
    /** Makes one cell's update durable. */
    @FunctionalInterface
    private interface Flusher
    {
        void flush(int offset);
    }

    private final AtomicBuffer buffer;
    private final AutoCloseable free;
    private final Flusher flusher;
    private final String description;

    private BufferCells(final int size, final int stride, final AtomicBuffer buffer, final AutoCloseable free,
        final Flusher flusher, final String description)
    {
        super(size, stride);
        this.buffer = buffer;
        this.free = free;
        this.flusher = flusher;
        this.description = description;
    }

    private static int length(final int size, final int stride)
    {
        final long length = (long)size * stride;
        if (length > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("cells: " + size + " cells at stride " + stride + " exceed 2 GiB");
        }
        return (int)length;
    }

    /**
     * Maps a new, already unlinked file of {@code size * stride} bytes in {@code dir}; with
     * {@code mapSync}, as {@code ExtendedMapMode.READ_WRITE_SYNC} (MAP_SYNC, DAX files only).
     *
     * @throws UncheckedIOException naming the directory when the file cannot be created or mapped.
     */
    static BufferCells mapTempFile(final Path dir, final int size, final int stride, final boolean mapSync,
        final Durability durability)
    {
        final int length = length(size, stride);
        Path file = null;
        try
        {
            file = Files.createTempFile(dir, "pinbench-", ".cells");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                channel.truncate(length);
                final MappedByteBuffer mapping = channel.map(
                    mapSync ? jdk.nio.mapmode.ExtendedMapMode.READ_WRITE_SYNC : FileChannel.MapMode.READ_WRITE, 0,
                    length);
                final Flusher flusher = durability == Durability.FLUSH ? offset -> mapping.force(offset, Long.BYTES)
                    : null;
                return new BufferCells(size, stride, new UnsafeBuffer(mapping), () -> IoUtil.unmap(mapping), flusher,
                    (mapSync ? "MAP_SYNC mapping" : "shared mapping") + " of an unlinked file in " + dir + ", "
                        + size + " cells at stride " + stride + ", durability " + durability);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot map a counter file in " + dir
                + (mapSync ? " with MAP_SYNC" : "") + ": " + ex.getMessage(), ex);
        }
        finally
        {
            if (file != null)
            {
                IoUtil.deleteIfExists(file.toFile());
            }
        }
    }

    /**
     * Page-aligned direct memory, outside the Java heap, not backed by any file. An aligned buffer is
     * a slice, which cannot be freed explicitly: the garbage collector frees it once unreachable.
     */
    static BufferCells direct(final int size, final int stride)
    {
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(length(size, stride), 4096);
        return new BufferCells(size, stride, new UnsafeBuffer(memory), () -> { }, null,
            "direct memory, " + size + " cells at stride " + stride);
    }

    /**
     * Maps a range of a device-DAX character device of {@code deviceSize} bytes, aligned to
     * {@code align}, that no other live {@code Cells} of this JVM uses.
     */
    static BufferCells mapDevice(final Path device, final long deviceSize, final long align, final int size,
        final int stride, final Durability durability)
    {
        final int length = length(size, stride);
        final long mapped = (length + align - 1) / align * align;
        final DeviceArena arena = DeviceArena.of(device, deviceSize / align * align);
        final long at = arena.take(mapped);
        final NativeMapping mapping;
        try
        {
            mapping = NativeMapping.map(device, at, mapped);
        }
        catch (final RuntimeException ex)
        {
            arena.give(at, mapped);
            throw ex;
        }
        final long address = mapping.address();
        final Flusher flusher = durability == Durability.FLUSH
            ? offset -> Writeback.writeback(address + offset, Long.BYTES) : null;
        final UnsafeBuffer buffer = new UnsafeBuffer(address, length);
        buffer.setMemory(0, length, (byte)0); // the device keeps old contents; counters start at zero
        return new BufferCells(size, stride, buffer, () ->
        {
            mapping.close();
            arena.give(at, mapped);
        }, flusher, "native mapping of " + mapped + " bytes at offset " + at + " of " + device + " (align " + align
            + "), " + size + " cells at stride " + stride + ", durability " + durability);
    }

    private int offset(final int cell)
    {
        return cell * stride();
    }

    private void flush(final int offset)
    {
        if (flusher != null)
        {
            flusher.flush(offset);
        }
    }

    @Override
    public long getPlain(final int cell)
    {
        return buffer.getLong(offset(cell));
    }

    @Override
    public void setPlain(final int cell, final long value)
    {
        final int offset = offset(cell);
        buffer.putLong(offset, value);
        flush(offset);
    }

    @Override
    public long getOpaque(final int cell)
    {
        return buffer.getLongOpaque(offset(cell));
    }

    @Override
    public void setOpaque(final int cell, final long value)
    {
        final int offset = offset(cell);
        buffer.putLongOpaque(offset, value);
        flush(offset);
    }

    @Override
    public long getAcquire(final int cell)
    {
        return buffer.getLongAcquire(offset(cell));
    }

    @Override
    public void setRelease(final int cell, final long value)
    {
        final int offset = offset(cell);
        buffer.putLongRelease(offset, value);
        flush(offset);
    }

    @Override
    public long getVolatile(final int cell)
    {
        return buffer.getLongVolatile(offset(cell));
    }

    @Override
    public void setVolatile(final int cell, final long value)
    {
        final int offset = offset(cell);
        buffer.putLongVolatile(offset, value);
        flush(offset);
    }

    @Override
    public long getAndAdd(final int cell, final long delta)
    {
        final int offset = offset(cell);
        final long old = buffer.getAndAddLong(offset, delta);
        flush(offset);
        return old;
    }

    @Override
    public boolean compareAndSet(final int cell, final long expected, final long value)
    {
        final int offset = offset(cell);
        final boolean set = buffer.compareAndSetLong(offset, expected, value);
        flush(offset);
        return set;
    }

    @Override
    public String describe()
    {
        return description;
    }

    @Override
    public void close()
    {
        try
        {
            free.close();
        }
        catch (final Exception ex)
        {
            throw new IllegalStateException("cannot free " + description, ex);
        }
    }
}
