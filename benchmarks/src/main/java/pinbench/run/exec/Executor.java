package pinbench.run.exec;

import com.google.gson.JsonParseException;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import pinbench.Times;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.CpuTimes;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Measured;
import pinbench.benchmarks.Placement;
import pinbench.run.catalog.Profile;
import pinbench.run.plan.RunPlan;
import pinbench.run.plan.RunSpec;
import pinbench.run.plan.Selection;
import pinbench.run.text.Numbers;
import pinbench.topology.PlacementPolicy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs every spec of a plan through JMH, one {@code Runner} per spec, with JMH's console output in
 * {@code jmh-log.txt} of the bundle, and gathers what the benchmarks reported through the
 * {@link ForkContract}. A failed run is an outcome, not an exception: the rest still runs.
 */
public final class Executor
{
    /** Where benchmarks write side files and histogram logs inside the bundle being written. */
    public static final String SIDE_DIR = "histograms-raw";
    /** JMH's console output of every run, in the bundle. */
    public static final String JMH_LOG = "jmh-log.txt";

    /** The runner's CPUs, read once when the class loads, before a run with {@code -f 0} pins a thread here. */
    private static final List<Integer> PROCESS_CPUS = Placement.processMask();

    private final RunPlan plan;
    private final Profilers profilers;
    private final PrintStream out;

    public Executor(final RunPlan plan, final Profilers profilers, final PrintStream out)
    {
        this.plan = plan;
        this.profilers = profilers;
        this.out = out;
    }

    /**
     * The settings every run gets, forked or not.
     *
     * @param bundle the bundle directory being written (side files go inside it).
     * @param runId  the bundle's name, which mapped counter headers record.
     */
    public static ForkContract.Settings forkSettings(final Selection selection, final Path bundle, final String runId)
    {
        return new ForkContract.Settings(selection.path(), selection.stride(), selection.memNode(),
            selection.overwriteDevice(), selection.affinity(), selection.placements().get(0), PROCESS_CPUS, bundle.resolve(SIDE_DIR), runId, -1);
    }

    /** Runs the plan, writing into {@code bundle}. */
    public Execution run(final Path bundle, final ForkContract.Settings settings) throws IOException
    {
        final List<RunSpec> specs = plan.specs();
        final Selection s = plan.selection();
        final Duration estimate = plan.estimate();
        long estimated = 0;
        out.printf("pinbench: %d runs (families %s; threads %s; memory %s; placement %s; profile %s), about %s%n",
            specs.size(), String.join(",", s.families().stream().map(f -> f.label()).toList()), s.threads(),
            s.backends(), String.join(",", s.placements().stream().map(PlacementPolicy::label).toList()),
            s.profile().label(), Times.clock(estimate));
        final Map<RunSpec, Outcome> outcomes = new LinkedHashMap<>();
        final Map<Integer, Double> steal = new LinkedHashMap<>();
        final CpuTimes atStart = CpuTimes.now();
        final String loadAtStart = loadAverage();
        final Instant started = Instant.now();
        try (PrintStream jmhLog = new PrintStream(Files.newOutputStream(bundle.resolve(JMH_LOG)), true,
            StandardCharsets.UTF_8))
        {
            final boolean echo = plan.jmh().verbosity().hasValue();
            final PrintStream jmhOut = echo ? new PrintStream(new Tee(jmhLog, out), true, StandardCharsets.UTF_8)
                : jmhLog;
            for (final RunSpec spec : specs)
            {
                final int k = spec.index();
                final Duration elapsed = Duration.between(started, Instant.now());
                // what the estimate leaves, scaled by how far the runs so far went over or under theirs
                final long left = estimated == 0 ? estimate.toMillis()
                    : (estimate.toMillis() - estimated) * elapsed.toMillis() / estimated;
                out.printf("[%d/%d] %s  (%s elapsed, about %s left)%n", k + 1, specs.size(), spec.describe(),
                    Times.clock(elapsed), Times.clock(Duration.ofMillis(left)));
                jmhLog.println("==== [" + (k + 1) + "/" + specs.size() + "] " + spec.describe());
                final CpuTimes before = CpuTimes.now();
                final Outcome outcome = runOne(spec, settings.forSpec(k, spec.row().placement()), jmhOut, bundle);
                final CpuTimes after = CpuTimes.now();
                if (after != null && after.stealPercentSince(before) != null)
                {
                    steal.put(k, after.stealPercentSince(before));
                }
                outcomes.put(spec, outcome);
                estimated += plan.estimate(spec).toMillis();
                out.println(outcome.ok() ? "      " + brief(outcome.result())
                    : "      FAILED: " + outcome.error() + " (details in " + JMH_LOG + ")");
            }
        }
        final Instant finished = Instant.now();
        final Path side = settings.sideDir();
        final List<ForkContract.Effective> effective = readSideFiles(side, ForkContract.EFFECTIVE,
            ForkContract.Effective.class);
        final List<Placement.Placed> placements = readSideFiles(side, ForkContract.PLACEMENT, Placement.Placed.class);
        final List<Measured.Fork> measured = readSideFiles(side, ForkContract.MEASURED, Measured.Fork.class).stream()
            .sorted(Comparator.comparingInt(Measured.Fork::spec)).toList();
        final CpuTimes atEnd = CpuTimes.now();
        return new Execution(outcomes, merge(effective), placements, profilers.notes(), started, finished, steal,
            atEnd == null ? null : atEnd.stealPercentSince(atStart), loadAtStart, measured);
    }

    private Outcome runOne(final RunSpec spec, final ForkContract.Settings settings, final PrintStream jmhOut,
        final Path bundle)
    {
        // a forked JVM gets the settings as -D options; a run with -f 0 stays here and reads them from here
        settings.applyInThisProcess();
        try
        {
            final VerboseMode verbosity = plan.jmh().verbosity().orElse(VerboseMode.NORMAL);
            final RunResult result = new Runner(jmhOptions(spec, settings, bundle),
                OutputFormatFactory.createFormatInstance(jmhOut, verbosity)).runSingle();
            return new Outcome(spec, result, null);
        }
        catch (final RunnerException | RuntimeException ex)
        {
            final String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
            return new Outcome(spec, null, message.lines().findFirst().orElse(message));
        }
    }

    /**
     * JMH options of one run: the user's JMH options as the parent, so anything they set wins over
     * the profile; the selection (benchmark, parameters, threads) is always the runner's.
     */
    public Options jmhOptions(final RunSpec spec, final ForkContract.Settings settings, final Path bundle)
    {
        final CommandLineOptions user = plan.jmh();
        final Profile profile = plan.selection().profile();
        final List<String> jvmArgs = new ArrayList<>(List.of(BenchDefaults.REQUIRED_JVM_ARGS));
        jvmArgs.addAll(settings.asJvmArgs());
        jvmArgs.addAll(user.getJvmArgsPrepend().orElse(List.of()));
        final ChainedOptionsBuilder b = new OptionsBuilder().parent(user)
            .include("^" + Pattern.quote(spec.row().benchmark().name()) + "$")
            .threads(spec.threads())
            .jvmArgsPrepend(jvmArgs.toArray(String[]::new));
        spec.params().forEach(b::param);
        profilers.addTo(b, bundle);
        if (!user.getForkCount().hasValue())
        {
            b.forks(profile.forks);
        }
        if (!user.getWarmupIterations().hasValue())
        {
            b.warmupIterations(profile.warmupIterations);
        }
        if (!user.getWarmupTime().hasValue())
        {
            b.warmupTime(TimeValue.milliseconds(profile.warmupMillis));
        }
        if (!user.getMeasurementIterations().hasValue())
        {
            b.measurementIterations(profile.measurementIterations);
        }
        if (!user.getMeasurementTime().hasValue())
        {
            b.measurementTime(TimeValue.milliseconds(profile.measurementMillis(spec.table().kind())));
        }
        return b.build();
    }

    /**
     * One report per run and content: forks that ran with the same settings are one object with
     * their pids; forks that disagree stay apart, in plan order.
     */
    private static List<ForkContract.Effective> merge(final List<ForkContract.Effective> reports)
    {
        final Map<ForkContract.Effective, List<Long>> pids = new LinkedHashMap<>();
        reports.stream().sorted(Comparator.comparingInt(ForkContract.Effective::spec)).forEach(r ->
            pids.computeIfAbsent(r.withPids(List.of()), k -> new ArrayList<>()).addAll(r.pids()));
        return pids.entrySet().stream().map(e -> e.getKey().withPids(List.copyOf(e.getValue()))).toList();
    }

    /** The records of every JVM's side file of a kind, deleted once read; a line that does not parse is skipped. */
    private static <T> List<T> readSideFiles(final Path dir, final String kind, final Class<T> type) throws IOException
    {
        final List<T> records = new ArrayList<>();
        if (!Files.isDirectory(dir))
        {
            return records;
        }
        final List<Path> files;
        try (Stream<Path> list = Files.list(dir))
        {
            files = list.filter(f -> f.getFileName().toString().startsWith(kind + "-")
                && f.getFileName().toString().endsWith(ForkContract.SIDE_SUFFIX)).sorted().toList();
        }
        for (final Path file : files)
        {
            for (final String line : Files.readAllLines(file))
            {
                try
                {
                    final T record = ForkContract.JSON.fromJson(line, type);
                    if (record != null)
                    {
                        records.add(record);
                    }
                }
                catch (final JsonParseException ex)
                {
                    // the last line of a fork killed while writing it: the rest still counts
                }
            }
            Files.delete(file);
        }
        return records;
    }

    /** {@code /proc/loadavg}: 1, 5 and 15 minute load, runnable/total tasks, last pid; {@code null} elsewhere. */
    private static String loadAverage()
    {
        try
        {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    private static String brief(final RunResult result)
    {
        final var r = result.getPrimaryResult();
        return Numbers.number(r.getScore()) + " ± " + Numbers.number(r.getScoreError()) + " " + r.getScoreUnit();
    }

    /** Copies JMH's console output to the log and the terminal when the user asked for {@code -v}. */
    private static final class Tee extends OutputStream
    {
        private final OutputStream a;
        private final OutputStream b;

        Tee(final OutputStream a, final OutputStream b)
        {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(final int c) throws IOException
        {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(final byte[] bytes, final int off, final int len) throws IOException
        {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }

        @Override
        public void flush() throws IOException
        {
            a.flush();
            b.flush();
        }
    }
}
