package pinbench.run;

import com.google.gson.GsonBuilder;
import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import pinbench.benchmarks.Placement;
import pinbench.benchmarks.idle.LatencyLog;
import pinbench.memory.Backend;
import pinbench.memory.Memory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/bench}: runs the selected families' benchmarks through JMH and writes a results
 * bundle ({@code jmh.json}, {@code env.json}, {@code summary.md}, {@code jmh-log.txt}).
 * Exit status: 0 done, 1 some benchmark failed (the bundle lists which), 2 wrong invocation or
 * nothing could be written (nothing was run).
 */
public final class Bench
{
    static final int EXIT_OK = 0;
    static final int EXIT_RUN_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /** Where forks write their histogram logs inside the bundle being written; merged at the end. */
    private static final String RAW_HISTOGRAMS = "histograms-raw";

    private static final DateTimeFormatter BUNDLE_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC);

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    Bench(final PrintStream out, final PrintStream err, final Path home)
    {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    public static void main(final String[] args)
    {
        final String home = System.getenv().getOrDefault("PINBENCH_HOME", ".");
        System.exit(new Bench(System.out, System.err, Path.of(home)).run(List.of(args)));
    }

    int run(final List<String> args)
    {
        final Options options;
        try
        {
            options = Options.parse(args, home.resolve("results"));
            switch (options.command())
            {
                case HELP ->
                {
                    out.print(usage());
                    return EXIT_OK;
                }
                case LIST ->
                {
                    out.print(list());
                    return EXIT_OK;
                }
                case COMPARE ->
                {
                    return compare(options);
                }
                default ->
                {
                    return runPlan(options);
                }
            }
        }
        catch (final UsageException ex)
        {
            err.println("bench: " + ex.getMessage());
            return EXIT_USAGE;
        }
    }

    private int compare(final Options options) throws UsageException
    {
        final Path a = options.compared.get(0);
        final Path b = options.compared.get(1);
        final Map<String, Compare.Measurement> ma;
        final Map<String, Compare.Measurement> mb;
        try
        {
            ma = Compare.load(a);
            mb = Compare.load(b);
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new UsageException("compare: cannot read JMH results: " + ex.getMessage());
        }
        final List<Compare.Row> rows = Compare.compare(ma, mb);
        out.print(Compare.render(a, b, rows, ma, mb));
        if (options.failOnRegression != null)
        {
            final List<Compare.Row> regressed = Compare.regressions(rows, options.failOnRegression);
            if (!regressed.isEmpty())
            {
                err.println("bench: " + regressed.size() + " benchmark(s) regressed by more than "
                    + options.failOnRegression + "%: " + String.join("; ", regressed.stream().map(Compare.Row::key).toList()));
                return EXIT_RUN_FAILED;
            }
        }
        return EXIT_OK;
    }

    private int runPlan(final Options options) throws UsageException
    {
        for (final Memory memory : options.memories())
        {
            final String problem = memory.problem();
            if (problem != null)
            {
                throw new UsageException(problem);
            }
        }
        final Map<String, Verdicts.Verdict> verdicts = Verdicts.of(options, home);
        final List<String> failing = Verdicts.failing(verdicts);
        if (!failing.isEmpty() && !options.allowFailing)
        {
            throw new UsageException("refusing to measure strategies that failed their correctness tests in this"
                + " build: " + String.join(", ", failing) + "; fix them, or pass --allow-failing to measure them"
                + " anyway (the bundle then says so at the top)");
        }
        final String asyncLib = options.profilers.contains("async") ? asyncProfilerLibrary() : null;
        for (final Memory memory : options.memories())
        {
            memory.clearLeftovers().forEach(line -> out.println("pinbench: " + line));
        }
        final List<RunItem> plan = RunItem.plan(options);
        final Instant started = Instant.now();
        final String name = BUNDLE_TIME.format(started) + "-" + EnvInfo.hostName();
        // the headers of mapped counters name the bundle as their run (forks get it from RunItem)
        System.setProperty(Memory.RUN_ID_PROPERTY, name);
        try (Bundle bundle = Bundle.create(options.out, name))
        {
            bundle.cleaned().forEach(line -> out.println("pinbench: " + line));
            final Thread cleanup = new Thread(bundle::close, "pinbench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            final String async = asyncLib == null ? null : "libPath=" + asyncLib + ";output=flamegraph;event="
                + asyncEvent() + ";dir=" + bundle.dir().resolve("async");
            final int status = execute(options, plan, bundle, started, async, verdicts);
            Runtime.getRuntime().removeShutdownHook(cleanup);
            return status;
        }
    }

    private int execute(final Options options, final List<RunItem> plan, final Bundle bundle, final Instant started,
        final String async, final Map<String, Verdicts.Verdict> verdicts)
    {
        out.printf("pinbench: %d runs (families %s; threads %s; memory %s; profile %s), about %s%n",
            plan.size(), String.join(",", options.families.stream().map(Family::label).toList()),
            options.threads, options.backends, options.profile.label(),
            clock(Duration.ofMillis(plan.size() * estimateMillis(options))));
        final List<Outcome> outcomes = new ArrayList<>();
        final Path log = bundle.dir().resolve("jmh-log.txt");
        try (PrintStream jmhLog = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8))
        {
            final boolean echo = options.jmh.verbosity().hasValue();
            final PrintStream jmhOut = echo ? new PrintStream(new Tee(jmhLog, out), true, StandardCharsets.UTF_8) : jmhLog;
            for (int k = 0; k < plan.size(); k++)
            {
                final RunItem item = plan.get(k);
                final Duration elapsed = Duration.between(started, Instant.now());
                final long perRun = k == 0 ? estimateMillis(options) : elapsed.toMillis() / k;
                out.printf("[%d/%d] %s  (%s elapsed, about %s left)%n", k + 1, plan.size(), item.describe(),
                    clock(elapsed), clock(Duration.ofMillis(perRun * (plan.size() - k))));
                jmhLog.println("==== [" + (k + 1) + "/" + plan.size() + "] " + item.describe());
                final Outcome outcome = runOne(item, options, jmhOut, bundle.dir().resolve(RAW_HISTOGRAMS), async);
                outcomes.add(outcome);
                out.println(outcome.ok() ? "      " + brief(outcome.result().getPrimaryResult())
                    : "      FAILED: " + outcome.error() + " (details in jmh-log.txt)");
            }
        }
        catch (final IOException ex)
        {
            err.println("bench: cannot write " + log + ": " + ex.getMessage());
            return EXIT_USAGE;
        }
        final Instant finished = Instant.now();
        try
        {
            final Path placementLog = bundle.dir().resolve(RAW_HISTOGRAMS).resolve(Placement.LOG);
            final List<String> placement = Files.exists(placementLog) ? Files.readAllLines(placementLog) : List.of();
            Files.deleteIfExists(placementLog);
            final Map<String, Object> env = EnvInfo.collect(options, home, plan, outcomes, started, finished);
            env.put("placement", placement);
            env.put("profilers", profilerNotes(options, async));
            env.put("verdicts", verdicts);
            final Map<String, Histogram> histograms = Histograms.merge(bundle.dir().resolve(RAW_HISTOGRAMS),
                bundle.dir());
            writeJmhJson(bundle.dir().resolve("jmh.json"), outcomes);
            Files.writeString(bundle.dir().resolve("env.json"),
                new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create().toJson(env) + "\n");
            final Summary tables = new Summary(options, outcomes, histograms);
            final String summary = tables.render(env);
            Files.writeString(bundle.dir().resolve("summary.md"), summary);
            final Report report = new Report(options, outcomes, histograms, bundle.dir());
            final Map<Scenario, List<String>> plots = report.draw();
            Files.writeString(bundle.dir().resolve("REPORT.md"), tables.render(env, plots) + howRun(env)
                + flameGraphs(bundle.dir())
                + (report.failures().isEmpty() ? "" : "\nPlots that could not be drawn: "
                    + String.join("; ", report.failures()) + "\n"));
            final Path published = bundle.publish();
            ResultsIndex.write(options.out);
            out.println();
            out.print(summary);
            out.println();
            out.println("pinbench: results bundle " + published);
        }
        catch (final IOException ex)
        {
            err.println("bench: cannot write the results bundle: " + ex.getMessage() + " (nothing was published)");
            return EXIT_USAGE;
        }
        final long failed = outcomes.stream().filter(o -> !o.ok()).count();
        if (failed > 0)
        {
            err.println("bench: " + failed + " of " + plan.size() + " runs failed; see summary.md and jmh-log.txt");
            return EXIT_RUN_FAILED;
        }
        return EXIT_OK;
    }

    /** async-profiler's native library, unpacked from its Maven artifact at build time. */
    private String asyncProfilerLibrary() throws UsageException
    {
        final String arch = System.getProperty("os.arch").equals("aarch64") ? "linux-arm64" : "linux-x64";
        final Path lib = home.resolve("benchmarks/target/async-profiler").resolve(arch).resolve("libasyncProfiler.so");
        if (!Files.isRegularFile(lib))
        {
            throw new UsageException("--profile async needs " + lib + "; build it with ./mvnw -B -DskipTests package");
        }
        return lib.toAbsolutePath().toString();
    }

    /** Hardware cycles where the CPU exposes a PMU; otherwise the interval timer (as in VMs without counters). */
    static String asyncEvent()
    {
        return Files.isDirectory(Path.of("/sys/bus/event_source/devices/cpu")) ? "cpu" : "itimer";
    }

    private static List<String> profilerNotes(final Options options, final String async)
    {
        final List<String> notes = new ArrayList<>();
        if (options.profilers.contains("gc"))
        {
            notes.add("gc: JMH GCProfiler (allocation rate and GC counts, secondary metrics in jmh.json)");
        }
        if (async != null)
        {
            notes.add("async: async-profiler " + async.replaceAll(";dir=.*", "") + (asyncEvent().equals("itimer")
                ? " (no hardware performance counters here: event itimer samples on a timer)" : "")
                + "; flame graphs (HTML) under async/");
        }
        options.jmh.getProfilers().forEach(p -> notes.add("JMH -prof " + p.getKlass() + " " + p.getOpts()));
        return notes;
    }

    /** Links to the async-profiler flame graphs of the run, if any. */
    private static String flameGraphs(final Path bundle) throws IOException
    {
        final Path async = bundle.resolve("async");
        if (!Files.isDirectory(async))
        {
            return "";
        }
        final StringBuilder md = new StringBuilder("\n## Flame graphs (async-profiler)\n\n");
        try (java.util.stream.Stream<Path> files = Files.walk(async))
        {
            files.filter(f -> f.toString().endsWith("-forward.html")).sorted().forEach(f ->
                md.append("- [").append(f.getParent().getFileName()).append("](")
                    .append(bundle.relativize(f)).append(")\n"));
        }
        return md.toString();
    }

    /** The closing section of REPORT.md. */
    private static String howRun(final Map<String, Object> env)
    {
        return "\n## How this was run\n\n```sh\n" + env.get("command") + "\n```\n\n"
            + "JVM arguments of every fork, JMH version, the exact machine and memory, the git commit: `env.json`. "
            + "Every iteration and percentile: `jmh.json` (JMH's own format). JMH's console output: `jmh-log.txt`. "
            + "Plots: `plots/` (PNG and SVG). Compare with another bundle: `scripts/bench compare THIS OTHER`.\n";
    }

    private static Outcome runOne(final RunItem item, final Options options, final PrintStream jmhOut,
        final Path histograms, final String async)
    {
        // forks get these with -D; a run with -f 0 stays in this JVM and reads them from here
        System.setProperty(Memory.PATH_PROPERTY, options.path.toString());
        System.setProperty(LatencyLog.DIR_PROPERTY, histograms.toString());
        System.setProperty(Placement.PROPERTY, options.affinity);
        try
        {
            final VerboseMode verbosity = options.jmh.verbosity().orElse(VerboseMode.NORMAL);
            final RunResult result = new Runner(item.jmhOptions(options, histograms, async),
                OutputFormatFactory.createFormatInstance(jmhOut, verbosity)).runSingle();
            return new Outcome(item, result, null);
        }
        catch (final RunnerException | RuntimeException ex)
        {
            final String message = ex.getMessage() != null ? ex.getMessage() : ex.getClass().getSimpleName();
            return new Outcome(item, null, message.lines().findFirst().orElse(message));
        }
    }

    private static void writeJmhJson(final Path file, final List<Outcome> outcomes) throws IOException
    {
        final List<RunResult> results = outcomes.stream().filter(Outcome::ok).map(Outcome::result).toList();
        try (PrintStream json = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json).writeOut(results);
        }
    }

    private static long estimateMillis(final Options options)
    {
        final Profile p = options.profile;
        final org.openjdk.jmh.runner.options.CommandLineOptions jmh = options.jmh;
        final long warmup = jmh.getWarmupIterations().orElse(p.warmupIterations)
            * jmh.getWarmupTime().orElse(TimeValue.milliseconds(p.warmupMillis)).convertTo(TimeUnit.MILLISECONDS);
        final long measurement = jmh.getMeasurementIterations().orElse(p.measurementIterations)
            * jmh.getMeasurementTime().orElse(TimeValue.milliseconds(p.measurementMillis)).convertTo(TimeUnit.MILLISECONDS);
        return jmh.getForkCount().orElse(p.forks) * (Profile.FORK_OVERHEAD_MILLIS + warmup + measurement);
    }

    private static String brief(final Result<?> r)
    {
        return Summary.number(r.getScore()) + " ± " + Summary.number(r.getScoreError()) + " " + r.getScoreUnit();
    }

    private static String clock(final Duration d)
    {
        final long s = Math.max(0, d.toSeconds());
        return String.format("%d:%02d", s / 60, s % 60);
    }

    static String usage()
    {
        return """
            usage: scripts/bench [run] [options] [-- JMH options]
                   scripts/bench list
                   scripts/bench compare A B [--fail-on-regression PCT]
              Runs the quick profile of every family on the tmpfs backend and writes a results bundle
              results/<UTC time>-<host>/ (summary.md, jmh.json, env.json, jmh-log.txt, wakeup.hlog, *.hgrm).

              --family a,b        families to run (default: all; see list)
              --strategies a,b    strategies to run (default: all of the chosen families)
              --threads 1,2,4     thread counts (default 1,2,4); for latency benchmarks, background pinners
              --backend a,b       memory backends: heap, direct, tmpfs, fsdax, fsdax-sync, devdax (default tmpfs)
              --path PATH         directory for mapped counter files (default /dev/shm), or /dev/daxX.Y for devdax
              --stride BYTES      distance between counter cells: 8, 64, 128 (default), 256 (Optane line)
              --durability a,b    none (default), flush (write each update back); rows for get+put tables
              --overwrite-device  consent to overwrite the devdax device named by --path
              --allow-failing     measure strategies that failed their correctness tests (marked in the bundle)
              --affinity MODE     pin threads to distinct CPUs: auto (default: when they fit), on, off
              --profile NAMES     quick (default) or full, plus gc and/or async (async-profiler flame graphs)
              --out DIR           where the bundle directory is created (default results/)
              --label TEXT        a line saying what this run is, shown at the top of the bundle's reports
              -- ...              JMH options, e.g. -- -prof gc -f 2 -jvmArgsPrepend -Xmx2g

            compare prints, for each benchmark and parameter set in both bundles, B/A with a 95% confidence
            interval and a verdict (faster, slower, no significant difference), and lists those only in one;
            with --fail-on-regression PCT it exits 1 when any got slower by more than PCT percent.

            Exit status: 0 done; 1 some benchmark failed (the bundle says which) or, for compare, regressed;
            2 wrong invocation, nothing run.
            """;
    }

    static String list()
    {
        final StringBuilder b = new StringBuilder();
        b.append("Families (--family):\n");
        for (final Family f : Family.values())
        {
            b.append(String.format("  %-18s %s%n", f.label(), f.description()));
        }
        b.append("\nStrategies (--strategies), by family:\n");
        for (final Family f : Family.values())
        {
            b.append("  ").append(f.label()).append(":\n");
            f.strategies().forEach((name, description) -> b.append(String.format("    %-18s %s%n", name, description)));
            b.append("    tables: ").append(String.join("; ", f.scenarios().stream().map(Scenario::title).toList()))
                .append('\n');
        }
        b.append("  every run also measures the floors: plain thread-confined pair, uncontended getAndAdd pair\n");
        b.append("\nBackends (--backend):\n");
        for (final Backend backend : Backend.values())
        {
            b.append(String.format("  %-18s %s%s%n", backend.name().toLowerCase(), backend.description(),
                backend == Backend.TMPFS ? " [default]" : ""));
        }
        b.append("\nProfiles (--profile):\n");
        for (final Profile p : Profile.values())
        {
            b.append(String.format("  %-18s %s%s%n", p.label(), p.describe(), p == Profile.QUICK ? " [default]" : ""));
        }
        return b.toString();
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
