package pinbench.benchmarks;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.FieldNamingPolicy;
import org.openjdk.jmh.infra.BenchmarkParams;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.memory.Memory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Everything that passes between the runner ({@code scripts/bench}) and a benchmark: the names of
 * the system properties, the side files a benchmark writes for the runner, and the histogram tag
 * format. The runner sends a {@link Settings} either {@link Settings#asJvmArgs() as JVM arguments}
 * of a forked JVM or {@link Settings#applyInThisProcess() applied to its own JVM} for {@code -f 0};
 * a benchmark reads {@link #current()}, so both paths give a benchmark the same settings. Each
 * trial reports back, in {@link #EFFECTIVE_FILE}, the memory its states really allocated from.
 */
public final class ForkContract
{
    /** Directory for counter files (or the devdax device). */
    public static final String PATH = "pinbench.path";
    /** Bytes between two counter cells. */
    public static final String STRIDE = "pinbench.stride";
    /** The user's consent to overwrite a device-DAX device. */
    public static final String OVERWRITE_DEVICE = "pinbench.overwriteDevice";
    /** Thread placement mode: {@code auto}, {@code on} or {@code off}. */
    public static final String AFFINITY = "pinbench.affinity";
    /** Directory for the side files below and the histogram logs. */
    public static final String SIDE_DIR = "pinbench.histograms";
    /** Which run of the runner's plan this JVM is measuring, echoed in the side files. */
    public static final String SPEC = "pinbench.spec";
    /** The run that owns mapped counters; read by the counter header in {@code impls} itself. */
    public static final String RUN_ID = Memory.RUN_ID_PROPERTY;

    /** Side file: one JSON line per trial with the settings the benchmark ran with. */
    public static final String EFFECTIVE_FILE = "effective.jsonl";
    /** Side file: one JSON line per placed thread. */
    public static final String PLACEMENT_FILE = "placement.jsonl";
    /** Suffix of the HdrHistogram interval logs benchmarks write ({@code LOG-TAG[-n].hlog}). */
    public static final String HISTOGRAM_SUFFIX = ".hlog";

    /** JSON as the runner reads it back: snake_case names, nulls kept. */
    public static final Gson JSON = new GsonBuilder().setFieldNamingPolicy(FieldNamingPolicy.LOWER_CASE_WITH_UNDERSCORES)
        .serializeNulls().disableHtmlEscaping().create();

    /** Memories the states of the current trial allocated from, drained when the trial ends. */
    private static final List<Memory> USED = new CopyOnWriteArrayList<>();

    private ForkContract()
    {
    }

    /**
     * The settings of one run.
     *
     * @param path            directory for counter files, or the devdax device.
     * @param stride          bytes between counter cells.
     * @param overwriteDevice consent to overwrite a devdax device.
     * @param affinity        placement mode.
     * @param sideDir         where side files and histogram logs go ({@code null}: {@code histograms/}).
     * @param runId           the bundle name, recorded in mapped counter headers ({@code null}: none).
     * @param spec            index of the run in the runner's plan ({@code -1}: not run by the runner).
     */
    public record Settings(Path path, int stride, boolean overwriteDevice, String affinity, Path sideDir,
        String runId, int spec)
    {
        /** What a benchmark run straight from {@code benchmarks.jar} gets. */
        public static Settings defaults()
        {
            return new Settings(Memory.DEFAULT_DIR, Memory.DEFAULT_STRIDE, false, "auto", null, null, -1);
        }

        /** The same settings for another run of the plan. */
        public Settings forSpec(final int index)
        {
            return new Settings(path, stride, overwriteDevice, affinity, sideDir, runId, index);
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
        }

        private Map<String, String> properties()
        {
            final Map<String, String> p = new LinkedHashMap<>();
            p.put(PATH, path.toString());
            p.put(STRIDE, String.valueOf(stride));
            p.put(AFFINITY, affinity);
            p.put(SPEC, String.valueOf(spec));
            if (overwriteDevice)
            {
                p.put(OVERWRITE_DEVICE, "true");
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
            return new Memory(backend, path, stride, durability, overwriteDevice);
        }

        /** Where side files go. */
        public Path sideDir()
        {
            return sideDir == null ? Path.of("histograms") : sideDir;
        }
    }

    /** The settings of this JVM, as the runner sent them. */
    public static Settings current()
    {
        final Settings d = Settings.defaults();
        final String path = System.getProperty(PATH, "");
        final String dir = System.getProperty(SIDE_DIR, "");
        final String runId = System.getProperty(RUN_ID, "");
        return new Settings(path.isEmpty() ? d.path() : Path.of(path),
            Integer.parseInt(System.getProperty(STRIDE, String.valueOf(d.stride()))),
            Boolean.getBoolean(OVERWRITE_DEVICE), System.getProperty(AFFINITY, d.affinity()).toLowerCase(Locale.ROOT),
            dir.isEmpty() ? null : Path.of(dir), runId.isEmpty() ? null : runId,
            Integer.parseInt(System.getProperty(SPEC, "-1")));
    }

    /** The memory a benchmark state allocates its counters from; what the trial reports as effective. */
    public static Memory memory(final Backend backend, final Durability durability)
    {
        final Memory memory = current().memory(backend, durability);
        USED.add(memory);
        return memory;
    }

    /** {@link #memory(Backend, Durability)} without durability. */
    public static Memory memory(final Backend backend)
    {
        return memory(backend, Durability.NONE);
    }

    /** The tag of a histogram interval: {@code STRATEGY.BACKEND}. */
    public static String histogramTag(final String strategy, final Backend backend)
    {
        return strategy + "." + backend.name();
    }

    /**
     * What one trial ran with, read inside the benchmark's JVM.
     *
     * @param spec        index of the run in the plan.
     * @param benchmark   JMH's benchmark name.
     * @param params      the JMH parameters of the trial.
     * @param threads     JMH threads.
     * @param pid         the JVM that measured (the runner's own with {@code -f 0}).
     * @param backend     backend of the counters, {@code null} when the benchmark allocates none.
     * @param path        where mapped counters lived, {@code null} for heap and direct memory.
     * @param strideBytes bytes between cells, {@code null} without counters.
     * @param durability  flush mode, {@code null} without counters.
     */
    public record Effective(int spec, String benchmark, Map<String, String> params, int threads, long pid,
        String backend, String path, Integer strideBytes, String durability)
    {
    }

    /** Appends the trial's effective settings to the side file; called once per trial by {@link BenchDefaults}. */
    static void reportTrial(final BenchmarkParams benchmark)
    {
        final Settings settings = current();
        final List<Memory> used = List.copyOf(USED);
        USED.clear();
        final Map<String, String> params = new LinkedHashMap<>();
        benchmark.getParamsKeys().forEach(k -> params.put(k, benchmark.getParam(k)));
        final Memory m = used.isEmpty() ? null : used.get(0);
        final Effective effective = new Effective(settings.spec(), benchmark.getBenchmark(), params,
            benchmark.getThreads(), ProcessHandle.current().pid(), m == null ? null : m.backend().name(),
            m == null || !m.backend().usesPath() ? null : m.path().toAbsolutePath().toString(),
            m == null ? null : m.stride(), m == null ? null : m.durability().name());
        append(settings, EFFECTIVE_FILE, JSON.toJson(effective));
    }

    /** Appends one line to a side file; a benchmark run outside the runner has no side directory and writes none. */
    static void append(final Settings settings, final String file, final String line)
    {
        if (settings.sideDir == null)
        {
            return;
        }
        try
        {
            Files.createDirectories(settings.sideDir);
            Files.writeString(settings.sideDir.resolve(file), line + System.lineSeparator(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write " + file + " for the runner in " + settings.sideDir, ex);
        }
    }
}
