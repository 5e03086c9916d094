package pinbench.memory;

import org.agrona.BufferUtil;
import org.agrona.IoUtil;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Cells in off-heap memory: a shared file mapping (tmpfs, fsdax, fsdax with MAP_SYNC), direct
 * memory, or a native device-DAX mapping, accessed by address through Agrona's {@link UnsafeApi}.
 * <p>
 * Mapped files get a unique name and are unlinked as soon as they are mapped: the mapping keeps
 * the pages alive, and nothing is left behind in the directory even if the JVM is killed (but for
 * the instant between creating and unlinking, which {@link CounterFiles} cleans up after). Every
 * mapping starts with a {@link MappedHeader} that says whose counters follow.
 * Every access checks its cell index, as the heap backend's array does (Agrona's own bounds-check
 * switch does not apply: no access goes through an {@code UnsafeBuffer}). With {@link Durability#FLUSH} every write is
 * followed by a flush of the cell's line; one that fails is counted in {@link FlushFailures}, not thrown.
 */
public final class BufferCells extends Cells
{
    /** Makes one cell's update durable. */
    @FunctionalInterface
    interface Flusher
    {
        void flush(long offset);
    }

    /** Replaces every flush of flushed cells while set: how tests make a flush fail. */
    static volatile Flusher injectedFault;

    /** Holds the memory: a direct buffer is freed once unreachable. Accesses go by {@link #address}. */
    private final UnsafeBuffer memory;
    private final long address;
    /** The whole mapping or allocation, header included, page-aligned: what {@link #pageNodes()} reads. */
    private final long regionAddress;
    private final long regionLength;
    private final int shift;
    private final AutoCloseable free;
    private final Flusher flusher;
    private final String description;

    private BufferCells(final int size, final int stride, final UnsafeBuffer memory, final long regionAddress,
        final long regionLength, final AutoCloseable free, final Flusher flusher, final String description)
    {
        super(size, stride);
        if (memory.byteArray() != null)
        {
            throw new IllegalArgumentException("cells: BufferCells are off-heap memory, not a byte[]");
        }
        this.memory = memory;
        this.address = memory.addressOffset();
        this.regionAddress = regionAddress;
        this.regionLength = regionLength;
        this.shift = Integer.numberOfTrailingZeros(stride);
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
     * Maps a new, already unlinked file of a header plus {@code size * stride} bytes in {@code dir};
     * with {@code mapSync}, as {@code ExtendedMapMode.READ_WRITE_SYNC} (MAP_SYNC, DAX files only).
     * Counter files that killed runs left in {@code dir} are removed first. The mapping is bound to
     * {@code memNode} (unless {@link Memory#ANY_NODE}) before its first touch, then every page is
     * touched, so no page fault lands in a measured operation and the pages' node can be read at once.
     *
     * @throws UncheckedIOException naming the directory when the file cannot be created or mapped.
     */
    static BufferCells mapTempFile(final Path dir, final int size, final int stride, final boolean mapSync,
        final Durability durability, final int memNode)
    {
        final List<String> removed = CounterFiles.removeLeftovers(dir);
        final int header = MappedHeader.length(stride);
        final int length = length(size, stride);
        Path file = null;
        try
        {
            file = Files.createTempFile(dir, CounterFiles.prefix(), CounterFiles.SUFFIX);
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                channel.truncate(header + (long)length);
                final long mapped = header + (long)length;
                final MappedByteBuffer mapping = channel.map(
                    mapSync ? jdk.nio.mapmode.ExtendedMapMode.READ_WRITE_SYNC : FileChannel.MapMode.READ_WRITE, 0,
                    mapped);
                final long base = BufferUtil.address(mapping);
                try
                {
                    bindTo(memNode, base, mapped);
                }
                catch (final RuntimeException ex)
                {
                    IoUtil.unmap(mapping);
                    throw ex;
                }
                for (long page = 0; page < mapped; page += UnsafeApi.pageSize())
                {
                    UnsafeApi.putLong(null, base + page, 0L); // the file is new: its words are zero already
                }
                final UnsafeBuffer head = new UnsafeBuffer(mapping, 0, MappedHeader.LENGTH);
                MappedHeader.claim(head, stride, size);
                final Flusher flusher = durability == Durability.FLUSH
                    ? offset -> mapping.force(header + (int)offset, Long.BYTES) : null;
                return new BufferCells(size, stride, new UnsafeBuffer(mapping, header, length), base, mapped, () ->
                {
                    MappedHeader.close(head);
                    IoUtil.unmap(mapping);
                }, flusher, (mapSync ? "MAP_SYNC mapping" : "shared mapping") + " of an unlinked file in " + dir
                    + ", " + size + " cells at stride " + stride + " after a " + header + "-byte header, durability "
                    + durability + bound(memNode)
                    + (removed.isEmpty() ? "" : "; before mapping: " + String.join("; ", removed)));
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
     * Page-aligned direct memory, outside the Java heap, not backed by any file, in whole pages of
     * its own, moved to {@code memNode} unless that is {@link Memory#ANY_NODE} (the JDK zeroes it when
     * allocating, so its pages are first touched on the allocating thread's node). An aligned buffer
     * is a slice, which cannot be freed explicitly: the garbage collector frees it once unreachable.
     */
    static BufferCells direct(final int size, final int stride, final int memNode)
    {
        final int length = length(size, stride);
        final int page = UnsafeApi.pageSize();
        final int pages = (int)(((long)length + page - 1) / page * page);
        final ByteBuffer memory = BufferUtil.allocateDirectAligned(pages, page);
        final long base = BufferUtil.address(memory);
        bindTo(memNode, base, pages);
        return new BufferCells(size, stride, new UnsafeBuffer(memory, 0, length), base, pages, () -> { }, null,
            "direct memory, " + size + " cells at stride " + stride + bound(memNode));
    }

    private static void bindTo(final int memNode, final long base, final long length)
    {
        if (memNode != Memory.ANY_NODE)
        {
            Numa.bind(base, length, memNode);
        }
    }

    private static String bound(final int memNode)
    {
        return memNode == Memory.ANY_NODE ? "" : ", bound to NUMA node " + memNode;
    }

    /**
     * Maps a range of a device-DAX character device of {@code deviceSize} bytes, aligned to
     * {@code align}, that no other live {@code Cells} of this JVM uses. The device keeps what earlier
     * runs wrote: a range whose header names a running process is refused, one left by a killed run
     * is reported in {@link #describe()} and on standard error, and every range is zeroed before use.
     */
    static BufferCells mapDevice(final Path device, final long deviceSize, final long align, final int size,
        final int stride, final Durability durability)
    {
        final int header = MappedHeader.length(stride);
        final int length = length(size, stride);
        final long mapped = (header + length + align - 1) / align * align;
        final DeviceArena arena = DeviceArena.of(device, deviceSize / align * align);
        final long at = arena.take(mapped);
        final NativeMapping mapping;
        final String previous;
        try
        {
            mapping = NativeMapping.map(device, at, mapped);
            previous = previousOwner(new UnsafeBuffer(mapping.address(), MappedHeader.LENGTH), device, at, mapping);
        }
        catch (final RuntimeException ex)
        {
            arena.give(at, mapped);
            throw ex;
        }
        if (previous != null)
        {
            System.err.println("pinbench: " + previous);
        }
        final long address = mapping.address();
        final UnsafeBuffer head = new UnsafeBuffer(address, MappedHeader.LENGTH);
        new UnsafeBuffer(address, header + length).setMemory(0, header + length, (byte)0);
        MappedHeader.claim(head, stride, size);
        final Flusher flusher = durability == Durability.FLUSH
            ? offset -> Writeback.writeback(address + header + offset, Long.BYTES) : null;
        return new BufferCells(size, stride, new UnsafeBuffer(address + header, length), address, mapped, () ->
        {
            MappedHeader.close(head);
            mapping.close();
            arena.give(at, mapped);
        }, flusher, "native mapping of " + mapped + " bytes at offset " + at + " of " + device + " (align " + align
            + "), " + size + " cells at stride " + stride + " after a " + header + "-byte header, durability "
            + durability + (previous == null ? "" : "; " + previous));
    }

    /**
     * What the header of a device range says of its previous owner: {@code null} when nothing to
     * report; throws, unmapping the range, when a running process owns it.
     */
    private static String previousOwner(final UnsafeBuffer head, final Path device, final long at,
        final NativeMapping mapping)
    {
        final MappedHeader.Read read = MappedHeader.read(head);
        final String where = device + " at offset " + at;
        switch (read.found())
        {
            case IN_USE:
                mapping.close();
                throw new IllegalStateException(where + " holds the live counters of " + read.owner()
                    + ", which is still running; two runs on one device would corrupt each other's counters:"
                    + " wait for it to finish or use another device");
            case STALE:
                return where + " held the counters of " + read.owner() + ", which ended without closing them"
                    + " (killed?): they were not read, the range was reinitialised";
            default:
                return null;
        }
    }

    /**
     * The cell's address. The base of every access below is the constant {@code null}: C2 then knows
     * it is native memory, one alias class without barriers. Through {@link UnsafeBuffer}, whose base
     * is a field that may hold a {@code byte[]}, C2 fenced every plain access off with compiler
     * barriers (a "mixed" access), and the reloads they forced made mapped memory slower than the heap.
     */
    private long address(final int cell)
    {
        return address + ((long)checked(cell) << shift);
    }

    /** A failure is counted, not thrown: the store it follows stands (see {@link FlushFailures}). */
    private void flush(final long at)
    {
        if (flusher != null)
        {
            try
            {
                final Flusher fault = injectedFault;
                (fault == null ? flusher : fault).flush(at - address);
            }
            catch (final RuntimeException ex)
            {
                FlushFailures.record(description, ex);
            }
        }
    }

    @Override
    public long getPlain(final int cell)
    {
        return UnsafeApi.getLong(null, address(cell));
    }

    @Override
    public void setPlain(final int cell, final long value)
    {
        final long at = address(cell);
        UnsafeApi.putLong(null, at, value);
        flush(at);
    }

    @Override
    public long setPlainThenGetPlain(final int storeCell, final long value, final int loadCell)
    {
        final long store = address(storeCell);
        final long load = address(loadCell);
        UnsafeApi.putLong(null, store, value);
        flush(store);
        VarHandle.storeStoreFence();
        return UnsafeApi.getLong(null, load);
    }

    @Override
    public long getOpaque(final int cell)
    {
        return UnsafeApi.getLongOpaque(null, address(cell));
    }

    @Override
    public void setOpaque(final int cell, final long value)
    {
        final long at = address(cell);
        UnsafeApi.putLongOpaque(null, at, value);
        flush(at);
    }

    @Override
    public long getAcquire(final int cell)
    {
        return UnsafeApi.getLongAcquire(null, address(cell));
    }

    @Override
    public void setRelease(final int cell, final long value)
    {
        final long at = address(cell);
        UnsafeApi.putLongRelease(null, at, value);
        flush(at);
    }

    @Override
    public long getVolatile(final int cell)
    {
        return UnsafeApi.getLongVolatile(null, address(cell));
    }

    @Override
    public void setVolatile(final int cell, final long value)
    {
        final long at = address(cell);
        UnsafeApi.putLongVolatile(null, at, value);
        flush(at);
    }

    @Override
    public long getAndAdd(final int cell, final long delta)
    {
        final long at = address(cell);
        final long old = UnsafeApi.getAndAddLong(null, at, delta);
        flush(at);
        return old;
    }

    @Override
    public long getAndSet(final int cell, final long value)
    {
        final long at = address(cell);
        final long old = UnsafeApi.getAndSetLong(null, at, value);
        flush(at);
        return old;
    }

    @Override
    public boolean compareAndSet(final int cell, final long expected, final long value)
    {
        final long at = address(cell);
        final boolean set = UnsafeApi.compareAndSetLong(null, at, expected, value);
        flush(at);
        return set;
    }

    @Override
    public Numa.PageNodes pageNodes()
    {
        return Numa.problem() == null ? Numa.pagesOf(regionAddress, regionLength) : null;
    }

    @Override
    public String describe()
    {
        return description;
    }

    @Override
    void free()
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
