package pinbench.run.report;

import org.openjdk.jmh.infra.BenchmarkParams;
import pinbench.Family;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Placement;
import pinbench.memory.Backend;
import pinbench.memory.DaxProbe;
import pinbench.memory.Memory;
import pinbench.pin.PinConfig;
import pinbench.run.exec.Execution;
import pinbench.run.exec.Outcome;
import pinbench.run.plan.RunPlan;
import pinbench.run.plan.RunSpec;
import pinbench.run.plan.Selection;
import pinbench.topology.PlacementPolicy;
import pinbench.topology.Topology;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * What makes a result self-describing: the machine, kernel, JDK and JVM flags, the code version,
 * the memory backend and its filesystem, and the exact command. Written as {@code env.json}.
 */
public final class Environment
{
    private static final Path PROC = Path.of("/proc");
    private static final String ALIGNMENT = "cells 8-byte aligned; mappings page-aligned (devdax: device alignment)";

    private Environment()
    {
    }

    /** Host name for the bundle name: letters, digits, '-' and '.' only. */
    public static String hostName()
    {
        String name = System.getenv("HOSTNAME");
        if (name == null || name.isBlank())
        {
            name = readFirstLine(Path.of("/etc/hostname"));
        }
        if (name == null || name.isBlank())
        {
            try
            {
                name = InetAddress.getLocalHost().getHostName();
            }
            catch (final IOException ex)
            {
                name = "unknown-host";
            }
        }
        return name.trim().replaceAll("[^A-Za-z0-9.-]", "-");
    }

    /** CPU model from {@code /proc/cpuinfo}, or the architecture when it has none. */
    static String cpuModel()
    {
        for (final String line : readLines(PROC.resolve("cpuinfo")))
        {
            if (line.startsWith("model name") || line.startsWith("Model") || line.startsWith("cpu model"))
            {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    static boolean hypervisorGuest()
    {
        return readLines(PROC.resolve("cpuinfo")).stream()
            .anyMatch(l -> l.startsWith("flags") && l.contains(" hypervisor"));
    }

    static String kernel()
    {
        final String release = readFirstLine(PROC.resolve("sys/kernel/osrelease"));
        return release != null ? release.trim() : System.getProperty("os.version");
    }

    /** Everything {@code env.json} says, from the plan, what the run produced, and this machine. */
    static Env collect(final RunPlan plan, final Execution execution, final Path home)
    {
        final Selection s = plan.selection();
        final Env.Host host = new Env.Host(hostName(), cpuModel(), Runtime.getRuntime().availableProcessors(),
            readFirstLine(Path.of("/sys/devices/system/cpu/online")), hypervisorGuest(), meminfo("MemTotal"),
            System.getProperty("os.name") + " " + System.getProperty("os.arch"), kernel());
        final Env.Jdk jdk = new Env.Jdk(System.getProperty("java.version"), System.getProperty("java.vm.name"),
            System.getProperty("java.vm.version"), System.getProperty("java.vendor"), System.getProperty("java.home"));
        final BenchmarkParams params = execution.outcomes().values().stream().filter(Outcome::ok).findFirst()
            .map(o -> o.result().getParams()).orElse(null);
        final Env.Jmh jmh = new Env.Jmh(params != null ? params.getJmhVersion() : null,
            params != null ? params.getJvm() : null, params == null ? List.of() : params.getJvmArgs().stream()
                .filter(a -> !a.startsWith("-D" + ForkContract.SPEC + "=") && !a.startsWith("-D" + ForkContract.SIDE_DIR
                    + "=")).toList(),
            s.profile().label(), s.profile().describe(), s.jmhArgs(),
            "disabled in forks (" + BenchDefaults.NO_BOUNDS_CHECKS + "); counter cells do not go through Agrona's"
                + " buffers: every access checks its cell index (Objects.checkIndex), on every backend alike",
            s.affinity() + " (auto: each run's threads pinned to distinct CPUs when they fit; the placement obtained"
                + " per run is under \"placement\")");
        final List<Env.Memory> memory = new ArrayList<>();
        final DaxProbe probe = DaxProbe.system();
        for (final Backend backend : s.backends())
        {
            final List<String> durability = s.durabilities().stream().filter(d -> d.appliesTo(backend))
                .map(d -> d + ": " + d.description()).toList();
            final DaxProbe.Description d = backend.usesPath() ? probe.describe(backend, s.path()) : null;
            final String mapSync = backend.kind() != Backend.Kind.DIRECTORY ? null
                : Optional.ofNullable(DaxProbe.mapSyncProblem(s.path())).map(p -> "refused: " + p).orElse("supported");
            final Integer memNode = s.memNode() == Memory.ANY_NODE ? null : s.memNode();
            final Map<String, Long> pages = pagesFound(execution, backend);
            memory.add(d == null
                ? new Env.Memory(backend.name(), backend.description(), s.stride(), PinConfig.FOLIO_STRIDE, ALIGNMENT,
                    durability, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                    null, "DRAM", memNode, pages)
                : new Env.Memory(backend.name(), backend.description(), s.stride(), PinConfig.FOLIO_STRIDE, ALIGNMENT,
                    durability, s.path().toAbsolutePath().toString(), mapSync, d.pathType(), d.filesystem(),
                    d.mountPoint(), d.mountSource(), d.mountOptions(), d.daxMount(), d.blockDevice(), d.queueDax(),
                    d.subsystem(), d.sizeBytes(), d.alignBytes(), d.regionProvider(), d.persistenceDomain(),
                    d.numaNode(), d.memoryKind(), memNode, pages));
        }
        final Env.Selection selection = new Env.Selection(s.families().stream().map(Family::label).toList(),
            s.strategies().isEmpty() ? List.of("all") : List.copyOf(s.strategies()), s.threads(),
            s.backends().stream().map(Backend::name).toList(), s.durabilities().stream().map(Enum::name).toList(),
            s.stride(), s.overwriteDevice(), s.placements().stream().map(PlacementPolicy::label).toList());
        final Topology machineCpus = Topology.machine();
        final Env.CpuTopology topology = new Env.CpuTopology(machineCpus.source(), machineCpus.describe(),
            Placement.processMask(), machineCpus.cpus());
        final Env.Runs runs = new Env.Runs(plan.specs().size(),
            execution.outcomes().values().stream().filter(Outcome::ok).count(),
            execution.failed().stream().map(o -> new Env.Failed(o.spec().describe(), o.error())).toList(),
            execution.unreported().stream().map(RunSpec::describe).toList());
        return new Env(s.command(), s.label(), execution.started().toString(), execution.finished().toString(),
            Duration.between(execution.started(), execution.finished()).toSeconds(), host, topology, jdk, jmh, memory,
            selection, gitInfo(home), runs, execution.placements(), execution.profilers(), plan.verdicts(),
            execution.effective(), machine(execution));
    }

    /** Steal above this share of CPU time means another guest ran on these CPUs while they were measured. */
    static final double STEAL_WARNING_PERCENT = 1;

    /**
     * The pages of a backend's counters by the node they were found on, over every run's reports;
     * {@code null} when no run could read them (the heap).
     */
    private static Map<String, Long> pagesFound(final Execution execution, final Backend backend)
    {
        final Map<String, Long> pages = new TreeMap<>();
        boolean read = false;
        for (final ForkContract.Effective e : execution.effective())
        {
            for (final ForkContract.Allocated a : e.allocations())
            {
                if (a.backend().equals(backend.name()) && a.pages() != null)
                {
                    read = true;
                    a.pages().pagesByNode().forEach((node, n) -> pages.merge("node " + node, (long)n, Long::sum));
                    a.pages().pagesNotOnANode().forEach((why, n) -> pages.merge(why, (long)n, Long::sum));
                }
            }
        }
        return read ? pages : null;
    }

    private static Env.Machine machine(final Execution execution)
    {
        final Path cpu = Path.of("/sys/devices/system/cpu");
        final String governor = readFirstLine(cpu.resolve("cpu0/cpufreq/scaling_governor"));
        final String noTurbo = readFirstLine(cpu.resolve("intel_pstate/no_turbo"));
        final String boost = readFirstLine(cpu.resolve("cpufreq/boost"));
        final String turbo = noTurbo != null ? (noTurbo.trim().equals("1") ? "off" : "on")
            : boost != null ? (boost.trim().equals("1") ? "on" : "off") : null;
        final String smt = readFirstLine(cpu.resolve("smt/active"));
        final String thp = readFirstLine(Path.of("/sys/kernel/mm/transparent_hugepage/enabled"));
        final String isolated = readFirstLine(cpu.resolve("isolated"));
        final String nohz = readFirstLine(cpu.resolve("nohz_full"));
        final String clock = readFirstLine(Path.of("/sys/devices/system/clocksource/clocksource0/current_clocksource"));
        final List<String> warnings = new ArrayList<>();
        if (governor != null && !governor.trim().equals("performance"))
        {
            warnings.add("CPU frequency governor " + governor.trim() + ": the clock may change during a run (set"
                + " performance with cpupower frequency-set -g performance)");
        }
        if ("on".equals(turbo))
        {
            warnings.add("turbo on: the clock depends on temperature and on how many cores are busy");
        }
        if (clock != null && !clock.trim().equals("tsc"))
        {
            warnings.add("clock source " + clock.trim() + ", not tsc: System.nanoTime() is slow and coarse here,"
                + " which inflates short latencies");
        }
        final String load = execution.loadAtStart();
        if (load != null)
        {
            final double oneMinute = Double.parseDouble(load.split(" ")[0]);
            final int cpus = Runtime.getRuntime().availableProcessors();
            if (oneMinute > 0.5 * cpus)
            {
                warnings.add(String.format(Locale.ROOT, "load %.2f on %d CPUs before the first run: other work"
                    + " shared the machine (the 1-minute average lags: it may be an earlier run's)", oneMinute, cpus));
            }
        }
        if (execution.steal() != null && execution.steal() > STEAL_WARNING_PERCENT)
        {
            warnings.add(String.format(Locale.ROOT, "%.1f%% of CPU time stolen by the hypervisor during the runs",
                execution.steal()));
        }
        return new Env.Machine(trim(governor), turbo, trim(smt), trim(thp), trim(isolated), trim(nohz), trim(clock),
            load, execution.steal(), execution.stealBySpec(), execution.measured(), warnings);
    }

    /** The value without surrounding space; {@code null} for none or an empty file (no isolated CPUs). */
    private static String trim(final String value)
    {
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static Env.Code gitInfo(final Path home)
    {
        final String commit = git(home, "rev-parse", "HEAD");
        if (commit == null)
        {
            return new Env.Code(null, null);
        }
        final String status = git(home, "status", "--porcelain", "--untracked-files=no", "--", ".",
            ":(exclude)results");
        return new Env.Code(commit, status != null && !status.isBlank());
    }

    private static String git(final Path dir, final String... args)
    {
        final List<String> command = new ArrayList<>(List.of("git", "-C", dir.toString()));
        command.addAll(List.of(args));
        try
        {
            final Process p = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0)
            {
                p.destroyForcibly();
                return null;
            }
            return out;
        }
        catch (final IOException ex)
        {
            return null;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String meminfo(final String key)
    {
        return readLines(PROC.resolve("meminfo")).stream().filter(l -> l.startsWith(key + ":"))
            .map(l -> l.substring(key.length() + 1).trim()).findFirst().orElse(null);
    }

    private static List<String> readLines(final Path file)
    {
        try
        {
            return Files.readAllLines(file);
        }
        catch (final IOException ex)
        {
            return List.of();
        }
    }

    private static String readFirstLine(final Path file)
    {
        final List<String> lines = readLines(file);
        return lines.isEmpty() ? null : lines.get(0);
    }
}
