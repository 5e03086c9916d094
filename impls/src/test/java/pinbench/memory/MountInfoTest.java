package pinbench.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MountInfoTest
{
    @Test
    void longestMountPointWinsAndEscapesAreDecoded(@TempDir final Path proc) throws IOException
    {
        Files.createDirectories(proc.resolve("self"));
        Files.writeString(proc.resolve("self/mountinfo"), String.join("\n",
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw,errors=remount-ro",
            "30 22 0:25 / /dev/shm rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,size=12g",
            "41 22 259:0 / /mnt/pmem\\0400 rw,relatime shared:9 - xfs /dev/pmem0 rw,attr2,dax=always",
            ""));
        assertEquals(new MountInfo("/dev/shm", "tmpfs", "tmpfs", "rw,nosuid,nodev,rw,size=12g"),
            MountInfo.of(proc, Path.of("/dev/shm/some/file")));
        final MountInfo pmem = MountInfo.of(proc, Path.of("/mnt/pmem 0/data"));
        assertEquals("/mnt/pmem 0", pmem.mountPoint());
        assertEquals("xfs", pmem.fsType());
        assertEquals("rw,relatime,rw,attr2,dax=always", pmem.options());
        assertEquals("ext4", MountInfo.of(proc, Path.of("/home/user")).fsType());
    }

    @Test
    void unreadableMountinfoGivesNothing(@TempDir final Path proc)
    {
        assertNull(MountInfo.of(proc, Path.of("/dev/shm")));
    }

    @Test
    void malformedLinesAreSkipped()
    {
        assertNull(MountInfo.parse("garbage"));
        assertNull(MountInfo.parse("1 2 3:4 / /x rw no-separator-here"));
    }
}
