package pinbench.benchmarks;

import com.sun.jna.LastErrorException;
import pinbench.sys.LibC;

import java.util.ArrayList;
import java.util.List;

/**
 * Thread placement: pins the calling thread to one CPU with {@code sched_setaffinity(2)} through
 * {@link LibC}, so two benchmark threads never share a CPU by the scheduler's chance (unpinned 2-thread
 * results on small VMs are bimodal). Mode from the {@link ForkContract}: {@code auto} (the
 * default: pin when all the run's threads fit on distinct CPUs), {@code on} (always, wrapping around
 * when they do not), {@code off}. Each placement actually obtained is reported through the
 * {@link ForkContract} ({@link ForkContract#PLACEMENT} side files), for the results bundle.
 */
public final class Placement
{
    /** The modes, as {@code --affinity} takes them. */
    public static final List<String> MODES = List.of("auto", "on", "off");

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
     * Where one thread of a run was placed.
     *
     * @param spec      the run of the plan ({@code -1} outside the runner).
     * @param benchmark the benchmark and its parameters.
     * @param thread    index of the thread (benchmark threads first, then helpers).
     * @param threads   threads the run places.
     * @param pinnedCpu the CPU it was pinned to, or {@code null} when not pinned.
     * @param cpu       the CPU it ran on right after placement, or {@code null} when unknown.
     * @param note      why it was not pinned, or {@code null}.
     */
    public record Placed(int spec, String benchmark, int thread, int threads, Integer pinnedCpu, Integer cpu,
        String note)
    {
    }

    /**
     * Places the calling thread, the {@code index}-th of {@code total} threads the run uses
     * (benchmark threads first, then helpers), and logs what it got.
     *
     * @param what the run and thread, for the log.
     */
    public static void place(final int index, final int total, final String what)
    {
        final ForkContract.Settings settings = ForkContract.current();
        final String mode = settings.affinity();
        Integer pinned = null;
        Integer cpu = null;
        String note = null;
        try
        {
            final List<Integer> cpus = allowedCpus();
            if (cpus.isEmpty())
            {
                note = "no sched_setaffinity here";
            }
            else if (mode.equals("off") || mode.equals("auto") && total > cpus.size())
            {
                note = mode.equals("off") ? "affinity off" : total + " threads > " + cpus.size() + " CPUs";
            }
            else
            {
                pinned = cpus.get(index % cpus.size());
                final long[] mask = new long[MASK_LONGS];
                mask[pinned / Long.SIZE] = 1L << (pinned % Long.SIZE);
                LibC.calls().sched_setaffinity(0, MASK_LONGS * Long.BYTES, mask);
            }
            if (LibC.problem() == null)
            {
                cpu = LibC.calls().sched_getcpu();
            }
        }
        catch (final LastErrorException | UnsatisfiedLinkError ex)
        {
            pinned = null;
            note = "not pinned: " + ex.getMessage();
        }
        ForkContract.append(settings, ForkContract.PLACEMENT, ForkContract.JSON.toJson(
            new Placed(settings.spec(), what, index, total, pinned, cpu, note)));
    }
}
