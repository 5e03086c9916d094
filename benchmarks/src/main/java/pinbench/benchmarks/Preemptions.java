package pinbench.benchmarks;

import pinbench.sys.LibC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How many times a set of threads has been preempted: the {@code nonvoluntary_ctxt_switches} of
 * {@code /proc/self/task/TID/status}, summed. When the sum changes across an interval, one of the
 * threads was switched out while it could still run (the scheduler gave its CPU to another task, or
 * it yielded to one), and a latency measured across the interval includes the scheduler's time.
 * A thread that blocks (parks, waits on a lock, is stopped at a safepoint) switches out voluntarily
 * and is not counted: when a mechanism makes threads wait, that wait is part of its cost.
 * <p>
 * The files stay open and are re-read from offset 0 (about 9 us each, no allocation), outside any
 * timing. Threads register themselves ({@link #addCurrentThread()}) before the first reading;
 * without {@code gettid}, the file or the field the sum is {@code -1} and nothing can be told apart.
 */
public final class Preemptions implements AutoCloseable
{
    private static final byte[] FIELD = "\nnonvoluntary_ctxt_switches:".getBytes(StandardCharsets.US_ASCII);

    private final List<FileChannel> files = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(8192);
    private volatile boolean unknown;

    /** Adds the calling thread to the set; safe to call from several threads before the first {@link #sum()}. */
    public synchronized void addCurrentThread()
    {
        if (LibC.problem() != null)
        {
            unknown = true;
            return;
        }
        try
        {
            files.add(FileChannel.open(Path.of("/proc/self/task/" + LibC.calls().gettid() + "/status")));
        }
        catch (final IOException ex)
        {
            unknown = true;
        }
    }

    /** Preemptions so far of every registered thread, or {@code -1} when unknown. */
    public synchronized long sum()
    {
        if (unknown)
        {
            return -1;
        }
        long sum = 0;
        for (final FileChannel file : files)
        {
            final long n = preemptions(file);
            if (n < 0)
            {
                unknown = true;
                return -1;
            }
            sum += n;
        }
        return sum;
    }

    private long preemptions(final FileChannel file)
    {
        buffer.clear();
        try
        {
            final int n = file.read(buffer, 0);
            return parse(buffer, n);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
    }

    /** Preemptions so far of thread {@code tid} of this process, read once, or {@code -1} when unknown (or ended). */
    public static long of(final int tid)
    {
        if (tid < 0)
        {
            return -1;
        }
        try
        {
            final byte[] status = Files.readAllBytes(Path.of("/proc/self/task/" + tid + "/status"));
            return parse(ByteBuffer.wrap(status), status.length);
        }
        catch (final IOException ex)
        {
            return -1; // the thread has ended
        }
    }

    /** The value of the field in the first {@code n} bytes of a status file, or {@code -1} without it. */
    static long parse(final ByteBuffer status, final int n)
    {
        outer:
        for (int at = 0; at + FIELD.length <= n; at++)
        {
            for (int i = 0; i < FIELD.length; i++)
            {
                if (status.get(at + i) != FIELD[i])
                {
                    continue outer;
                }
            }
            long value = -1;
            for (int i = at + FIELD.length; i < n; i++)
            {
                final byte b = status.get(i);
                if (b >= '0' && b <= '9')
                {
                    value = (value < 0 ? 0 : value * 10) + (b - '0');
                }
                else if (b == '\n' || value >= 0 && b != ' ' && b != '\t')
                {
                    break;
                }
            }
            return value;
        }
        return -1;
    }

    @Override
    public synchronized void close()
    {
        for (final FileChannel file : files)
        {
            try
            {
                file.close();
            }
            catch (final IOException ex)
            {
                // closing a /proc file: nothing was written
            }
        }
        files.clear();
    }
}
