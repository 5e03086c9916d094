package pinbench.topology;

import pinbench.sys.IdList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToIntFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The machine's logical CPUs as the caches and the memory see them: each CPU with its core, its
 * last-level cache, its package and its NUMA node. Read from Linux sysfs ({@code
 * /sys/devices/system/cpu} and {@code /sys/devices/system/node}) rather than through OSHI: OSHI's
 * {@code LogicalProcessor} has core, package and node but not which CPUs share a last-level cache,
 * and on Linux it reads these same files. A value: placement takes it as an argument, so tests run
 * placement on machines this one is not.
 */
public final class Topology
{
    /** Where Linux describes CPUs and memory nodes. */
    public static final Path SYSFS = Path.of("/sys/devices/system");

    private static volatile Topology machine;

    private final List<Cpu> cpus;
    private final String source;

    /**
     * One logical CPU. Core and cache are named by their lowest CPU, so they are unique machine-wide.
     *
     * @param id     the CPU number the kernel uses ({@code sched_setaffinity}).
     * @param core   the lowest CPU of its core (its SMT siblings share it).
     * @param llc    the lowest CPU sharing its last-level cache.
     * @param socket its package ({@code physical_package_id}).
     * @param node   its NUMA node.
     */
    public record Cpu(int id, int core, int llc, int socket, int node)
    {
    }

    /** How near two CPUs are, nearest first: what a cache line crosses between them. */
    public enum Level
    {
        SMT_SIBLING("SMT sibling"),
        SAME_LLC("same last-level cache"),
        SAME_PACKAGE("same package"),
        OTHER_PACKAGE("other package");

        public final String label;

        Level(final String label)
        {
            this.label = label;
        }
    }

    /**
     * @param cpus   every CPU once, in any order.
     * @param source where the model came from, for the record.
     */
    public Topology(final Collection<Cpu> cpus, final String source)
    {
        if (cpus.isEmpty())
        {
            throw new IllegalArgumentException("a topology needs at least one CPU");
        }
        this.cpus = cpus.stream().sorted(Comparator.comparingInt(Cpu::id)).toList();
        if (this.cpus.stream().map(Cpu::id).distinct().count() != this.cpus.size())
        {
            throw new IllegalArgumentException("a CPU is listed twice: " + this.cpus);
        }
        this.source = source;
    }

    /** This machine's topology, read once per JVM; a model with one core per CPU when sysfs does not say. */
    public static Topology machine()
    {
        Topology t = machine;
        if (t == null)
        {
            t = read(SYSFS);
            machine = t;
        }
        return t;
    }

    /**
     * The topology under a sysfs root ({@code /sys/devices/system} on a live machine): the online
     * CPUs, or the CPUs Java sees, one core each, when the root has no CPU topology.
     */
    public static Topology read(final Path sys)
    {
        final Path cpuDir = sys.resolve("cpu");
        final List<Integer> online = IdList.read(cpuDir.resolve("online"));
        if (online.isEmpty() || !Files.isDirectory(cpuDir.resolve("cpu" + online.get(0)).resolve("topology")))
        {
            final List<Cpu> flat = new ArrayList<>();
            final int n = online.isEmpty() ? Runtime.getRuntime().availableProcessors() : online.size();
            for (int i = 0; i < n; i++)
            {
                final int id = online.isEmpty() ? i : online.get(i);
                flat.add(new Cpu(id, id, 0, 0, 0));
            }
            return new Topology(flat, "assumed: one core per CPU, one package, one node (no CPU topology under "
                + cpuDir + ")");
        }
        final Map<Integer, Integer> nodes = nodesOf(sys.resolve("node"));
        final List<Cpu> cpus = new ArrayList<>();
        for (final int id : online)
        {
            final Path dir = cpuDir.resolve("cpu" + id);
            final Path topo = dir.resolve("topology");
            final int socket = Math.max(0, readInt(topo.resolve("physical_package_id"), 0));
            final List<Integer> siblings = firstCpuList(topo.resolve("core_cpus_list"),
                topo.resolve("thread_siblings_list"));
            final int core = siblings.isEmpty() ? id : siblings.get(0);
            final List<Integer> llc = lastLevelCache(dir.resolve("cache"));
            cpus.add(new Cpu(id, core, llc.isEmpty() ? -1 - socket : llc.get(0), socket,
                nodes.getOrDefault(id, 0)));
        }
        return new Topology(cpus, sys.toString());
    }

    /** The CPUs sharing the highest-level data or unified cache of a CPU, from its {@code cache/indexN}. */
    private static List<Integer> lastLevelCache(final Path cacheDir)
    {
        if (!Files.isDirectory(cacheDir))
        {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(cacheDir))
        {
            return entries.filter(p -> p.getFileName().toString().matches("index\\d+"))
                .filter(p -> !"Instruction".equals(readLine(p.resolve("type"))))
                .max(Comparator.comparingInt(p -> readInt(p.resolve("level"), 0)))
                .map(p -> IdList.read(p.resolve("shared_cpu_list"))).orElse(List.of());
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    /** CPU to NUMA node from {@code node/nodeN/cpulist}. */
    private static Map<Integer, Integer> nodesOf(final Path nodeDir)
    {
        final Map<Integer, Integer> nodes = new HashMap<>();
        if (!Files.isDirectory(nodeDir))
        {
            return nodes;
        }
        try (Stream<Path> entries = Files.list(nodeDir))
        {
            entries.filter(p -> p.getFileName().toString().matches("node\\d+")).forEach(p ->
            {
                final int node = Integer.parseInt(p.getFileName().toString().substring(4));
                IdList.read(p.resolve("cpulist")).forEach(cpu -> nodes.put(cpu, node));
            });
        }
        catch (final IOException ex)
        {
            return Map.of();
        }
        return nodes;
    }

    private static List<Integer> firstCpuList(final Path... files)
    {
        for (final Path f : files)
        {
            final List<Integer> ids = IdList.read(f);
            if (!ids.isEmpty())
            {
                return ids;
            }
        }
        return List.of();
    }

    private static int readInt(final Path file, final int otherwise)
    {
        final String line = readLine(file);
        try
        {
            return line == null ? otherwise : Integer.parseInt(line);
        }
        catch (final NumberFormatException ex)
        {
            return otherwise;
        }
    }

    private static String readLine(final Path file)
    {
        try
        {
            return Files.readString(file).trim();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    /** Every CPU, by id. */
    public List<Cpu> cpus()
    {
        return cpus;
    }

    /** Where the model came from. */
    public String source()
    {
        return source;
    }

    /** The CPU with this id. */
    public Cpu cpu(final int id)
    {
        return cpus.stream().filter(c -> c.id() == id).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("CPU " + id + " is not in this topology (" + ids() + ")"));
    }

    /** The CPU ids, ascending. */
    public List<Integer> ids()
    {
        return cpus.stream().map(Cpu::id).toList();
    }

    /**
     * The part of this topology a process may use: the given CPUs, each as this model has it (a CPU
     * the model does not know, e.g. one brought online since, is a core of its own).
     */
    public Topology restrictTo(final Collection<Integer> allowed)
    {
        if (allowed.isEmpty() || Set.copyOf(allowed).equals(Set.copyOf(ids())))
        {
            return this;
        }
        final List<Cpu> kept = new ArrayList<>();
        for (final int id : new LinkedHashSet<>(allowed))
        {
            kept.add(cpus.stream().filter(c -> c.id() == id).findFirst().orElse(new Cpu(id, id, id, 0, 0)));
        }
        return new Topology(kept, source + ", restricted to CPUs " + IdList.format(allowed));
    }

    /** How near two distinct CPUs are. */
    public Level level(final int a, final int b)
    {
        final Cpu x = cpu(a);
        final Cpu y = cpu(b);
        if (x.id() == y.id())
        {
            throw new IllegalArgumentException("CPU " + a + " and itself are no pair");
        }
        if (x.core() == y.core())
        {
            return Level.SMT_SIBLING;
        }
        if (x.llc() == y.llc())
        {
            return Level.SAME_LLC;
        }
        return x.socket() == y.socket() ? Level.SAME_PACKAGE : Level.OTHER_PACKAGE;
    }

    /** The CPUs grouped by core, each core's CPUs ascending, cores by their lowest CPU. */
    public List<List<Integer>> cores()
    {
        return groups(Cpu::core);
    }

    /** The cores grouped by package, packages ascending. */
    public List<List<List<Integer>>> coresByPackage()
    {
        final Map<Integer, List<List<Integer>>> byPackage = new TreeMap<>();
        for (final List<Integer> core : cores())
        {
            byPackage.computeIfAbsent(cpu(core.get(0)).socket(), k -> new ArrayList<>()).add(core);
        }
        return List.copyOf(byPackage.values());
    }

    /** The largest number of CPUs of one core. */
    public int threadsPerCore()
    {
        return cores().stream().mapToInt(List::size).max().orElse(1);
    }

    private int count(final ToIntFunction<Cpu> key)
    {
        return (int) cpus.stream().mapToInt(key).distinct().count();
    }

    /** How many packages (sockets). */
    public int packages()
    {
        return count(Cpu::socket);
    }

    /** How many NUMA nodes have CPUs here. */
    public int nodes()
    {
        return count(Cpu::node);
    }

    /**
     * One line: {@code 4 CPUs (0-3): 1 package, 2 cores, 2 CPUs per core (SMT), 1 last-level cache,
     * 1 NUMA node}, plus which CPUs share a core when some do.
     */
    public String describe()
    {
        final int t = threadsPerCore();
        final int cores = cores().size();
        final StringBuilder b = new StringBuilder().append(cpus.size()).append(cpus.size() == 1 ? " CPU (" : " CPUs (")
            .append(IdList.format(ids())).append("): ").append(plural(packages(), "package")).append(", ")
            .append(plural(cores, "core")).append(", ")
            .append(t == 1 ? "1 CPU per core (no SMT)" : "up to " + t + " CPUs per core (SMT)").append(", ")
            .append(plural(count(Cpu::llc), "last-level cache")).append(", ").append(plural(nodes(), "NUMA node"));
        if (t > 1 && cores <= 16)
        {
            b.append("; cores ").append(cores().stream().map(IdList::format).collect(Collectors.joining(" ")));
        }
        return b.toString();
    }

    private static String plural(final int n, final String what)
    {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    private List<List<Integer>> groups(final ToIntFunction<Cpu> key)
    {
        final Map<Integer, List<Integer>> groups = new TreeMap<>();
        cpus.forEach(c -> groups.computeIfAbsent(key.applyAsInt(c), k -> new ArrayList<>()).add(c.id()));
        return groups.values().stream().map(List::copyOf).toList();
    }

    @Override
    public boolean equals(final Object o)
    {
        return o instanceof Topology t && t.cpus.equals(cpus);
    }

    @Override
    public int hashCode()
    {
        return cpus.hashCode();
    }

    @Override
    public String toString()
    {
        return describe();
    }
}
