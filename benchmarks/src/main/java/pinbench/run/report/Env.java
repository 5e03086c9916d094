package pinbench.run.report;

import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Placement;
import pinbench.run.plan.Verdicts;

import java.util.List;
import java.util.Map;

/**
 * What {@code env.json} holds, as records: written with snake_case names, and read back the same
 * way by the results index. The memory section is the probe's description of each backend.
 *
 * @param command    the command line, or {@code null}.
 * @param label      the run's label, or {@code null}.
 * @param startedUtc when the first run started.
 * @param finishedUtc when the last run ended.
 * @param durationS  seconds between the two.
 * @param host       the machine.
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
 */
public record Env(String command, String label, String startedUtc, String finishedUtc, long durationS, Host host,
    Jdk jdk, Jmh jmh, List<Map<String, Object>> memory, Selection selection, Code code, Runs runs,
    List<Placement.Placed> placement, List<String> profilers, Map<String, Verdicts.Verdict> verdicts,
    List<ForkContract.Effective> effective)
{
    /** The machine. */
    public record Host(String name, String cpuModel, int cpusAvailableToJvm, String cpusOnline,
        boolean hypervisorGuest, String memoryTotal, String os, String kernel)
    {
    }

    /** The runner's JDK. */
    public record Jdk(String javaVersion, String vmName, String vmVersion, String vendor, String javaHome)
    {
    }

    /** JMH, the forks' JVM, the profile. */
    public record Jmh(String version, String forkJvm, List<String> forkJvmArgs, String profile,
        String profileSettings, List<String> jmhArgsAfterDashdash, String agronaBoundsChecks, String threadAffinity)
    {
    }

    /** What was selected. */
    public record Selection(List<String> families, List<String> strategies, List<Integer> threads,
        List<String> backends, List<String> durability, int strideBytes, boolean overwriteDevice)
    {
    }

    /** The checkout. */
    public record Code(String gitCommit, Boolean gitDirty)
    {
    }

    /** Runs planned, completed and failed. */
    public record Runs(int planned, long completed, List<Failed> failed)
    {
    }

    /** A run without a result. */
    public record Failed(String run, String error)
    {
    }
}
