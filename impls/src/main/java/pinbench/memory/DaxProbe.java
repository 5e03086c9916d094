package pinbench.memory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * What kind of memory a path really is, read from procfs and sysfs under a root that tests replace
 * with a fake tree: the mount and its DAX option, the pmem block device's {@code queue/dax}, a
 * device-DAX device's size and alignment, the NVDIMM region's provider ({@code e820} means
 * memmap-emulated DRAM) and persistence domain, the NUMA node, and whether MAP_SYNC works there.
 */
public final class DaxProbe
{
    /** Label of memmap-emulated pmem: it is DRAM, never to be read as NVDIMM numbers. */
    public static final String EMULATED = "DRAM-backed emulation (memmap=)";
    private static final int S_IFMT = 0170000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFCHR = 0020000;

    private final Path root;

    /** Probes under {@code root} ({@code /} on a real machine). */
    public DaxProbe(final Path root)
    {
        this.root = root;
    }

    /** The real machine. */
    public static DaxProbe system()
    {
        return new DaxProbe(Path.of("/"));
    }

    private Path sys(final String relative)
    {
        return root.resolve(relative);
    }

    /** Where Linux lists the NUMA nodes and which of them have memory. */
    Path nodeDir()
    {
        return sys("sys/devices/system/node");
    }

    /** The mount holding {@code path}, or {@code null}. */
    public MountInfo mount(final Path path)
    {
        return MountInfo.of(sys("proc"), path);
    }

    /** Whether the mount options ask for DAX ({@code dax}, {@code dax=always}, {@code dax=inode}). */
    public static boolean daxMount(final MountInfo mount)
    {
        if (mount == null)
        {
            return false;
        }
        for (final String option : mount.options().split(","))
        {
            if (option.equals("dax") || option.equals("dax=always") || option.equals("dax=inode"))
            {
                return true;
            }
        }
        return false;
    }

    /** "block device" (never to be written), "character device", "directory", "file", or "missing". */
    public static String fileType(final Path path)
    {
        try
        {
            final int mode = (int)Files.getAttribute(path, "unix:mode") & S_IFMT;
            return mode == S_IFBLK ? "block device" : mode == S_IFCHR ? "character device"
                : Files.isDirectory(path) ? "directory" : "file";
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return Files.exists(path) ? "file" : "missing";
        }
    }

    /** The pmem block device's {@code queue/dax} (1: DAX capable), or {@code null}. */
    public String blockQueueDax(final String device)
    {
        return read(sys("sys/block/" + device + "/queue/dax"));
    }

    /** The sysfs directory of a device-DAX device ({@code /dev/dax0.0} to {@code /sys/bus/dax/devices/dax0.0}). */
    public Path devdaxDir(final Path device)
    {
        final Path dir = sys("sys/bus/dax/devices/" + device.getFileName());
        return Files.isDirectory(dir) ? real(dir) : null;
    }

    /** A long read from a sysfs file, or {@code null}. */
    public static Long readLong(final Path file)
    {
        final String value = read(file);
        if (value == null)
        {
            return null;
        }
        try
        {
            return value.startsWith("0x") ? Long.parseLong(value.substring(2), 16) : Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            return null;
        }
    }

    /**
     * What the probe found about the memory under a path, for {@code env.json}. {@code null} where
     * the machine does not have it (no mount for a device, no pmem region for tmpfs).
     *
     * @param pathType          what the path is (directory, character device, ...).
     * @param filesystem        the mount's filesystem type.
     * @param mountPoint        where it is mounted.
     * @param mountSource       the mounted device.
     * @param mountOptions      the mount options.
     * @param daxMount          whether the mount has DAX on.
     * @param blockDevice       the pmem block device under the mount.
     * @param queueDax          its {@code queue/dax}.
     * @param subsystem         a devdax device's subsystem.
     * @param sizeBytes         a devdax device's size.
     * @param alignBytes        a devdax device's alignment.
     * @param regionProvider    the NVDIMM bus provider ({@code e820}: memmap= emulation).
     * @param persistenceDomain the region's persistence domain.
     * @param numaNode          the region's NUMA node.
     * @param memoryKind        what the memory is, in words.
     */
    public record Description(String pathType, String filesystem, String mountPoint, String mountSource,
        String mountOptions, Boolean daxMount, String blockDevice, String queueDax, String subsystem, Long sizeBytes,
        Long alignBytes, String regionProvider, String persistenceDomain, String numaNode, String memoryKind)
    {
    }

    /** Everything known about {@code path}, the directory or device of a backend that uses a path. */
    public Description describe(final Backend backend, final Path path)
    {
        Path deviceDir = null;
        MountInfo mount = null;
        String blockDevice = null;
        if (backend == Backend.DEVDAX)
        {
            deviceDir = devdaxDir(path);
        }
        else
        {
            mount = mount(path);
            if (mount != null && mount.source().startsWith("/dev/pmem"))
            {
                blockDevice = mount.source().substring("/dev/".length());
                final Path dir = sys("sys/block/" + blockDevice + "/device");
                deviceDir = Files.exists(dir) ? real(dir) : null;
            }
        }
        final boolean device = backend == Backend.DEVDAX && deviceDir != null;
        final String provider = deviceDir == null ? null : upward(deviceDir, "provider");
        return new Description(fileType(path), mount == null ? null : mount.fsType(),
            mount == null ? null : mount.mountPoint(), mount == null ? null : mount.source(),
            mount == null ? null : mount.options(), mount == null ? null : daxMount(mount), blockDevice,
            blockDevice == null ? null : blockQueueDax(blockDevice),
            device ? linkName(deviceDir.resolve("subsystem")) : null,
            device ? readLong(deviceDir.resolve("size")) : null, device ? readLong(deviceDir.resolve("align")) : null,
            provider, deviceDir == null ? null : upward(deviceDir, "persistence_domain"),
            deviceDir == null ? null : upward(deviceDir, "numa_node"),
            deviceDir == null ? "DRAM (no pmem device)" : "e820".equals(provider) ? EMULATED
                : provider == null ? "unknown" : "NVDIMM (" + provider + ")");
    }

    /**
     * Tries a MAP_SYNC mapping of a small temporary file in {@code dir}.
     *
     * @return {@code null} if it works, else the reason (the exception's message).
     */
    public static String mapSyncProblem(final Path dir)
    {
        Path file = null;
        try
        {
            file = Files.createTempFile(dir, "pinbench-probe-", ".tmp");
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE))
            {
                channel.truncate(4096);
                channel.map(jdk.nio.mapmode.ExtendedMapMode.READ_WRITE_SYNC, 0, 4096);
                return null;
            }
        }
        catch (final IOException | UnsupportedOperationException ex)
        {
            return ex.getClass().getSimpleName() + ": " + ex.getMessage();
        }
        finally
        {
            if (file != null)
            {
                try
                {
                    Files.deleteIfExists(file);
                }
                catch (final IOException ignored)
                {
                    // best effort: the probe file is empty and uniquely named
                }
            }
        }
    }

    /** The value of the first {@code name} file in {@code dir} or one of its parents within sysfs. */
    private String upward(final Path dir, final String name)
    {
        final Path top = real(sys("sys"));
        for (Path d = dir; d != null && d.startsWith(top); d = d.getParent())
        {
            final String value = read(d.resolve(name));
            if (value != null)
            {
                return value;
            }
        }
        return null;
    }

    private static Path real(final Path p)
    {
        try
        {
            return p.toRealPath();
        }
        catch (final IOException ex)
        {
            return p;
        }
    }

    private static String linkName(final Path link)
    {
        final Path target = real(link);
        return target.getFileName() == null ? null : target.getFileName().toString();
    }

    private static String read(final Path file)
    {
        try
        {
            final List<String> lines = Files.readAllLines(file);
            return lines.isEmpty() || lines.get(0).isBlank() ? null : lines.get(0).trim();
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
    }
}
