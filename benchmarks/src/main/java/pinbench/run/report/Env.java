package pinbench.run.report;

import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Measured;
import pinbench.benchmarks.Placement;
import pinbench.run.plan.Verdicts;
import pinbench.topology.Topology;

import java.util.List;
import java.util.Map;

/**
 * What {@code env.json} holds, as records: written with snake_case names, and read back the same
 * way by the results index.
 *
 * @param command    the command line, or {@code null}.
 * @param label      the run's label, or {@code null}.
 * @param startedUtc when the first run started.
 * @param finishedUtc when the last run ended.
 * @param durationS  seconds between the two.
 * @param host       the machine.
 * @param topology   its CPUs: core, last-level cache, package, NUMA node of each.
 * @param jdk        the JDK of the runner (forks use the same unless {@code -jvm} says otherwise).
 * @param jmh        JMH and the forks' JVM options.
 * @param memory     per backend: where and what the memory is.
 * @param selection  what was selected.
 * @param code       the commit.
 * @param runs       how many runs were planned, completed, failed.
 * @param placement  every placed thread of every run.
 * @param profilers  one line per profiler.
 * @param verdicts   correctness verdicts of the measured strategies.
 * @param effective  per run, the settings the benchmark reported it ran with.
 * @param machine    the state of the machine that can distort results, and what in it does.
 */
public record Env(String command, String label, String startedUtc, String finishedUtc, long durationS, Host host,
    CpuTopology topology, Jdk jdk, Jmh jmh, List<Memory> memory, Selection selection, Code code, Runs runs,
    List<Placement.Placed> placement, List<String> profilers, Map<String, Verdicts.Verdict> verdicts,
    List<ForkContract.Effective> effective, Machine machine)
{
    /**
     * What of the machine's state can distort results, read from sysfs and procfs ({@code null}
     * where this machine does not expose it).
     *
     * @param governor      the CPU frequency governor of cpu0.
     * @param turbo         whether turbo/boost is on.
     * @param smt           whether SMT siblings are active.
     * @param transparentHugePages the THP mode.
     * @param isolatedCpus  CPUs taken away from the scheduler ({@code isolcpus=}).
     * @param nohzFull      CPUs without the periodic tick ({@code nohz_full=}).
     * @param clocksource   what {@code System.nanoTime()} reads.
     * @param loadAtStart   {@code /proc/loadavg} before the first run.
     * @param stealPercent  CPU time the hypervisor took from this guest during the runs.
     * @param stealBySpec   the same per run of the plan.
     * @param forks         per run and JVM, its context switches and the steal during its measurement iterations.
     * @param warnings      what of the above can distort these results, and how.
     */
    public record Machine(String governor, String turbo, String smt, String transparentHugePages,
        String isolatedCpus, String nohzFull, String clocksource, String loadAtStart, Double stealPercent,
        Map<Integer, Double> stealBySpec, List<Measured.Fork> forks, List<String> warnings)
    {
    }

    /** The machine. */
    public record Host(String name, String cpuModel, int cpusAvailableToJvm, String cpusOnline,
        boolean hypervisorGuest, String memoryTotal, String os, String kernel)
    {
    }

    /**
     * The machine's CPUs as placement saw them.
     *
     * @param source      where the model was read.
     * @param description one line: packages, cores, CPUs per core, last-level caches, nodes.
     * @param processCpus the CPUs this run's threads were placed on.
     * @param cpus        every CPU with its core, last-level cache, package and node (cores and
     *                    caches named by their lowest CPU).
     */
    public record CpuTopology(String source, String description, List<Integer> processCpus,
        List<Topology.Cpu> cpus)
    {
    }

    /** The runner's JDK. */
    public record Jdk(String javaVersion, String vmName, String vmVersion, String vendor, String javaHome)
    {
    }

    /**
     * JMH, the forks' JVM (the arguments are the first run's, without the two that differ per run:
     * its index and its side directory inside the unfinished bundle), the profile.
     */
    public record Jmh(String version, String forkJvm, List<String> forkJvmArgs, String profile,
        String profileSettings, List<String> jmhArgsAfterDashdash, String agronaBoundsChecks, String threadAffinity)
    {
    }

    /**
     * One backend of the run: its settings and, for backends with a path, what the probe found
     * there ({@code null} where not applicable: heap and direct memory have no path).
     *
     * @param memNode    the NUMA node its counters were bound to ({@code --mem-node}), {@code null} when
     *                   not bound.
     * @param pagesFound the pages of its counters by the node they were found on once mapped ({@code node
     *                   N}, or why none: {@code not present}, an errno), summed over the first allocation of
     *                   each kind in each run; {@code null} where pages cannot be read (the heap).
     */
    public record Memory(String backend, String description, int strideBytes, int folioCountStrideBytes,
        String alignment, List<String> durability, String path, String mapSync, String pathType, String filesystem,
        String mountPoint, String mountSource, String mountOptions, Boolean daxMount, String blockDevice,
        String queueDax, String subsystem, Long sizeBytes, Long alignBytes, String regionProvider,
        String persistenceDomain, String numaNode, String memoryKind, Integer memNode, Map<String, Long> pagesFound)
    {
    }

    /** What was selected. */
    public record Selection(List<String> families, List<String> strategies, List<Integer> threads,
        List<String> backends, List<String> durability, int strideBytes, boolean overwriteDevice,
        List<String> placements)
    {
    }

    /** The checkout. */
    public record Code(String gitCommit, Boolean gitDirty)
    {
    }

    /**
     * Runs planned, completed and failed.
     *
     * @param unreported completed runs whose benchmark reported no settings (see {@code effective}).
     */
    public record Runs(int planned, long completed, List<Failed> failed, List<String> unreported)
    {
    }

    /** A run without a result. */
    public record Failed(String run, String error)
    {
    }
}
