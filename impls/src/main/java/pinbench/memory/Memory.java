package pinbench.memory;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * A memory backend with its settings: where strategies allocate their {@link Cells}.
 *
 * @param backend         where the words live.
 * @param path            directory for the files of file backends, or the device for devdax.
 * @param stride          bytes between two cells: 128 (default) keeps each cell on its own pair of
 *                        64-byte lines; 256 is the Optane internal line; 8 packs them.
 * @param durability      whether each update is flushed.
 * @param overwriteDevice the user's consent to overwrite a device-DAX device.
 * @param memNode         the NUMA node the counters' pages are bound to, or {@link #ANY_NODE}: where
 *                        the first touch puts them.
 */
public record Memory(Backend backend, Path path, int stride, Durability durability, boolean overwriteDevice,
    int memNode)
{
    /** Default cell stride in bytes. */
    public static final int DEFAULT_STRIDE = 128;
    /** The strides {@link #validStride(int)} accepts, for messages. */
    public static final String STRIDE_RULE = "a power of two from 8 to 4096 bytes";
    /** Default directory for file-backed cells. */
    public static final Path DEFAULT_DIR = Path.of("/dev/shm");
    /** System property naming the run that owns mapped counters (their header records it). */
    public static final String RUN_ID_PROPERTY = "pinbench.runId";
    /** What the benchmarks map at most at a time, for the free-space check. */
    public static final long BYTES_NEEDED = 16L << 20;
    /** No NUMA binding: pages go where they are first touched. */
    public static final int ANY_NODE = -1;

    public Memory
    {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(durability, "durability");
        if (memNode < ANY_NODE)
        {
            throw new IllegalArgumentException("memNode must be a NUMA node or ANY_NODE, was " + memNode);
        }
    }

    /** Memory without a NUMA binding. */
    public Memory(final Backend backend, final Path path, final int stride, final Durability durability,
        final boolean overwriteDevice)
    {
        this(backend, path, stride, durability, overwriteDevice, ANY_NODE);
    }

    /** Heap memory with the default stride. */
    public static Memory heap()
    {
        return new Memory(Backend.HEAP, DEFAULT_DIR, DEFAULT_STRIDE, Durability.NONE, false);
    }

    /** The backend with the default path and stride, no durability, no consent to overwrite a device. */
    public static Memory of(final Backend backend)
    {
        return new Memory(backend, DEFAULT_DIR, DEFAULT_STRIDE, Durability.NONE, false);
    }

    /** Whether {@code stride} is {@link #STRIDE_RULE}: from one long to one page, so cells stay aligned. */
    public static boolean validStride(final int stride)
    {
        return stride >= Long.BYTES && stride <= 4096 && (stride & (stride - 1)) == 0;
    }

    /** The same with another stride. */
    public Memory withStride(final int newStride)
    {
        return new Memory(backend, path, newStride, durability, overwriteDevice, memNode);
    }

    /** The same with another durability mode. */
    public Memory withDurability(final Durability newDurability)
    {
        return new Memory(backend, path, stride, newDurability, overwriteDevice, memNode);
    }

    /** The same bound to another NUMA node ({@link #ANY_NODE}: none). */
    public Memory withMemNode(final int newMemNode)
    {
        return new Memory(backend, path, stride, durability, overwriteDevice, newMemNode);
    }

    /** {@link #problem(DaxProbe, long)} on this machine for the benchmarks' needs. */
    public String problem()
    {
        return problem(DaxProbe.system(), BYTES_NEEDED);
    }

    /**
     * Checks, without writing anything but a probe file, that {@code bytes} can be allocated here.
     *
     * @return {@code null} when usable, otherwise one message saying what is wrong and what to do.
     */
    public String problem(final DaxProbe probe, final long bytes)
    {
        if (!validStride(stride))
        {
            return "stride must be " + STRIDE_RULE + ", was " + stride;
        }
        if (!durability.appliesTo(backend))
        {
            return "durability flush needs a file or device mapping; backend " + backend.name()
                + " has nothing to flush (use TMPFS, FSDAX, FSDAX_SYNC or DEVDAX)";
        }
        final String node = nodeProblem(probe);
        if (node != null)
        {
            return node;
        }
        return switch (backend.kind())
        {
            case NO_PATH -> null;
            case DIRECTORY -> directoryProblem(probe, bytes);
            case DEVICE ->
            {
                final String problem = deviceProblem(probe, bytes);
                yield problem != null ? problem : deviceOwnerProblem(probe);
            }
        };
    }

    /**
     * Before a run: removes the counter files killed runs left under the path, and says whether the
     * device's first range holds counters a killed run left (the run reinitialises them).
     *
     * @return a line for the user per leftover found.
     */
    public List<String> clearLeftovers()
    {
        return clearLeftovers(DaxProbe.system());
    }

    /** {@link #clearLeftovers()} with the device's geometry read through {@code probe}. */
    List<String> clearLeftovers(final DaxProbe probe)
    {
        return switch (backend.kind())
        {
            case NO_PATH -> List.of();
            case DIRECTORY -> CounterFiles.removeLeftovers(path);
            case DEVICE ->
            {
                final MappedHeader.Read first = firstDeviceHeader(probe);
                yield first.found() != MappedHeader.Found.STALE ? List.of() : List.of(path + " holds counters left by "
                    + first.owner() + ", which ended without closing them (killed?); they will not be read: the"
                    + " run reinitialises the device's ranges");
            }
        };
    }

    /** Why the pages cannot be bound to {@link #memNode}: the backend, the system calls, or the node. */
    private String nodeProblem(final DaxProbe probe)
    {
        if (memNode == ANY_NODE)
        {
            return null;
        }
        final String backendProblem = backend.nodePlacementProblem();
        if (backendProblem != null)
        {
            return "--mem-node " + memNode + " cannot place these counters: " + backendProblem;
        }
        if (Numa.problem() != null)
        {
            return "--mem-node " + memNode + " needs mbind(2): " + Numa.problem();
        }
        return Numa.nodeProblem(probe.nodeDir(), memNode);
    }

    /** Refuses a device whose first range a running pinbench process owns. */
    String deviceOwnerProblem(final DaxProbe probe)
    {
        final MappedHeader.Read first;
        try
        {
            first = firstDeviceHeader(probe);
        }
        catch (final UncheckedIOException ex)
        {
            return ex.getCause().getMessage() + "; pinbench needs read and write access to " + path;
        }
        return first.found() != MappedHeader.Found.IN_USE ? null : path + " is in use by " + first.owner()
            + ", still running; two runs on one device would corrupt each other's counters: wait for it or use"
            + " another device";
    }

    /** The header at offset 0 of the device, where every process's first range starts. */
    private MappedHeader.Read firstDeviceHeader(final DaxProbe probe)
    {
        final Long align = DaxProbe.readLong(probe.devdaxDir(path).resolve("align"));
        try (NativeMapping mapping = NativeMapping.map(path, 0, align))
        {
            return MappedHeader.read(new UnsafeBuffer(mapping.address(), MappedHeader.LENGTH));
        }
    }

    private String directoryProblem(final DaxProbe probe, final long bytes)
    {
        final String b = "backend " + backend.name();
        if (!Files.exists(path))
        {
            return "path " + path + " does not exist (" + b + " creates its counter files in a directory)";
        }
        final String type = DaxProbe.fileType(path);
        if (type.equals("block device"))
        {
            return blockDeviceRefusal();
        }
        if (type.equals("character device"))
        {
            return "path " + path + " is a character device; only --backend DEVDAX maps a device";
        }
        if (!Files.isDirectory(path))
        {
            return "path " + path + " is a file, not a directory (" + b + " creates its counter files in a directory)";
        }
        final String cannotWrite = createProbe();
        if (cannotWrite != null)
        {
            return "cannot create files in " + path + ": " + cannotWrite + "; --path needs a directory this user can"
                + " create files in (" + b + ")";
        }
        try
        {
            final long free = Files.getFileStore(path).getUsableSpace();
            if (free < bytes)
            {
                return "not enough space in " + path + ": the counters need " + bytes + " bytes, " + free + " are free";
            }
        }
        catch (final IOException ex)
        {
            return "cannot read the free space of " + path + ": " + ex.getMessage();
        }
        final MountInfo mount = probe.mount(path);
        final String fs = mount == null ? "an unknown filesystem" : mount.fsType() + " (" + mount.source() + ", "
            + mount.options() + ")";
        switch (backend)
        {
            case TMPFS:
                return mount != null && mount.fsType().equals("tmpfs") ? null : "path " + path + " is on " + fs
                    + ", not tmpfs; --backend TMPFS is for tmpfs directories such as /dev/shm (a DAX filesystem"
                    + " is --backend FSDAX)";
            case FSDAX_SYNC:
                final String mapSync = DaxProbe.mapSyncProblem(path);
                if (mapSync != null)
                {
                    return "cannot map files in " + path + " with MAP_SYNC (" + mapSync + "): it is on " + fs
                        + "; FSDAX_SYNC needs a file on a filesystem mounted with -o dax, and does not fall back";
                }
                return null;
            default:
                return DaxProbe.daxMount(mount) ? null : "path " + path + " is on " + fs + " mounted without dax;"
                    + " --backend FSDAX needs a filesystem mounted with -o dax (see scripts/setup-pmem), or use"
                    + " --backend TMPFS";
        }
    }

    private String deviceProblem(final DaxProbe probe, final long bytes)
    {
        if (!path.startsWith("/dev") || !path.getFileName().toString().matches("dax\\d+\\.\\d+"))
        {
            return "--backend DEVDAX needs --path /dev/daxX.Y naming a device-DAX device, got " + path;
        }
        if (!overwriteDevice)
        {
            return "--backend DEVDAX overwrites the contents of " + path + "; pass --overwrite-device to confirm";
        }
        if (!Files.exists(path))
        {
            return "device " + path + " does not exist";
        }
        final String type = DaxProbe.fileType(path);
        if (type.equals("block device"))
        {
            return blockDeviceRefusal();
        }
        if (!type.equals("character device"))
        {
            return path + " is not a character device, so not a device-DAX device";
        }
        final Path dir = probe.devdaxDir(path);
        if (dir == null)
        {
            return path + " has no entry in /sys/bus/dax/devices; is it a device-DAX device?";
        }
        final Long size = DaxProbe.readLong(dir.resolve("size"));
        final Long align = DaxProbe.readLong(dir.resolve("align"));
        if (size == null || align == null || align <= 0)
        {
            return "cannot read the size and alignment of " + path + " from " + dir;
        }
        return size < bytes ? "device " + path + " has " + size + " bytes, the counters need " + bytes : null;
    }

    private String blockDeviceRefusal()
    {
        return "path " + path + " is a block device: pinbench never writes to one, it would destroy the filesystem"
            + " on it; mount it with -o dax and give a directory on it (--backend FSDAX), or use its devdax namespace";
    }

    /** Creates and deletes a uniquely named file: the only sure test of writability (root passes access(2)). */
    private String createProbe()
    {
        try
        {
            Files.delete(Files.createTempFile(path, "pinbench-probe-", ".tmp"));
            return null;
        }
        catch (final IOException | SecurityException ex)
        {
            // the exception names a random probe file: say what it means for the directory instead
            if (ex instanceof java.nio.file.AccessDeniedException)
            {
                return "permission denied";
            }
            if (ex instanceof java.nio.file.NoSuchFileException)
            {
                return "its filesystem does not let files be created (as /proc and /sys do not)";
            }
            return ex instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason()
                : ex.getClass().getSimpleName();
        }
    }

    /** Told of every allocation, so a benchmark can report what its counters really were ({@code null}: nobody). */
    private static volatile BiConsumer<Memory, Cells> allocationWatcher;

    /** Installs the one watcher of allocations: it learns each memory and the cells allocated from it. */
    public static void watchAllocations(final BiConsumer<Memory, Cells> watcher)
    {
        allocationWatcher = watcher;
    }

    /** Allocates {@code size} zeroed cells. */
    public Cells allocate(final int size)
    {
        if (!durability.appliesTo(backend))
        {
            throw new IllegalStateException(problem(DaxProbe.system(), 0));
        }
        if (memNode != ANY_NODE && backend.nodePlacementProblem() != null)
        {
            throw new IllegalStateException(nodeProblem(DaxProbe.system()));
        }
        final Cells cells = switch (backend)
        {
            case HEAP -> new HeapCells(size, stride);
            case DIRECT -> BufferCells.direct(size, stride, memNode);
            case TMPFS, FSDAX -> BufferCells.mapTempFile(path, size, stride, false, durability, memNode);
            case FSDAX_SYNC -> BufferCells.mapTempFile(path, size, stride, true, durability, memNode);
            case DEVDAX -> mapDevice(size);
        };
        final BiConsumer<Memory, Cells> watcher = allocationWatcher;
        if (watcher != null)
        {
            watcher.accept(this, cells);
        }
        return cells;
    }

    private Cells mapDevice(final int size)
    {
        final String problem = deviceProblem(DaxProbe.system(), 0);
        if (problem != null)
        {
            throw new IllegalStateException(problem);
        }
        final Path dir = DaxProbe.system().devdaxDir(path);
        return BufferCells.mapDevice(path, DaxProbe.readLong(dir.resolve("size")),
            DaxProbe.readLong(dir.resolve("align")), size, stride, durability);
    }
}
