package pinbench.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Detection on fake procfs/sysfs trees shaped like the kernel's. */
class DaxProbeTest
{
    private static void write(final Path file, final String content) throws IOException
    {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content + "\n");
    }

    private static void link(final Path link, final Path target) throws IOException
    {
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, target);
    }

    /** A pmem0 namespace in region0 on a bus with the given provider, mounted at /mnt/pmem. */
    private static DaxProbe fsdaxTree(final Path root, final String provider, final String domain,
        final String mountOptions) throws IOException
    {
        write(root.resolve("proc/self/mountinfo"), String.join("\n",
            "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw",
            "30 24 0:27 / /dev/shm rw,relatime - tmpfs tmpfs rw,size=1g",
            "45 27 259:1 / /mnt/pmem rw,relatime - xfs /dev/pmem0 " + mountOptions));
        final Path bus = root.resolve("sys/devices/platform/bus0/ndbus0");
        write(bus.resolve("provider"), provider);
        write(bus.resolve("region0/persistence_domain"), domain);
        write(bus.resolve("region0/numa_node"), "1");
        Files.createDirectories(bus.resolve("region0/namespace0.0"));
        link(root.resolve("sys/block/pmem0/device"), bus.resolve("region0/namespace0.0"));
        write(root.resolve("sys/block/pmem0/queue/dax"), "1");
        return new DaxProbe(root);
    }

    @Test
    void memmapEmulationIsLabelledAsDram(@TempDir final Path root) throws IOException
    {
        final DaxProbe probe = fsdaxTree(root, "e820", "memory_controller", "rw,attr2,dax=always");
        final DaxProbe.Description info = probe.describe(Backend.FSDAX, Path.of("/mnt/pmem/run"));
        assertEquals("xfs", info.filesystem());
        assertEquals(true, info.daxMount());
        assertEquals("pmem0", info.blockDevice());
        assertEquals("1", info.queueDax());
        assertEquals("e820", info.regionProvider());
        assertEquals(DaxProbe.EMULATED, info.memoryKind());
        assertEquals("memory_controller", info.persistenceDomain());
        assertEquals("1", info.numaNode());
    }

    @Test
    void realNvdimmShowsItsProviderAndPersistenceDomain(@TempDir final Path root) throws IOException
    {
        final DaxProbe probe = fsdaxTree(root, "ACPI.NFIT", "cpu_cache", "rw,dax");
        final DaxProbe.Description info = probe.describe(Backend.FSDAX_SYNC, Path.of("/mnt/pmem"));
        assertEquals("NVDIMM (ACPI.NFIT)", info.memoryKind());
        assertEquals("cpu_cache", info.persistenceDomain());
        assertTrue(DaxProbe.daxMount(probe.mount(Path.of("/mnt/pmem/x"))));
    }

    @Test
    void tmpfsIsDramWithoutDax(@TempDir final Path root) throws IOException
    {
        final DaxProbe probe = fsdaxTree(root, "e820", "memory_controller", "rw");
        final DaxProbe.Description info = probe.describe(Backend.TMPFS, Path.of("/dev/shm"));
        assertEquals("tmpfs", info.filesystem());
        assertEquals(false, info.daxMount());
        assertEquals("DRAM (no pmem device)", info.memoryKind());
        assertNull(info.blockDevice());
        assertFalse(DaxProbe.daxMount(probe.mount(Path.of("/mnt/pmem"))), "xfs mounted without dax");
    }

    @Test
    void daxMountOptions()
    {
        assertTrue(DaxProbe.daxMount(MountInfo.parse("1 1 1:1 / /m rw - ext4 /dev/pmem0 rw,dax")));
        assertTrue(DaxProbe.daxMount(MountInfo.parse("1 1 1:1 / /m rw - xfs /dev/pmem0 rw,dax=inode")));
        assertFalse(DaxProbe.daxMount(MountInfo.parse("1 1 1:1 / /m rw - xfs /dev/pmem0 rw,dax=never")));
        assertFalse(DaxProbe.daxMount(MountInfo.parse("1 1 1:1 / /m rw - ext4 /dev/sda rw,daxfoo")));
        assertFalse(DaxProbe.daxMount(null));
    }

    @Test
    void deviceDaxSizeAlignmentAndRegion(@TempDir final Path root) throws IOException
    {
        final Path region = root.resolve("sys/devices/platform/bus0/ndbus1/region1");
        write(region.getParent().resolve("provider"), "ACPI.NFIT");
        write(region.resolve("persistence_domain"), "cpu_cache");
        final Path device = region.resolve("dax1.0/dax0.0");
        write(device.resolve("size"), "68719476736");
        write(device.resolve("align"), "2097152");
        Files.createDirectories(root.resolve("sys/bus/dax"));
        link(device.resolve("subsystem"), root.resolve("sys/bus/dax"));
        link(root.resolve("sys/bus/dax/devices/dax0.0"), device);
        final DaxProbe probe = new DaxProbe(root);
        final DaxProbe.Description info = probe.describe(Backend.DEVDAX, Path.of("/dev/dax0.0"));
        assertEquals(68719476736L, (long)info.sizeBytes());
        assertEquals(2097152L, (long)info.alignBytes());
        assertEquals("dax", info.subsystem());
        assertEquals("NVDIMM (ACPI.NFIT)", info.memoryKind());
        assertEquals("cpu_cache", info.persistenceDomain());
        assertNull(probe.devdaxDir(Path.of("/dev/dax7.7")));
    }
}
