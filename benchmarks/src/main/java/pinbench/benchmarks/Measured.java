package pinbench.benchmarks;

import com.sun.jna.LastErrorException;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import pinbench.sys.LibC;

/**
 * What happened to this JVM while it measured: the context switches of all its threads
 * ({@code getrusage(RUSAGE_SELF)}: the JIT and GC threads too) and the CPU time the hypervisor took
 * from the machine ({@code /proc/stat} steal), summed over the measurement iterations of a trial
 * only, so fork start-up and warm-up do not count. {@link BenchDefaults} brackets every iteration;
 * the trial's totals go to the runner in the {@link ForkContract#MEASURED} side file.
 */
public final class Measured
{
    private static final int RUSAGE_SELF = 0;
    private static final int RUSAGE_LONGS = 18;
    private static final int VOLUNTARY = 16;
    private static final int INVOLUNTARY = 17;

    /**
     * One trial's measurement in one JVM.
     *
     * @param spec                the run of the plan.
     * @param pid                 the JVM.
     * @param measuredMillis      wall time of its measurement iterations.
     * @param involuntarySwitches times one of its threads was preempted during them (-1: unknown).
     * @param voluntarySwitches   times one of its threads blocked or slept during them (-1: unknown).
     * @param stealPercent        share of the machine's CPU time the hypervisor took during them, or {@code null}.
     * @param cpus                CPUs the process may use (not only the reporting thread's).
     */
    public record Fork(int spec, long pid, long measuredMillis, long involuntarySwitches, long voluntarySwitches,
        Double stealPercent, int cpus)
    {
        /** Involuntary switches per second measured, or -1 when unknown. */
        public double involuntaryPerSecond()
        {
            return involuntarySwitches < 0 || measuredMillis <= 0 ? -1 : involuntarySwitches * 1_000.0 / measuredMillis;
        }
    }

    private static boolean measuring;
    private static long startNanos;
    private static long[] startUsage;
    private static CpuTimes startCpu;
    private static long nanos;
    private static long involuntary;
    private static long voluntary;
    private static long stealTicks;
    private static long totalTicks;
    private static boolean switchesUnknown;

    private Measured()
    {
    }

    static synchronized void startIteration(final IterationParams iteration)
    {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        if (measuring)
        {
            startCpu = CpuTimes.now();
            startUsage = usage();
            startNanos = System.nanoTime();
        }
    }

    static synchronized void endIteration()
    {
        if (!measuring)
        {
            return;
        }
        nanos += System.nanoTime() - startNanos;
        final long[] end = usage();
        if (end == null || startUsage == null)
        {
            switchesUnknown = true;
        }
        else
        {
            involuntary += end[INVOLUNTARY] - startUsage[INVOLUNTARY];
            voluntary += end[VOLUNTARY] - startUsage[VOLUNTARY];
        }
        final CpuTimes cpu = CpuTimes.now();
        if (cpu != null && startCpu != null)
        {
            stealTicks += cpu.steal() - startCpu.steal();
            totalTicks += cpu.total() - startCpu.total();
        }
        measuring = false;
    }

    /** The trial's totals, and a fresh start for the next trial in this JVM. */
    static synchronized Fork endTrial(final int spec)
    {
        final Fork fork = new Fork(spec, ProcessHandle.current().pid(), nanos / 1_000_000,
            switchesUnknown ? -1 : involuntary, switchesUnknown ? -1 : voluntary,
            totalTicks > 0 ? 100.0 * stealTicks / totalTicks : null, processCpus());
        nanos = 0;
        involuntary = 0;
        voluntary = 0;
        stealTicks = 0;
        totalTicks = 0;
        switchesUnknown = false;
        return fork;
    }

    /**
     * The CPUs the process may use. Not {@code availableProcessors()}: that reads the calling
     * thread's mask, and the reporting thread is pinned to one CPU.
     */
    private static int processCpus()
    {
        try
        {
            final int cpus = Placement.processCpus(ForkContract.current()).size();
            return cpus > 0 ? cpus : Runtime.getRuntime().availableProcessors();
        }
        catch (final LastErrorException | UnsatisfiedLinkError ex)
        {
            return Runtime.getRuntime().availableProcessors();
        }
    }

    private static long[] usage()
    {
        if (LibC.problem() != null)
        {
            return null;
        }
        final long[] usage = new long[RUSAGE_LONGS];
        try
        {
            LibC.calls().getrusage(RUSAGE_SELF, usage);
            return usage;
        }
        catch (final LastErrorException ex)
        {
            return null;
        }
    }
}
