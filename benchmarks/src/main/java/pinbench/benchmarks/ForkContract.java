package pinbench.benchmarks;

import com.google.gson.FieldNamingPolicy;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.infra.BenchmarkParams;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.memory.Memory;
import pinbench.memory.Numa;
import pinbench.topology.PlacementPolicy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Everything that passes between the runner ({@code scripts/bench}) and a benchmark: the names of
 * the system properties, the side files a benchmark writes for the runner, and the histogram tag
 * format. The runner sends a {@link Settings} either {@link Settings#asJvmArgs() as JVM arguments}
 * of a forked JVM or {@link Settings#applyInThisProcess() applied to its own JVM} for {@code -f 0};
 * a benchmark reads {@link #current()}, so both paths give a benchmark the same settings. Each
 * trial reports back, in its {@link #EFFECTIVE} side file, the memory its states really allocated.
 */
public final class ForkContract
{
    /** Directory for counter files (or the devdax device). */
    public static final String PATH = "pinbench.path";
    /** Bytes between two counter cells. */
    public static final String STRIDE = "pinbench.stride";
    /** The NUMA node counter memory is bound to; absent: where the first touch puts it. */
    public static final String MEM_NODE = "pinbench.memNode";
    /** The user's consent to overwrite a device-DAX device. */
    public static final String OVERWRITE_DEVICE = "pinbench.overwriteDevice";
    /** Thread placement mode: {@code auto}, {@code on} or {@code off}. */
    public static final String AFFINITY = "pinbench.affinity";
    /** Which CPU each thread takes: a {@link PlacementPolicy} label, {@code spread} by default. */
    public static final String POLICY = "pinbench.placement";
    /** The CPUs the runner's process may use, comma-separated, read before any thread pinned itself. */
    public static final String CPUS = "pinbench.cpus";
    /** Directory for the side files below and the histogram logs. */
    public static final String SIDE_DIR = "pinbench.sideDir";
    /** Which run of the runner's plan this JVM is measuring, echoed in the side files. */
    public static final String SPEC = "pinbench.spec";
    /** The run that owns mapped counters; read by the counter header in {@code impls} itself. */
    public static final String RUN_ID = Memory.RUN_ID_PROPERTY;

    /** Side file kind: one JSON line per trial with the settings the benchmark ran with. */
    public static final String EFFECTIVE = "effective";
    /** Side file kind: one JSON line per placed thread. */
    public static final String PLACEMENT = "placement";
    /** Side file: per trial, what happened to the JVM during its measurement iterations ({@link Measured.Fork}). */
    public static final String MEASURED = "measured";
    /** Suffix of side files; each JVM writes its own ({@code KIND-PID.jsonl}), so a killed fork spoils no other's lines. */
    public static final String SIDE_SUFFIX = ".jsonl";
    /** Suffix of the HdrHistogram interval logs benchmarks write ({@code LOG-TAG[-n].hlog}). */
    public static final String HISTOGRAM_SUFFIX = ".hlog";
    /** Suffix of HdrHistogram percentile files ({@code LOG-TAG.hgrm}). */
    public static final String PERCENTILES_SUFFIX = ".hgrm";

    /** Between a histogram tag and the placement policy of its run. */
    private static final String PLACED_BY = "@";

    /** JSON as the runner reads it back: snake_case names, nulls kept. */
    public static final Gson JSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
        .serializeNulls().disableHtmlEscaping().create();

    /**
     * Every kind of allocation of counter cells in this JVM not yet reported, with the run it belongs
     * to, in first-seen order, each with how often it was made (a benchmark making a fresh count per
     * operation makes thousands) and the nodes of its first one's pages.
     */
    private static final Map<Allocation, Seen> ALLOCATED = new LinkedHashMap<>();

    static
    {
        Memory.watchAllocations((memory, cells) ->
        {
            // only the run's index: an allocation per operation (kill latency) must not parse every setting
            final Allocation a = new Allocation(Integer.getInteger(SPEC, -1), new Allocated(memory.backend().name(),
                memory.backend().usesPath() ? memory.path().toAbsolutePath().toString() : null, memory.stride(),
                memory.durability().name(), memory.memNode() == Memory.ANY_NODE ? null : memory.memNode(),
                cells.size(), 1, null));
            synchronized (ALLOCATED)
            {
                // one page query per kind, not per allocation: the pages of a fresh count per operation are alike
                ALLOCATED.computeIfAbsent(a, k -> new Seen(cells.pageNodes())).times++;
            }
        });
    }

    /** How often an allocation was made, and where the pages of its first one were. */
    private static final class Seen
    {
        final Numa.PageNodes pages;
        int times;

        Seen(final Numa.PageNodes pages)
        {
            this.pages = pages;
        }
    }

    private ForkContract()
    {
    }

    /**
     * The settings of one run.
     *
     * @param path            directory for counter files, or the devdax device.
     * @param stride          bytes between counter cells.
     * @param memNode         the NUMA node counters are bound to, or {@link Memory#ANY_NODE}.
     * @param overwriteDevice consent to overwrite a devdax device.
     * @param affinity        placement mode.
     * @param policy          which CPU each thread takes, when threads are pinned.
     * @param cpus            the CPUs to place threads on (empty: the fork's own process mask).
     * @param sideDir         where side files and histogram logs go ({@code null}: {@code histograms/}).
     * @param runId           the bundle name, recorded in mapped counter headers ({@code null}: none).
     * @param spec            index of the run in the runner's plan ({@code -1}: not run by the runner).
     */
    public record Settings(Path path, int stride, int memNode, boolean overwriteDevice, String affinity, PlacementPolicy policy,
        List<Integer> cpus, Path sideDir, String runId, int spec)
    {
        public Settings
        {
            cpus = List.copyOf(cpus);
        }

        /** What a benchmark run straight from {@code benchmarks.jar} gets. */
        public static Settings defaults()
        {
            return new Settings(Memory.DEFAULT_DIR, Memory.DEFAULT_STRIDE, Memory.ANY_NODE, false, "auto",
                PlacementPolicy.SPREAD,
                List.of(), null, null, -1);
        }

        /** The same settings for another run of the plan, placed by its own policy. */
        public Settings forSpec(final int index, final PlacementPolicy placement)
        {
            return new Settings(path, stride, memNode, overwriteDevice, affinity, placement, cpus, sideDir, runId,
                index);
        }

        /** As {@code -D} options of a forked JVM. */
        public List<String> asJvmArgs()
        {
            final List<String> args = new ArrayList<>();
            properties().forEach((k, v) -> args.add("-D" + k + "=" + v));
            return args;
        }

        /** Into this JVM's system properties, for a benchmark JMH runs here ({@code -f 0}). */
        public void applyInThisProcess()
        {
            properties().forEach(System::setProperty);
            if (runId == null)
            {
                System.clearProperty(RUN_ID);
            }
            if (!overwriteDevice)
            {
                System.clearProperty(OVERWRITE_DEVICE);
            }
            if (memNode == Memory.ANY_NODE)
            {
                System.clearProperty(MEM_NODE);
            }
        }

        private Map<String, String> properties()
        {
            final Map<String, String> p = new LinkedHashMap<>();
            p.put(PATH, path.toString());
            p.put(STRIDE, String.valueOf(stride));
            p.put(AFFINITY, affinity);
            p.put(POLICY, policy.label());
            p.put(CPUS, cpus.stream().map(String::valueOf).collect(Collectors.joining(",")));
            p.put(SPEC, String.valueOf(spec));
            if (overwriteDevice)
            {
                p.put(OVERWRITE_DEVICE, "true");
            }
            if (memNode != Memory.ANY_NODE)
            {
                p.put(MEM_NODE, String.valueOf(memNode));
            }
            if (sideDir != null)
            {
                p.put(SIDE_DIR, sideDir.toString());
            }
            if (runId != null)
            {
                p.put(RUN_ID, runId);
            }
            return p;
        }

        /** The memory a benchmark allocates from on {@code backend}. */
        public Memory memory(final Backend backend, final Durability durability)
        {
            return new Memory(backend, path, stride, durability, overwriteDevice, memNode);
        }

        /** Where histogram logs go: the side directory, or {@code histograms/} outside the runner. */
        public Path histogramDir()
        {
            return sideDir == null ? Path.of("histograms") : sideDir;
        }
    }

    /**
     * The settings of this JVM, as the runner sent them.
     *
     * @throws IllegalArgumentException when {@value #POLICY} names no policy (given by hand to the jar).
     */
    public static Settings current()
    {
        final Settings d = Settings.defaults();
        final String path = System.getProperty(PATH, "");
        final String dir = System.getProperty(SIDE_DIR, "");
        final String runId = System.getProperty(RUN_ID, "");
        final String cpus = System.getProperty(CPUS, "");
        final String policy = System.getProperty(POLICY, d.policy().label());
        final PlacementPolicy placement = PlacementPolicy.byLabel(policy);
        if (placement == null)
        {
            throw new IllegalArgumentException("-D" + POLICY + "=" + policy + " names no placement policy; valid: "
                + PlacementPolicy.labels());
        }
        return new Settings(path.isEmpty() ? d.path() : Path.of(path),
            Integer.parseInt(System.getProperty(STRIDE, String.valueOf(d.stride()))),
            Integer.parseInt(System.getProperty(MEM_NODE, String.valueOf(d.memNode()))), Boolean.getBoolean(OVERWRITE_DEVICE), System.getProperty(AFFINITY, d.affinity()).toLowerCase(Locale.ROOT),
            placement, cpus.isEmpty() ? List.of() : Arrays.stream(cpus.split(",")).map(Integer::valueOf).toList(),
            dir.isEmpty() ? null : Path.of(dir), runId.isEmpty() ? null : runId,
            Integer.parseInt(System.getProperty(SPEC, "-1")));
    }

    /** The memory a benchmark state allocates its counters from. */
    public static Memory memory(final Backend backend, final Durability durability)
    {
        return current().memory(backend, durability);
    }

    /** {@link #memory(Backend, Durability)} without durability. */
    public static Memory memory(final Backend backend)
    {
        return memory(backend, Durability.NONE);
    }

    /** The name of a histogram log and its files: {@code LOG-TAG}, as the runner merges and finds them. */
    public static String histogramName(final String log, final String tag)
    {
        return log + "-" + tag;
    }

    /**
     * The tag a run's histogram intervals carry: the benchmark's own, plus {@code @POLICY} when its
     * threads were placed by another policy than the default, so runs of one benchmark under two
     * policies stay apart in the merged logs. Of a log name, the name of that run's whole log.
     */
    public static String placedTag(final String tag, final PlacementPolicy placement)
    {
        return placement == PlacementPolicy.SPREAD ? tag : tag + PLACED_BY + placement.label();
    }

    /** What {@link #placedTag} added to a tag: {@code @POLICY}, or nothing. */
    public static String placementSuffix(final String tag)
    {
        final int at = tag == null ? -1 : tag.lastIndexOf(PLACED_BY);
        return at < 0 ? "" : tag.substring(at);
    }

    /** The tag of a histogram interval: {@code STRATEGY.BACKEND}. */
    public static String histogramTag(final String strategy, final Backend backend)
    {
        return strategy + "." + backend.name();
    }

    /** The tag of a histogram interval of a run with a swept parameter: {@code STRATEGY.BACKEND.PARAM=VALUE}. */
    public static String histogramTag(final String strategy, final Backend backend, final String param,
        final String value)
    {
        return histogramTag(strategy, backend) + "." + param + "=" + value;
    }

    /**
     * Cells allocated from one memory, as the benchmark's JVM saw them.
     *
     * @param backend     where the cells live.
     * @param path        the counter file's directory or the device; {@code null} for heap and direct memory.
     * @param strideBytes bytes between cells.
     * @param durability  flush mode.
     * @param memNode     the NUMA node they were bound to, {@code null} when not bound.
     * @param cells       how many.
     * @param times       how many allocations were exactly like this one (a benchmark that makes a
     *                    fresh count per operation allocates thousands).
     * @param pages       the node each page of the first of them was on once mapped, {@code null} where
     *                    that cannot be read (the heap).
     */
    public record Allocated(String backend, String path, int strideBytes, String durability, Integer memNode,
        int cells, int times, Numa.PageNodes pages)
    {
    }

    private record Allocation(int spec, Allocated allocated)
    {
    }

    /**
     * What one trial ran with, read inside the benchmark's JVM: the first allocation's memory at the
     * top, every allocation in order below.
     *
     * @param spec               index of the run in the plan.
     * @param benchmark          JMH's benchmark name.
     * @param params             the JMH parameters of the trial.
     * @param threads            JMH threads.
     * @param pids               the JVMs that measured and reported exactly this (the runner's own with
     *                           {@code -f 0}; one per fork otherwise, merged by the runner).
     * @param agronaBoundsChecks whether Agrona checks bounds on each access in this JVM.
     * @param backend            backend of the first counters, {@code null} when the benchmark allocates none.
     * @param path               where they lived, {@code null} for heap and direct memory.
     * @param strideBytes        bytes between their cells, {@code null} without counters.
     * @param durability         their flush mode, {@code null} without counters.
     * @param allocations        every kind of allocation of the trial, in order, e.g. the range reference and
     *                           the folio counts, each with how many times it was made.
     */
    public record Effective(int spec, String benchmark, Map<String, String> params, int threads, List<Long> pids,
        boolean agronaBoundsChecks, String backend, String path, Integer strideBytes, String durability,
        List<Allocated> allocations)
    {
        /** The same report from more JVMs. */
        public Effective withPids(final List<Long> more)
        {
            return new Effective(spec, benchmark, params, threads, more, agronaBoundsChecks, backend, path,
                strideBytes, durability, allocations);
        }
    }

    /** Appends the trial's effective settings to the side file; called once per trial by {@link BenchDefaults}. */
    static void reportTrial(final BenchmarkParams benchmark)
    {
        final Settings settings = current();
        final List<Allocated> used = new ArrayList<>();
        synchronized (ALLOCATED)
        {
            ALLOCATED.forEach((a, seen) ->
            {
                if (a.spec() == settings.spec())
                {
                    final Allocated m = a.allocated();
                    used.add(new Allocated(m.backend(), m.path(), m.strideBytes(), m.durability(), m.memNode(),
                        m.cells(), seen.times, seen.pages));
                }
            });
            ALLOCATED.clear(); // what an earlier, failed trial left in this JVM goes too
        }
        final Map<String, String> params = new LinkedHashMap<>();
        benchmark.getParamsKeys().forEach(k -> params.put(k, benchmark.getParam(k)));
        final Allocated first = used.isEmpty() ? null : used.get(0);
        final Effective effective = new Effective(settings.spec(), benchmark.getBenchmark(), params,
            benchmark.getThreads(), List.of(ProcessHandle.current().pid()), UnsafeBuffer.SHOULD_BOUNDS_CHECK,
            first == null ? null : first.backend(), first == null ? null : first.path(),
            first == null ? null : first.strideBytes(), first == null ? null : first.durability(), used);
        append(settings, EFFECTIVE, JSON.toJson(effective));
        append(settings, MEASURED, JSON.toJson(Measured.endTrial(settings.spec())));
        Placement.report(settings);
    }

    /**
     * Appends one line to this JVM's side file of a kind. A benchmark run outside the runner has no
     * side directory and writes none; a line that cannot be written is said on stderr, and the
     * runner then finds the run's report missing: the measurement itself stands.
     */
    static void append(final Settings settings, final String kind, final String line)
    {
        if (settings.sideDir == null)
        {
            return;
        }
        final Path file = settings.sideDir.resolve(kind + "-" + ProcessHandle.current().pid() + SIDE_SUFFIX);
        try
        {
            Files.createDirectories(settings.sideDir);
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            System.err.println("pinbench: cannot write " + file + " for the runner: " + ex);
        }
    }
}
