package pinbench.run.report;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import pinbench.benchmarks.ForkContract;
import pinbench.run.check.BundleCheck;
import pinbench.run.check.Finding;
import pinbench.run.exec.Bundle;
import pinbench.run.exec.Execution;
import pinbench.run.exec.Executor;
import pinbench.run.exec.Outcome;
import pinbench.run.plan.RunPlan;
import pinbench.topology.Topology;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Writes every artifact of a finished run into its bundle (jmh.json, env.json, histograms,
 * tables.csv, summary.md, plots, REPORT.md), publishes the bundle and rewrites the results index.
 * The cells are computed once; each artifact reads them.
 */
public final class Publisher
{
    private Publisher()
    {
    }

    /**
     * A published bundle.
     *
     * @param bundle  where it now is.
     * @param summary  its {@code summary.md}, to show on the terminal.
     * @param findings what {@code scripts/bench check} found in it.
     */
    public record Published(Path bundle, String summary, List<Finding> findings)
    {
    }

    /** Writes everything, then renames the bundle into place. */
    public static Published publish(final RunPlan plan, final Execution execution, final Bundle bundle, final Path home,
        final Path outDir) throws IOException
    {
        final Path dir = bundle.dir();
        final Env env = Environment.collect(plan, execution, home);
        final Map<String, Histogram> histograms = Histograms.merge(dir.resolve(Executor.SIDE_DIR), dir);
        writeJmhJson(dir.resolve("jmh.json"), execution.outcomes().values().stream().filter(Outcome::ok)
            .map(Outcome::result).toList());
        Files.writeString(dir.resolve("env.json"), ForkContract.JSON.newBuilder().setPrettyPrinting().create()
            .toJson(env) + "\n");
        final Cells cells = Cells.compute(plan, execution, histograms);
        Files.writeString(dir.resolve("tables.csv"), TablesCsv.render(cells));
        Files.writeString(dir.resolve("scaling.csv"), Scaling.csv(cells));
        final CoreToCore matrix = CoreToCore.of(histograms, Topology.machine());
        if (!matrix.isEmpty())
        {
            Files.writeString(dir.resolve("core-to-core.csv"), matrix.csv());
        }
        final List<Finding> findings = BundleCheck.check(dir);
        final Markdown markdown = new Markdown(cells, env, execution.failed(), findings, matrix);
        final String summary = markdown.render(Map.of());
        Files.writeString(dir.resolve("summary.md"), summary);
        final Plots plots = new Plots(cells, histograms, matrix, dir);
        final var drawn = plots.draw();
        Files.writeString(dir.resolve("REPORT.md"), markdown.render(drawn) + howRun(env) + flameGraphs(dir)
            + (plots.failures().isEmpty() ? "" : "\nPlots that could not be drawn: "
                + String.join("; ", plots.failures()) + "\n"));
        final Path published = bundle.publish();
        ResultsIndex.write(outDir);
        return new Published(published, summary, findings);
    }

    private static void writeJmhJson(final Path file, final List<RunResult> results) throws IOException
    {
        try (PrintStream json = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8))
        {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, json).writeOut(results);
        }
    }

    /** The closing section of REPORT.md. */
    private static String howRun(final Env env)
    {
        return "\n## How this was run\n\n```sh\n" + env.command() + "\n```\n\n"
            + "JVM arguments of the forks, JMH version, the exact machine and memory, the settings each benchmark"
            + " reported it ran with (`effective`), the git commit: `env.json`. Every cell of every table:"
            + " `tables.csv`; the scaling fit of every row: `scaling.csv`; the round trip between every pair of"
            + " CPUs: `core-to-core.csv`. Every iteration and percentile: `jmh.json` (JMH's own format). JMH's console output:"
            + " `jmh-log.txt`. Plots: `plots/` (PNG and SVG). Compare with another bundle:"
            + " `scripts/bench compare THIS OTHER`.\n";
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
        try (Stream<Path> files = Files.walk(async))
        {
            files.filter(f -> f.toString().endsWith("-forward.html")).sorted().forEach(f ->
                md.append("- [").append(f.getParent().getFileName()).append("](")
                    .append(bundle.relativize(f)).append(")\n"));
        }
        return md.toString();
    }
}
