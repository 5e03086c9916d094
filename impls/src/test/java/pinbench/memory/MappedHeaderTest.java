package pinbench.memory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Headers of mapped counters, and what a killed run leaves: a device range with its live header
 * (run for real: a child JVM maps it and is killed with SIGKILL), and counter files.
 */
class MappedHeaderTest
{
    static final long ALIGN = 4096;
    static final int CELLS = 4;
    static final int STRIDE = 128;
    private static final long DEVICE_SIZE = 4 * ALIGN;

    @TempDir(factory = ShmTempDir.class)
    Path dir;

    private static ByteBuffer readHeader(final Path file) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(MappedHeader.LENGTH).order(ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ))
        {
            ch.read(bytes, 0);
        }
        return bytes;
    }

    private Path fakeDevice() throws IOException
    {
        final Path device = dir.resolve("fake-dax");
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            ch.write(ByteBuffer.allocate(1), DEVICE_SIZE - 1); // a file as long as the fake device
        }
        return device;
    }

    @Test
    void theHeaderSaysWhoseCountersFollowAndTheyStartAfterIt() throws IOException
    {
        final Path device = fakeDevice();
        final String before = System.getProperty(Memory.RUN_ID_PROPERTY);
        System.setProperty(Memory.RUN_ID_PROPERTY, "20261122T000000Z-test");
        try (Cells cells = BufferCells.mapDevice(device, DEVICE_SIZE, ALIGN, CELLS, STRIDE, Durability.NONE))
        {
            cells.setVolatile(0, 0x0102030405060708L);
            final ByteBuffer h = readHeader(device);
            assertEquals(MappedHeader.MAGIC, h.getLong(0));
            assertEquals("PINBENCH", new String(h.array(), 0, 8, StandardCharsets.US_ASCII));
            assertEquals(MappedHeader.LAYOUT_VERSION, h.getInt(8));
            assertEquals(STRIDE, h.getInt(12));
            assertEquals(CELLS, h.getInt(16));
            assertEquals(1, h.getInt(20), "live while mapped");
            assertEquals(ProcessHandle.current().pid(), h.getLong(24));
            assertEquals(MappedHeader.processStart(ProcessHandle.current()), h.getLong(32));
            assertTrue(new String(h.array(), 40, 24, StandardCharsets.US_ASCII).startsWith("20261122T000000Z-test\0"));
            final ByteBuffer cell = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
            try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ))
            {
                ch.read(cell, MappedHeader.length(STRIDE));
            }
            assertEquals(0x0102030405060708L, cell.getLong(0), "cell 0 starts right after the header");
        }
        finally
        {
            if (before == null)
            {
                System.clearProperty(Memory.RUN_ID_PROPERTY);
            }
            else
            {
                System.setProperty(Memory.RUN_ID_PROPERTY, before);
            }
        }
        assertEquals(2, readHeader(device).getInt(20), "closed cleanly");
        try (Cells again = BufferCells.mapDevice(device, DEVICE_SIZE, ALIGN, CELLS, STRIDE, Durability.NONE))
        {
            assertEquals(0, again.getVolatile(0), "a closed range is reinitialised");
            assertFalse(again.describe().contains("held the counters"), again.describe());
        }
        assertEquals(Math.max(64, 4096), MappedHeader.length(4096), "a large stride keeps cells stride-aligned");
        assertEquals(64, MappedHeader.length(8));
    }

    @Test
    void aRangeAKilledRunLeftIsRefusedWhileItRunsThenReinitialisedNeverRead() throws Exception
    {
        final Path device = fakeDevice();
        final Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            Agrona.ADD_EXPORTS, "-Dpinbench.runId=the-killed-run",
            "-cp", System.getProperty("java.class.path"), HoldDeviceCounters.class.getName(), device.toString(),
            Long.toString(DEVICE_SIZE), "77").redirectErrorStream(true).start();
        try
        {
            final BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8));
            assertEquals("ready", out.readLine(), "the child mapped its counters");
            final IllegalStateException inUse = assertThrows(IllegalStateException.class,
                () -> BufferCells.mapDevice(device, DEVICE_SIZE, ALIGN, CELLS, STRIDE, Durability.NONE));
            assertTrue(inUse.getMessage().contains("run the-killed-run (pid " + child.pid() + ",")
                && inUse.getMessage().contains("still running"), inUse.getMessage());
            assertEquals(77, readCell(device, 0), "the refusal touched nothing");
        }
        finally
        {
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no unmapping, the header stays live
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        assertEquals(1, readHeader(device).getInt(20), "the killed run left its header live");
        try (Cells cells = BufferCells.mapDevice(device, DEVICE_SIZE, ALIGN, CELLS, STRIDE, Durability.NONE))
        {
            final String said = cells.describe();
            assertTrue(said.contains("held the counters of run the-killed-run (pid " + child.pid() + ",")
                && said.contains("not read, the range was reinitialised"), said);
            for (int i = 0; i < CELLS; i++)
            {
                assertEquals(0, cells.getVolatile(i), "a stale count is never read as live state");
            }
            assertEquals(ProcessHandle.current().pid(), readHeader(device).getLong(24), "the range is now ours");
        }
    }

    private static long readCell(final Path device, final int cell) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder());
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.READ))
        {
            ch.read(bytes, MappedHeader.length(STRIDE) + (long)cell * STRIDE);
        }
        return bytes.getLong(0);
    }

    private static long deadPid() throws Exception
    {
        final Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.pid();
    }

    private Path counterFile(final long pid, final int n, final ByteBuffer header, final boolean old) throws IOException
    {
        final Path file = dir.resolve("pinbench-" + pid + "-" + n + CounterFiles.SUFFIX);
        Files.write(file, header == null ? new byte[MappedHeader.LENGTH + 1024] : header.array());
        if (old)
        {
            Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(60)));
        }
        return file;
    }

    /** A live header of this process, with the pid replaced. */
    private static ByteBuffer liveHeader(final long pid)
    {
        final UnsafeBuffer b = new UnsafeBuffer(new byte[MappedHeader.LENGTH]);
        MappedHeader.claim(b, STRIDE, CELLS);
        b.putLong(24, pid);
        return ByteBuffer.wrap(b.byteArray());
    }

    @Test
    void counterFilesOfGoneProcessesAreRemovedOthersKept() throws Exception
    {
        final long dead = deadPid();
        final long self = ProcessHandle.current().pid();
        final Path noHeaderDead = counterFile(dead, 1, null, true);
        final Path liveHeaderDead = counterFile(dead, 2, liveHeader(dead), true);
        final Path tooYoung = counterFile(dead, 3, null, false);
        final Path noHeaderAlive = counterFile(self, 4, null, true);
        final Path ours = counterFile(self, 5, liveHeader(self), true);
        final Path notOurs = Files.writeString(dir.resolve("pinbench-notes.txt"), "kept");

        final List<String> removed = CounterFiles.removeLeftovers(dir);
        assertEquals(2, removed.size(), removed::toString);
        assertFalse(Files.exists(noHeaderDead));
        assertFalse(Files.exists(liveHeaderDead));
        assertTrue(removed.stream().anyMatch(r -> r.contains(noHeaderDead.toString())
            && r.contains("pid " + dead + ", killed before its header was written")), removed::toString);
        assertTrue(removed.stream().anyMatch(r -> r.contains(liveHeaderDead.toString())
            && r.contains("(pid " + dead + ",") && r.contains("no longer runs")), removed::toString);
        for (final Path kept : List.of(tooYoung, noHeaderAlive, ours, notOurs))
        {
            assertTrue(Files.exists(kept), kept + " may belong to a run in progress, or is not a counter file");
        }

        Files.setLastModifiedTime(tooYoung, FileTime.from(Instant.now().minusSeconds(60)));
        final Memory tmpfs = new Memory(Backend.TMPFS, dir, STRIDE, Durability.NONE, false);
        assertEquals(List.of("removed " + tooYoung + ", a counter file left by pid " + dead
            + ", killed before its header was written"), tmpfs.clearLeftovers());
        Files.setLastModifiedTime(liveHeaderDead.getParent(), FileTime.from(Instant.now()));
        final Path another = counterFile(dead, 6, null, true);
        try (Cells cells = tmpfs.allocate(CELLS))
        {
            assertTrue(cells.describe().contains("removed " + another), cells.describe());
            assertNotEquals(0, cells.size());
        }
    }

    @Test
    void beforeARunTheDevicesFirstRangeIsReportedWhenStaleAndRefusedWhenInUse() throws Exception
    {
        final Path root = dir.resolve("root");
        final Path sys = Files.createDirectories(root.resolve("sys/bus/dax/devices/dax9.9"));
        Files.writeString(sys.resolve("size"), DEVICE_SIZE + "\n");
        Files.writeString(sys.resolve("align"), ALIGN + "\n");
        final DaxProbe probe = new DaxProbe(root);
        final Path device = Files.write(dir.resolve("dax9.9"), new byte[(int)DEVICE_SIZE]);
        final Memory memory = new Memory(Backend.DEVDAX, device, STRIDE, Durability.NONE, true);
        assertEquals(List.of(), memory.clearLeftovers(probe), "a blank device has nothing to report");

        final long dead = deadPid();
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE))
        {
            ch.write(liveHeader(dead), 0);
        }
        final List<String> said = memory.clearLeftovers(probe);
        assertEquals(1, said.size(), said::toString);
        assertTrue(said.get(0).contains(device + " holds counters left by run ") && said.get(0).contains("(pid " + dead
            + ",") && said.get(0).contains("they will not be read"), said.get(0));
        assertEquals(null, memory.deviceOwnerProblem(probe), "a killed run's device is reused");

        final long self = ProcessHandle.current().pid();
        try (FileChannel ch = FileChannel.open(device, StandardOpenOption.WRITE))
        {
            ch.write(liveHeader(self), 0);
        }
        final String inUse = memory.deviceOwnerProblem(probe);
        assertTrue(inUse != null && inUse.contains(device + " is in use by run ") && inUse.contains("(pid " + self + ",")
            && inUse.contains("still running"), inUse);
        assertEquals(List.of(), memory.clearLeftovers(probe), "a live run's counters are not leftovers");

        final String unopenable = new Memory(Backend.DEVDAX, dir.resolve("missing/dax9.9"), STRIDE, Durability.NONE,
            true).deviceOwnerProblem(probe);
        assertTrue(unopenable.startsWith("cannot mmap " + ALIGN + " bytes of " + dir.resolve("missing/dax9.9")
            + ": errno 2") && unopenable.endsWith("needs read and write access to " + dir.resolve("missing/dax9.9")),
            unopenable);
    }
}
