package pinbench.run.plan;

import pinbench.Family;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.run.catalog.Profile;
import pinbench.topology.PlacementPolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * What the run selected, as the reports describe it.
 *
 * @param families        families, in order.
 * @param strategies      selected strategy names; empty: all.
 * @param threads         thread counts.
 * @param cpus            the CPUs the process may use: more threads are oversubscribed.
 * @param backends        memory backends.
 * @param path            counter file directory or device.
 * @param stride          bytes between counter cells.
 * @param durabilities    flush modes.
 * @param memNode         the NUMA node counter memory is bound to, or {@link pinbench.memory.Memory#ANY_NODE}.
 * @param overwriteDevice consent to overwrite a devdax device.
 * @param affinity        thread placement mode.
 * @param placements      placement policies.
 * @param profile         run lengths.
 * @param label           a line saying what the run is, or {@code null}.
 * @param command         the command line, shell-quoted.
 * @param jmhArgs         JMH options after {@code --}.
 */
public record Selection(List<Family> families, Set<String> strategies, List<Integer> threads, int cpus,
    List<Backend> backends, Path path, int stride, List<Durability> durabilities, int memNode,
    boolean overwriteDevice,
    String affinity, List<PlacementPolicy> placements, Profile profile, String label, String command,
    List<String> jmhArgs)
{
}
