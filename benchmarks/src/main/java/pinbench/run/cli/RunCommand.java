package pinbench.run.cli;

import org.openjdk.jmh.runner.options.CommandLineOptions;
import pinbench.Family;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.run.catalog.Profile;
import pinbench.topology.PlacementPolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * A run as the command line asked for it, validated as far as that is possible without the plan.
 *
 * @param families        families to run, in order.
 * @param strategies      selected catalog names; empty: every strategy of the families.
 * @param threads         thread counts.
 * @param cpus            the CPUs this process may use (more threads than this are oversubscribed).
 * @param backends        memory backends.
 * @param path            directory for counter files, or the devdax device.
 * @param stride          bytes between counter cells.
 * @param durabilities    flush modes.
 * @param memNode         the NUMA node counter memory is bound to, or {@link pinbench.memory.Memory#ANY_NODE}.
 * @param overwriteDevice consent to overwrite a devdax device.
 * @param allowFailing    measure strategies that failed their correctness tests.
 * @param affinity        thread placement mode.
 * @param placements      placement policies, each a row of every table.
 * @param everyPlacement  {@code --placement all}: the planner keeps those the CPUs can give.
 * @param profile         run lengths.
 * @param profilers       {@code gc} and/or {@code async}.
 * @param label           a line saying what the run is, or {@code null}.
 * @param out             where the bundle directory is created.
 * @param jmhArgs         JMH options after {@code --}.
 * @param jmh             the same, parsed by JMH.
 * @param args            the whole command line, for the bundle.
 */
public record RunCommand(List<Family> families, Set<String> strategies, List<Integer> threads, int cpus,
    List<Backend> backends, Path path, int stride, List<Durability> durabilities, int memNode, boolean overwriteDevice,
    boolean allowFailing, String affinity, List<PlacementPolicy> placements, boolean everyPlacement, Profile profile,
    Set<String> profilers, String label, Path out, List<String> jmhArgs, CommandLineOptions jmh, List<String> args)
    implements Command
{
    /** Profilers {@code --profile} can add. */
    public static final List<String> PROFILERS = List.of("gc", "async");

    /** The same with these placement policies, chosen. */
    public RunCommand withPlacements(final List<PlacementPolicy> chosen)
    {
        return new RunCommand(families, strategies, threads, cpus, backends, path, stride, durabilities, memNode,
            overwriteDevice, allowFailing, affinity, List.copyOf(chosen), false, profile, profilers, label, out, jmhArgs,
            jmh, args);
    }

    /** Whether a strategy of a family is selected. */
    public boolean selects(final String strategy)
    {
        return strategies.isEmpty() || strategies.contains(strategy);
    }
}
