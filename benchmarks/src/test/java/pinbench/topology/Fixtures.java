package pinbench.topology;

import pinbench.sys.IdList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Machines this one is not, numbered as Linux numbers x86 CPUs: every core's first thread, then the second threads. */
final class Fixtures
{
    /** This machine: 1 package, 2 cores, no SMT. */
    static final Topology TWO_CPUS = uniform(1, 2, 1, 1);
    /** A desktop: 1 package, 8 cores, 2 SMT threads each. */
    static final Topology EIGHT_CORES_SMT = uniform(1, 8, 2, 1);
    /** A 2-socket server: 28 cores per package, 2 SMT threads, one NUMA node per package. */
    static final Topology TWO_SOCKETS = uniform(2, 28, 2, 1);

    private Fixtures()
    {
    }

    /**
     * A machine with one last-level cache per package; CPU {@code t * sockets * cores + s * cores + c}
     * is thread t of core c of package s.
     */
    static Topology uniform(final int sockets, final int cores, final int threads, final int nodesPerSocket)
    {
        final List<Topology.Cpu> cpus = new ArrayList<>();
        for (int t = 0; t < threads; t++)
        {
            for (int s = 0; s < sockets; s++)
            {
                for (int c = 0; c < cores; c++)
                {
                    final int first = s * cores + c;
                    cpus.add(new Topology.Cpu(t * sockets * cores + first, first, s * cores, s,
                        s * nodesPerSocket + c * nodesPerSocket / cores));
                }
            }
        }
        return new Topology(cpus, "fixture " + sockets + "x" + cores + "x" + threads);
    }

    /** Writes the sysfs files {@link Topology#read} reads for a topology under {@code root}. */
    static void writeSysfs(final Topology topology, final Path root) throws IOException
    {
        final Path cpuDir = root.resolve("cpu");
        Files.createDirectories(cpuDir);
        Files.writeString(cpuDir.resolve("online"), IdList.format(topology.ids()) + "\n");
        final Map<Integer, List<Integer>> byNode = new TreeMap<>();
        for (final Topology.Cpu cpu : topology.cpus())
        {
            final Path topo = Files.createDirectories(cpuDir.resolve("cpu" + cpu.id()).resolve("topology"));
            Files.writeString(topo.resolve("physical_package_id"), cpu.socket() + "\n");
            Files.writeString(topo.resolve("core_cpus_list"), IdList.format(topology.cpus().stream()
                .filter(c -> c.core() == cpu.core()).map(Topology.Cpu::id).toList()) + "\n");
            final Path cache = cpuDir.resolve("cpu" + cpu.id()).resolve("cache");
            cache(cache.resolve("index0"), 1, "Data", List.of(cpu.id()));
            cache(cache.resolve("index1"), 1, "Instruction", List.of(cpu.id()));
            cache(cache.resolve("index3"), 3, "Unified", topology.cpus().stream()
                .filter(c -> c.llc() == cpu.llc()).map(Topology.Cpu::id).toList());
            byNode.computeIfAbsent(cpu.node(), k -> new ArrayList<>()).add(cpu.id());
        }
        for (final Map.Entry<Integer, List<Integer>> node : byNode.entrySet())
        {
            final Path dir = Files.createDirectories(root.resolve("node").resolve("node" + node.getKey()));
            Files.writeString(dir.resolve("cpulist"), IdList.format(node.getValue()) + "\n");
        }
    }

    private static void cache(final Path dir, final int level, final String type, final List<Integer> shared)
        throws IOException
    {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("level"), level + "\n");
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("shared_cpu_list"), IdList.format(shared) + "\n");
    }
}
