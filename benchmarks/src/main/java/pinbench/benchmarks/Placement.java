package pinbench.benchmarks;

import com.sun.jna.LastErrorException;
import pinbench.sys.LibC;
import pinbench.topology.PlacementPolicy;
import pinbench.topology.Topology;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Thread placement: pins each thread of a run, JMH's and the benchmark's own helpers alike, to a
 * CPU of its own with {@code sched_setaffinity(2)} through {@link LibC}, so two threads never share
 * a CPU by the scheduler's chance. The CPUs to choose from are the process's, captured before any
 * thread pinned itself: the runner's list from the {@link ForkContract}, or the mask of the
 * process's main thread (a thread inherits its creator's mask, so a helper started by a pinned
 * thread would see only that one CPU). Which CPU the k-th thread takes is the run's
 * {@link PlacementPolicy} over the {@link Topology} of those CPUs. Mode: {@code auto} (the default:
 * pin when all the run's threads fit on distinct CPUs), {@code on} (always, wrapping around when
 * they do not), {@code off}. While the trial runs, a monitor samples the CPU each placed thread really runs on
 * ({@code /proc/self/task/TID/stat}); the placement and what was observed go to the runner in the
 * {@link ForkContract#PLACEMENT} side file when the trial ends.
 */
public final class Placement
{
    /** The modes, as {@code --affinity} takes them. */
    public static final List<String> MODES = List.of("auto", "on", "off");

    private static final int MASK_LONGS = 16; // 1024 CPUs
    /**
     * How often the monitor looks where the placed threads run: a few times per iteration, and rarely
     * enough (a read of two small /proc files per thread) to stay far below the machine's own jitter.
     */
    private static final long SAMPLE_MILLIS = 100;

    /** The threads placed in this JVM whose trial has not been reported yet. */
    private static final List<Thread_> PLACED = new CopyOnWriteArrayList<>();

    private Placement()
    {
    }

    /**
     * Where one thread of a run was meant to be and where it was seen.
     *
     * @param spec          the run of the plan ({@code -1} outside the runner).
     * @param benchmark     the benchmark and its parameters.
     * @param thread        index of the thread (benchmark threads first, then helpers).
     * @param threads       threads the run places.
     * @param cpus          CPUs the process may use.
     * @param policy        the placement policy of the run.
     * @param intendedCpu   the CPU it was pinned to, or {@code null} when not pinned.
     * @param observed      samples per CPU it was seen running on, while the trial ran.
     * @param involuntarySwitches times the thread was preempted between placement and the last sample
     *                      (-1: unknown).
     * @param watchedMillis the time between placement and the last sample.
     * @param note          why it was not pinned, or {@code null}.
     * @param pid           the JVM it ran in: each fork of a run places its own threads.
     */
    public record Placed(int spec, String benchmark, int thread, int threads, List<Integer> cpus, String policy,
        Integer intendedCpu, Map<Integer, Integer> observed, long involuntarySwitches, long watchedMillis,
        String note, long pid)
    {
        /** Involuntary switches per second watched, or -1 when unknown. */
        public double preemptionsPerSecond()
        {
            return involuntarySwitches < 0 || watchedMillis <= 0 ? -1 : involuntarySwitches * 1_000.0 / watchedMillis;
        }

        /** The CPU it was seen on most, or {@code null} without samples. */
        public Integer mostlyOn()
        {
            return observed.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(null);
        }
    }

    /** A placed thread being watched. */
    private static final class Thread_
    {
        final int spec;
        final String what;
        final int index;
        final int total;
        final List<Integer> cpus;
        final String policy;
        final Integer intended;
        final String note;
        final int tid;
        final long switchesAtStart;
        final Map<Integer, Integer> observed = new TreeMap<>();
        final long placedAt = System.nanoTime();
        long switchesLastSeen;
        long lastSampleAt = placedAt;

        Thread_(final int spec, final String what, final int index, final int total, final List<Integer> cpus,
            final String policy, final Integer intended, final String note, final int tid)
        {
            this.spec = spec;
            this.what = what;
            this.index = index;
            this.total = total;
            this.cpus = cpus;
            this.policy = policy;
            this.intended = intended;
            this.note = note;
            this.tid = tid;
            this.switchesAtStart = Preemptions.of(tid);
            this.switchesLastSeen = switchesAtStart;
        }

        synchronized void sample()
        {
            final Integer cpu = lastCpu(tid);
            if (cpu != null)
            {
                observed.merge(cpu, 1, Integer::sum);
                switchesLastSeen = Preemptions.of(tid);
                lastSampleAt = System.nanoTime();
            }
        }

        synchronized Placed placed()
        {
            return new Placed(spec, what, index, total, cpus, policy, intended, Map.copyOf(observed),
                switchesLastSeen < 0 || switchesAtStart < 0 ? -1 : switchesLastSeen - switchesAtStart,
                TimeUnit.NANOSECONDS.toMillis(lastSampleAt - placedAt), note, ProcessHandle.current().pid());
        }
    }

    static
    {
        final Thread monitor = new Thread(() ->
        {
            while (true)
            {
                PLACED.forEach(Thread_::sample);
                try
                {
                    TimeUnit.MILLISECONDS.sleep(SAMPLE_MILLIS);
                }
                catch (final InterruptedException ex)
                {
                    return;
                }
            }
        }, "pinbench-placement-monitor");
        monitor.setDaemon(true);
        monitor.start();
    }

    /** The CPUs the process may use: the runner's list, else the main thread's mask, which nothing here pins. */
    public static List<Integer> processCpus(final ForkContract.Settings settings)
    {
        if (!settings.cpus().isEmpty())
        {
            return settings.cpus();
        }
        return processMask();
    }

    /** The CPUs of the process's main thread's affinity mask, which no benchmark thread changes. */
    public static List<Integer> processMask()
    {
        return LibC.problem() != null ? List.of() : mask(LibC.calls().getpid());
    }

    /** The CPUs of a thread's affinity mask, in order. */
    private static List<Integer> mask(final int tid)
    {
        final List<Integer> cpus = new ArrayList<>();
        if (LibC.problem() != null)
        {
            return cpus;
        }
        final long[] mask = new long[MASK_LONGS];
        LibC.calls().sched_getaffinity(tid, MASK_LONGS * Long.BYTES, mask);
        for (int cpu = 0; cpu < MASK_LONGS * Long.SIZE; cpu++)
        {
            if ((mask[cpu / Long.SIZE] & (1L << (cpu % Long.SIZE))) != 0)
            {
                cpus.add(cpu);
            }
        }
        return List.copyOf(cpus);
    }

    /**
     * Places the calling thread, the {@code index}-th of {@code total} threads the run keeps busy
     * (benchmark threads first, then helpers), and watches where it runs until the trial is reported.
     *
     * @param what the run and thread, for the record.
     * @throws IllegalArgumentException when the run's policy cannot be honoured on these CPUs (smt
     *         without SMT siblings): the trial fails with the reason rather than measure another placement.
     */
    public static void place(final int index, final int total, final String what)
    {
        final ForkContract.Settings settings = ForkContract.current();
        final String mode = settings.affinity();
        List<Integer> cpus = List.of();
        Integer intended = null;
        String note = null;
        int tid = -1;
        try
        {
            cpus = processCpus(settings);
            tid = LibC.problem() == null ? LibC.calls().gettid() : -1;
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
                final List<Integer> order = settings.policy().order(Topology.machine().restrictTo(cpus));
                final int cpu = order.get(index % order.size());
                pinTo(cpu);
                intended = cpu;
            }
        }
        catch (final LastErrorException | UnsatisfiedLinkError ex)
        {
            note = "not pinned: " + ex.getMessage();
        }
        final Thread_ placed = new Thread_(settings.spec(), what, index, total, cpus, settings.policy().label(),
            intended, note, tid);
        placed.sample();
        PLACED.add(placed);
    }

    /**
     * Pins the calling thread to one CPU, unwatched: for helpers that move between CPUs on purpose
     * and check where they ran themselves.
     *
     * @throws LastErrorException when the CPU is not one this process may use.
     */
    public static void pinTo(final int cpu)
    {
        final long[] mask = new long[MASK_LONGS];
        mask[cpu / Long.SIZE] = 1L << (cpu % Long.SIZE);
        LibC.calls().sched_setaffinity(0, MASK_LONGS * Long.BYTES, mask);
    }

    /** Reports the placements of a trial's threads to the runner; called when the trial ends. */
    static void report(final ForkContract.Settings settings)
    {
        for (final Thread_ t : PLACED)
        {
            PLACED.remove(t); // a thread of an earlier, failed trial in this JVM goes too
            if (t.spec == settings.spec())
            {
                ForkContract.append(settings, ForkContract.PLACEMENT, ForkContract.JSON.toJson(t.placed()));
            }
        }
    }

    /** Field 39 of {@code /proc/self/task/TID/stat}: the CPU the thread last ran on. */
    private static Integer lastCpu(final int tid)
    {
        if (tid < 0)
        {
            return null;
        }
        try
        {
            final String stat = Files.readString(Path.of("/proc/self/task/" + tid + "/stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            return Integer.parseInt(fields[39 - 3]);
        }
        catch (final IOException | RuntimeException ex)
        {
            return null; // the thread has ended
        }
    }
}
