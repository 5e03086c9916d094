package pinbench.memory;

import org.agrona.concurrent.AtomicBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/**
 * The header in front of every mapped counter region (a counter file, a device-DAX range): magic,
 * layout version, stride, cell count, state, and the owner (pid, process start, run id), after
 * PMDK's run id. Counters found under a header that is still "live" but whose owner is gone were
 * left by a killed run: they are reported and reinitialised, never read as live state; a region a
 * running process owns is refused, since two runs sharing counters corrupt each other.
 * <p>
 * Layout, 64 bytes, native byte order: magic "PINBENCH" (8), version (4), stride (4), cells (4),
 * state (4), owner pid (8), owner start in epoch ms (8), run id (24, ASCII, NUL-padded). Counters
 * start {@link #length(int)} bytes in, so they keep their stride alignment.
 */
final class MappedHeader
{
    static final int LENGTH = 64;
    static final int LAYOUT_VERSION = 1;
    static final long MAGIC = ByteBuffer.wrap("PINBENCH".getBytes(StandardCharsets.US_ASCII))
        .order(ByteOrder.nativeOrder()).getLong();

    private static final int VERSION_AT = 8;
    private static final int STRIDE_AT = 12;
    private static final int CELLS_AT = 16;
    private static final int STATE_AT = 20;
    private static final int PID_AT = 24;
    private static final int START_AT = 32;
    private static final int RUN_ID_AT = 40;
    private static final int RUN_ID_LENGTH = LENGTH - RUN_ID_AT;
    private static final int LIVE = 1;
    private static final int CLOSED = 2;
    /** Process start times read at different moments may differ by rounding. */
    private static final long START_TOLERANCE_MS = 1_000;

    /** What a region's header said before this process claimed it. */
    enum Found
    {
        /** No pinbench header: fresh memory, or someone else's bytes (overwritten with consent). */
        NONE,
        /** Left by a run that closed its counters. */
        CLOSED,
        /** Left live by a process that no longer runs: a killed run. */
        STALE,
        /** Owned by a process that is running now. */
        IN_USE
    }

    /**
     * A header as read: what judging and reporting it needs.
     *
     * @param found its verdict.
     * @param pid   the owner's pid; {@code start} (epoch ms) and {@code runId} as written.
     */
    record Read(Found found, long pid, long start, String runId)
    {
        /** Who left it, for messages. */
        String owner()
        {
            return "run " + runId + " (pid " + pid + ", started " + Instant.ofEpochMilli(start) + ")";
        }
    }

    private MappedHeader()
    {
    }

    /** Bytes before the first counter: the header, rounded up to the stride so cells stay aligned. */
    static int length(final int stride)
    {
        return Math.max(LENGTH, stride);
    }

    /** This process's run id: {@code -Dpinbench.runId} (the bundle name in benchmark forks), else pid and start. */
    static String runId()
    {
        final String id = System.getProperty(Memory.RUN_ID_PROPERTY, "");
        return id.isEmpty() ? "pid-" + ProcessHandle.current().pid() + "-" + processStart(ProcessHandle.current())
            : id;
    }

    /** Reads the header at offset 0 and judges it against the processes running now. */
    static Read read(final AtomicBuffer buffer)
    {
        if (buffer.getLongVolatile(0) != MAGIC)
        {
            return new Read(Found.NONE, 0, 0, "");
        }
        final long pid = buffer.getLong(PID_AT);
        final long start = buffer.getLong(START_AT);
        final byte[] id = new byte[RUN_ID_LENGTH];
        buffer.getBytes(RUN_ID_AT, id);
        int n = 0;
        while (n < id.length && id[n] != 0)
        {
            n++;
        }
        final Found found = buffer.getInt(STATE_AT) != LIVE ? Found.CLOSED
            : running(pid, start) ? Found.IN_USE : Found.STALE;
        return new Read(found, pid, start, new String(id, 0, n, StandardCharsets.US_ASCII));
    }

    /**
     * Writes a live header owned by this process. The magic goes last, with a release store, so a
     * header cut short by a kill reads as no header at all.
     */
    static void claim(final AtomicBuffer buffer, final int stride, final int cells)
    {
        buffer.putLongRelease(0, 0);
        buffer.putInt(VERSION_AT, LAYOUT_VERSION);
        buffer.putInt(STRIDE_AT, stride);
        buffer.putInt(CELLS_AT, cells);
        buffer.putInt(STATE_AT, LIVE);
        final ProcessHandle self = ProcessHandle.current();
        buffer.putLong(PID_AT, self.pid());
        buffer.putLong(START_AT, processStart(self));
        final byte[] id = runId().getBytes(StandardCharsets.US_ASCII);
        final byte[] padded = new byte[RUN_ID_LENGTH];
        System.arraycopy(id, 0, padded, 0, Math.min(id.length, RUN_ID_LENGTH));
        buffer.putBytes(RUN_ID_AT, padded);
        buffer.putLongRelease(0, MAGIC);
    }

    /** Marks the region as closed cleanly: its counters no longer describe anything live. */
    static void close(final AtomicBuffer buffer)
    {
        buffer.putIntRelease(STATE_AT, CLOSED);
    }

    /** Whether the process {@code pid} that started at {@code start} (epoch ms) is still running. */
    static boolean running(final long pid, final long start)
    {
        final Optional<ProcessHandle> process = ProcessHandle.of(pid);
        return process.isPresent() && Math.abs(processStart(process.get()) - start) <= START_TOLERANCE_MS;
    }

    /** A process's start time in epoch ms, 0 when the system does not say. */
    static long processStart(final ProcessHandle process)
    {
        return process.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
    }
}
