package pinbench.benchmarks;

import com.sun.jna.LastErrorException;
import pinbench.sys.LibC;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Thread placement: pins the calling thread to one CPU with {@code sched_setaffinity(2)} through
 * {@link LibC}, so two benchmark threads never share a CPU by the scheduler's chance (unpinned
 * 2-thread results on small VMs are bimodal). Mode from {@code -Dpinbench.affinity}: {@code auto}
 * (the default: pin when all the run's threads fit on distinct CPUs), {@code on} (always, wrapping
 * around when they do not), {@code off}. Each placement actually obtained is appended to
 * {@code placement.log} in {@code -Dpinbench.histograms}, for the results bundle.
 */
public final class Placement
{
    /** System property choosing the mode. */
    public static final String PROPERTY = "pinbench.affinity";
    /** File the forks append their placements to. */
    public static final String LOG = "placement.log";

    private Placement()
    {
    }

    private static final int MASK_LONGS = 16; // 1024 CPUs

    /** CPUs this process may run on, in order. */
    static List<Integer> allowedCpus()
    {
        final List<Integer> cpus = new ArrayList<>();
        if (LibC.problem() != null)
        {
            return cpus;
        }
        final long[] mask = new long[MASK_LONGS];
        LibC.calls().sched_getaffinity(0, MASK_LONGS * Long.BYTES, mask);
        for (int cpu = 0; cpu < MASK_LONGS * Long.SIZE; cpu++)
        {
            if ((mask[cpu / Long.SIZE] & (1L << (cpu % Long.SIZE))) != 0)
            {
                cpus.add(cpu);
            }
        }
        return cpus;
    }

    /**
     * Places the calling thread, the {@code index}-th of {@code total} threads the run uses
     * (benchmark threads first, then helpers), and logs what it got.
     *
     * @param what the run and thread, for the log.
     */
    public static void place(final int index, final int total, final String what)
    {
        final String mode = System.getProperty(PROPERTY, "auto").toLowerCase(Locale.ROOT);
        String result;
        try
        {
            final List<Integer> cpus = allowedCpus();
            if (cpus.isEmpty())
            {
                result = "not pinned (no sched_setaffinity here)";
            }
            else if (mode.equals("off") || mode.equals("auto") && total > cpus.size())
            {
                result = "not pinned (" + (mode.equals("off") ? "affinity off" : total + " threads > " + cpus.size()
                    + " CPUs") + "), running on cpu " + LibC.calls().sched_getcpu();
            }
            else
            {
                final int cpu = cpus.get(index % cpus.size());
                final long[] mask = new long[MASK_LONGS];
                mask[cpu / Long.SIZE] = 1L << (cpu % Long.SIZE);
                LibC.calls().sched_setaffinity(0, MASK_LONGS * Long.BYTES, mask);
                result = "pinned to cpu " + cpu;
            }
        }
        catch (final LastErrorException | UnsatisfiedLinkError ex)
        {
            result = "not pinned: " + ex.getMessage();
        }
        log(what + " thread " + index + "/" + total + ": " + result);
    }

    private static void log(final String line)
    {
        final String dir = System.getProperty("pinbench.histograms");
        if (dir == null)
        {
            return;
        }
        try
        {
            Files.createDirectories(Path.of(dir));
            Files.writeString(Path.of(dir, LOG), line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            // the placement itself happened; only its record is lost, and the bundle says so by its absence
        }
    }
}
