package pinbench.run;

import org.openjdk.jmh.infra.BenchmarkParams;
import pinbench.memory.Backend;
import pinbench.memory.DaxProbe;
import pinbench.pin.PinConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What makes a result self-describing: the machine, kernel, JDK and JVM flags, the code version,
 * the memory backend and its filesystem, and the exact command. Written as {@code env.json}.
 */
final class EnvInfo
{
    private static final Path PROC = Path.of("/proc");

    private EnvInfo()
    {
    }

    /** Host name for the bundle name: letters, digits, '-' and '.' only. */
    static String hostName()
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

    static Map<String, Object> collect(final Options options, final Path home, final List<RunItem> plan,
        final List<Outcome> outcomes, final Instant started, final Instant finished)
    {
        final Map<String, Object> env = new LinkedHashMap<>();
        env.put("command", options.command() == Options.Command.RUN ? commandLine(options) : null);
        env.put("label", options.label);
        env.put("started_utc", started.toString());
        env.put("finished_utc", finished.toString());
        env.put("duration_s", Duration.between(started, finished).toSeconds());

        final Map<String, Object> host = new LinkedHashMap<>();
        host.put("name", hostName());
        host.put("cpu_model", cpuModel());
        host.put("cpus_available_to_jvm", Runtime.getRuntime().availableProcessors());
        host.put("cpus_online", readFirstLine(Path.of("/sys/devices/system/cpu/online")));
        host.put("hypervisor_guest", hypervisorGuest());
        host.put("memory_total", meminfo("MemTotal"));
        host.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        host.put("kernel", kernel());
        env.put("host", host);

        final Map<String, Object> jdk = new LinkedHashMap<>();
        jdk.put("java_version", System.getProperty("java.version"));
        jdk.put("vm_name", System.getProperty("java.vm.name"));
        jdk.put("vm_version", System.getProperty("java.vm.version"));
        jdk.put("vendor", System.getProperty("java.vendor"));
        jdk.put("java_home", System.getProperty("java.home"));
        env.put("jdk", jdk);

        final Map<String, Object> jmh = new LinkedHashMap<>();
        final BenchmarkParams params = outcomes.stream().filter(Outcome::ok).findFirst()
            .map(o -> o.result().getParams()).orElse(null);
        jmh.put("version", params != null ? params.getJmhVersion() : null);
        jmh.put("fork_jvm", params != null ? params.getJvm() : null);
        jmh.put("fork_jvm_args", params != null ? params.getJvmArgs() : List.of());
        jmh.put("profile", options.profile.label());
        jmh.put("profile_settings", options.profile.describe());
        jmh.put("jmh_args_after_dashdash", options.jmhArgs);
        jmh.put("agrona_bounds_checks", "disabled in forks (-Dagrona.disable.bounds.checks=true)");
        jmh.put("thread_affinity", options.affinity + " (auto: each run's threads pinned to distinct CPUs when they"
            + " fit; the placement obtained per run is under \"placement\")");
        env.put("jmh", jmh);

        final List<Map<String, Object>> memory = new ArrayList<>();
        final DaxProbe probe = DaxProbe.system();
        for (final Backend backend : options.backends)
        {
            final Map<String, Object> m = new LinkedHashMap<>();
            m.put("backend", backend.name());
            m.put("description", backend.description());
            m.put("stride_bytes", options.stride);
            m.put("folio_count_stride_bytes", PinConfig.FOLIO_STRIDE);
            m.put("alignment", "cells 8-byte aligned; mappings page-aligned (devdax: device alignment)");
            m.put("durability", options.durabilities.stream().filter(d -> Options.applies(backend, d))
                .map(d -> d + ": " + d.description()).toList());
            if (backend.usesPath())
            {
                m.put("path", options.path.toAbsolutePath().toString());
                m.putAll(probe.describe(backend, options.path));
                if (backend.kind() == Backend.Kind.DIRECTORY)
                {
                    final String mapSync = DaxProbe.mapSyncProblem(options.path);
                    m.put("map_sync", mapSync == null ? "supported" : "refused: " + mapSync);
                }
            }
            else
            {
                m.put("memory_kind", "DRAM");
            }
            memory.add(m);
        }
        env.put("memory", memory);

        final Map<String, Object> selection = new LinkedHashMap<>();
        selection.put("families", options.families.stream().map(Family::label).toList());
        selection.put("strategies", options.strategies.isEmpty() ? "all" : List.copyOf(options.strategies));
        selection.put("threads", options.threads);
        selection.put("backends", options.backends.stream().map(Backend::name).toList());
        selection.put("durability", options.durabilities.stream().map(Enum::name).toList());
        selection.put("stride_bytes", options.stride);
        selection.put("overwrite_device", options.overwriteDevice);
        env.put("selection", selection);

        env.put("code", gitInfo(home));

        final Map<String, Object> runs = new LinkedHashMap<>();
        runs.put("planned", plan.size());
        runs.put("completed", outcomes.stream().filter(Outcome::ok).count());
        runs.put("failed", outcomes.stream().filter(o -> !o.ok())
            .map(o -> Map.of("run", o.item().describe(), "error", o.error())).toList());
        env.put("runs", runs);
        return env;
    }

    static String commandLine(final Options options)
    {
        final String launcher = System.getenv().getOrDefault("PINBENCH_LAUNCHER", "java pinbench.run.Bench");
        final StringBuilder b = new StringBuilder(launcher);
        for (final String arg : options.args())
        {
            b.append(' ').append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }

    private static Map<String, Object> gitInfo(final Path home)
    {
        final Map<String, Object> code = new LinkedHashMap<>();
        final String commit = git(home, "rev-parse", "HEAD");
        code.put("git_commit", commit);
        if (commit != null)
        {
            final String status = git(home, "status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)results");
            code.put("git_dirty", status != null && !status.isBlank());
        }
        return code;
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
