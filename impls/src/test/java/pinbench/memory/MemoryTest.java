package pinbench.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real backends this machine has, and every refusal of a wrong or dangerous path. */
class MemoryTest
{
    private static final DaxProbe SYSTEM = DaxProbe.system();
    @TempDir(factory = ShmTempDir.class)
    Path shm;

    private Memory memory(final Backend backend, final Path path)
    {
        return new Memory(backend, path, Memory.DEFAULT_STRIDE, Durability.NONE, false);
    }

    private static void exercise(final Cells cells)
    {
        cells.setVolatile(0, 40);
        assertEquals(40, cells.getAndAdd(0, 2));
        assertTrue(cells.compareAndSet(0, 42, 43));
        assertFalse(cells.compareAndSet(0, 42, 44), "a CAS from a stale value fails");
        cells.setOpaque(cells.size() - 1, -1);
        assertEquals(43, cells.getAcquire(0));
        assertEquals(-1, cells.getPlain(cells.size() - 1));
        assertEquals(-1, cells.getAndSet(cells.size() - 1, Long.MIN_VALUE));
        assertEquals(Long.MIN_VALUE, cells.getVolatile(cells.size() - 1));
        assertEquals(43, cells.getVolatile(0), "cells do not overlap");
        assertEquals(43, cells.setPlainThenGetPlain(cells.size() - 1, 7, 0), "the load reads the other cell");
        assertEquals(7, cells.setPlainThenGetPlain(0, 9, cells.size() - 1), "the store landed before the load");
        assertEquals(9, cells.getVolatile(0));
        assertThrows(IndexOutOfBoundsException.class, () -> cells.setPlainThenGetPlain(0, 1, cells.size()));
        assertEquals(9, cells.getVolatile(0), "an out-of-range load is refused before the store");
        assertThrows(IndexOutOfBoundsException.class, () -> cells.getPlain(cells.size()));
        assertThrows(IndexOutOfBoundsException.class, () -> cells.setPlain(-1, 0));
    }

    private long filesIn(final Path dir) throws IOException
    {
        try (Stream<Path> list = Files.list(dir))
        {
            return list.count();
        }
    }

    @Test
    void heapDirectAndTmpfsWorkHereAndLeaveNoFiles() throws IOException
    {
        for (final Backend backend : new Backend[] {Backend.HEAP, Backend.DIRECT, Backend.TMPFS})
        {
            final Memory memory = memory(backend, shm);
            assertNull(memory.problem(SYSTEM, 1 << 20), backend.name());
            try (Cells cells = memory.allocate(10))
            {
                exercise(cells);
                assertEquals(0, filesIn(shm), "the mapped file is unlinked once mapped");
            }
        }
        try (Cells cells = memory(Backend.TMPFS, shm).withStride(8).withDurability(Durability.FLUSH).allocate(3))
        {
            exercise(cells); // msync on every update
            assertEquals(8, cells.stride());
        }
    }

    @Test
    void theNativeDeviceMappingPathWorksOnAFile() throws IOException
    {
        final Path file = shm.resolve("fake-device");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}), 8192 + 64);
        }
        try (Cells cells = BufferCells.mapDevice(file, 3 * 4096, 4096, 4, 64, Durability.NONE);
             Cells next = BufferCells.mapDevice(file, 3 * 4096, 4096, 4, 64, Durability.NONE))
        {
            assertEquals(0, cells.getVolatile(0), "device cells start at zero");
            cells.setVolatile(1, 0x1122334455667788L);
            next.setVolatile(1, 7);
            assertEquals(0x1122334455667788L, cells.getVolatile(1), "two cells of one device never overlap");
            final ByteBuffer read = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
            {
                ch.read(read, MappedHeader.length(64) + 64);
            }
            assertEquals(0x1122334455667788L, read.getLong(0), "the mapping is shared with the file");
        }
    }

    @Test
    void mapSyncIsRefusedOnThisMachinesFilesystems(@TempDir final Path ext4) throws IOException
    {
        final String onShm = DaxProbe.mapSyncProblem(shm);
        assertNotNull(onShm, "tmpfs cannot do MAP_SYNC");
        assertTrue(onShm.contains("Operation not supported"), onShm);
        assertNotNull(DaxProbe.mapSyncProblem(ext4), "ext4 without dax cannot do MAP_SYNC");
        final String refusal = memory(Backend.FSDAX_SYNC, shm).problem(SYSTEM, 1 << 20);
        assertTrue(refusal.contains("cannot map files in " + shm + " with MAP_SYNC"), refusal);
        assertTrue(refusal.contains("Operation not supported"), refusal);
        assertTrue(refusal.contains("does not fall back"), refusal);
        assertEquals(0, filesIn(shm), "the probe file is removed");
        assertThrows(java.io.UncheckedIOException.class,
            () -> BufferCells.mapTempFile(shm, 4, 128, true, Durability.NONE, Memory.ANY_NODE));
        assertEquals(0, filesIn(shm), "a failed mapping leaves no file");
    }

    @Test
    void wrongPathsAreRefusedWithTheReason(@TempDir final Path ext4) throws IOException
    {
        assertTrue(memory(Backend.FSDAX, shm).problem(SYSTEM, 1).contains("mounted without dax"));
        assertTrue(memory(Backend.TMPFS, ext4).problem(SYSTEM, 1).contains("not tmpfs"));
        assertTrue(memory(Backend.TMPFS, shm.resolve("missing")).problem(SYSTEM, 1).contains("does not exist"));
        final Path file = Files.writeString(shm.resolve("file"), "x");
        assertTrue(memory(Backend.TMPFS, file).problem(SYSTEM, 1).contains("is a file, not a directory"));
        final String proc = memory(Backend.TMPFS, Path.of("/proc")).problem(SYSTEM, 1);
        assertTrue(proc.startsWith("cannot create files in /proc: its filesystem does not let files be created"), proc);
        assertFalse(proc.contains("Exception") || proc.contains("pinbench-probe-"), "no exception, no random file: " + proc);
        assertTrue(memory(Backend.TMPFS, shm).problem(SYSTEM, Long.MAX_VALUE).contains("not enough space in " + shm));
        assertTrue(memory(Backend.TMPFS, Path.of("/dev/null")).problem(SYSTEM, 1).contains("is a character device"));
        assertTrue(memory(Backend.TMPFS, shm).withStride(100).problem(SYSTEM, 1).contains("power of two"));
        assertTrue(memory(Backend.HEAP, shm).withDurability(Durability.FLUSH).problem(SYSTEM, 1)
            .contains("has nothing to flush"));
        assertThrows(IllegalStateException.class,
            () -> memory(Backend.DIRECT, shm).withDurability(Durability.FLUSH).allocate(1));
    }

    @Test
    void blockDevicesAreNeverWritten() throws IOException
    {
        final Path block;
        try (Stream<Path> dev = Files.list(Path.of("/dev")))
        {
            block = dev.filter(p -> DaxProbe.fileType(p).equals("block device")).findFirst().orElseThrow(
                () -> new AssertionError("this test needs a block device under /dev (this machine has /dev/vda)"));
        }
        for (final Backend backend : new Backend[] {Backend.TMPFS, Backend.FSDAX, Backend.FSDAX_SYNC})
        {
            final String refusal = memory(backend, block).problem(SYSTEM, 1);
            assertTrue(refusal.contains("is a block device") && refusal.contains("destroy the filesystem"), refusal);
        }
        assertTrue(new Memory(Backend.DEVDAX, block, 128, Durability.NONE, true).problem(SYSTEM, 1)
            .contains("needs --path /dev/daxX.Y"));
    }

    @Test
    void devdaxNeedsANamedDeviceAndConsent()
    {
        assertTrue(memory(Backend.DEVDAX, Memory.DEFAULT_DIR).problem(SYSTEM, 1).contains("needs --path /dev/daxX.Y"));
        assertTrue(memory(Backend.DEVDAX, Path.of("/dev/null")).problem(SYSTEM, 1).contains("needs --path /dev/daxX.Y"));
        final String noConsent = memory(Backend.DEVDAX, Path.of("/dev/dax0.0")).problem(SYSTEM, 1);
        assertTrue(noConsent.contains("overwrites the contents of /dev/dax0.0; pass --overwrite-device"), noConsent);
        assertTrue(new Memory(Backend.DEVDAX, Path.of("/dev/dax987.654"), 128, Durability.NONE, true)
            .problem(SYSTEM, 1).contains("does not exist"));
        assertThrows(IllegalStateException.class, () -> memory(Backend.DEVDAX, Path.of("/dev/dax0.0")).allocate(1));
    }
}
