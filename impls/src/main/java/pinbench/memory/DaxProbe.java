package pinbench.memory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
     * Everything known about {@code path} as backend {@code backend}, for {@code env.json}.
     *
     * @param backend one that {@linkplain Backend#usesPath() uses a path}: the others have nothing to probe.
     */
    public Map<String, Object> describe(final Backend backend, final Path path)
    {
        final Map<String, Object> info = new LinkedHashMap<>();
        info.put("path_type", fileType(path));
        Path deviceDir = null;
        if (backend == Backend.DEVDAX)
        {
            deviceDir = devdaxDir(path);
            if (deviceDir != null)
            {
                info.put("subsystem", linkName(deviceDir.resolve("subsystem")));
                info.put("size_bytes", readLong(deviceDir.resolve("size")));
                info.put("align_bytes", readLong(deviceDir.resolve("align")));
            }
        }
        else
        {
            final MountInfo mount = mount(path);
            if (mount != null)
            {
                info.put("filesystem", mount.fsType());
                info.put("mount_point", mount.mountPoint());
                info.put("mount_source", mount.source());
                info.put("mount_options", mount.options());
                info.put("dax_mount", daxMount(mount));
                if (mount.source().startsWith("/dev/pmem"))
                {
                    final String device = mount.source().substring("/dev/".length());
                    info.put("block_device", device);
                    info.put("queue_dax", blockQueueDax(device));
                    final Path dir = sys("sys/block/" + device + "/device");
                    deviceDir = Files.exists(dir) ? real(dir) : null;
                }
            }
        }
        if (deviceDir != null)
        {
            final String provider = upward(deviceDir, "provider");
            info.put("region_provider", provider);
            info.put("persistence_domain", upward(deviceDir, "persistence_domain"));
            info.put("numa_node", upward(deviceDir, "numa_node"));
            info.put("memory_kind", "e820".equals(provider) ? EMULATED
                : provider == null ? "unknown" : "NVDIMM (" + provider + ")");
        }
        else
        {
            info.put("region_provider", null);
            info.put("persistence_domain", null);
            info.put("numa_node", null);
            info.put("memory_kind", "DRAM (no pmem device)");
        }
        return info;
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
