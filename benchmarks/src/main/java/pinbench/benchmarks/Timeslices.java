package pinbench.benchmarks;

import pinbench.sys.LibC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How many times a set of threads has been given a CPU: the third field of
 * {@code /proc/self/task/TID/schedstat} (timeslices run), summed. When the sum changes across an
 * interval, one of the threads was switched out and in again inside it: preempted, or it slept. A
 * latency measured across such an interval includes the scheduler's time, not only the mechanism's.
 * <p>
 * The files stay open and are re-read from offset 0 (about 1 us each, no allocation), so a reading
 * fits between two operations of a benchmark. Threads register themselves ({@link #addCurrentThread()})
 * before the first reading; without {@code gettid} or {@code schedstat} (no {@code CONFIG_SCHEDSTATS}
 * info) the sum is {@code -1} and nothing can be told apart.
 */
public final class Timeslices implements AutoCloseable
{
    private final List<FileChannel> files = new ArrayList<>();
    private final ByteBuffer buffer = ByteBuffer.allocate(128);
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
            files.add(FileChannel.open(Path.of("/proc/self/task/" + LibC.calls().gettid() + "/schedstat")));
        }
        catch (final IOException ex)
        {
            unknown = true;
        }
    }

    /** Timeslices run so far by every registered thread, or {@code -1} when unknown. */
    public synchronized long sum()
    {
        if (unknown)
        {
            return -1;
        }
        long sum = 0;
        for (final FileChannel file : files)
        {
            sum += slices(file);
        }
        return sum;
    }

    private long slices(final FileChannel file)
    {
        buffer.clear();
        try
        {
            final int n = file.read(buffer, 0);
            long value = 0;
            int field = 0;
            for (int i = 0; i < n; i++)
            {
                final byte b = buffer.get(i);
                if (b == ' ')
                {
                    field++;
                }
                else if (field == 2 && b >= '0' && b <= '9')
                {
                    value = value * 10 + (b - '0');
                }
            }
            return value;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot read " + file, ex);
        }
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
