package pinbench.run;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.util.Statistics;
import pinbench.benchmarks.idle.WakeLatencyBench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Renders {@code summary.md}: the floors, then per family and scenario a table with each score,
 * its error, and its ratio to the floor measured in the same run (or percentiles for latencies).
 */
final class Summary
{
    private final Options options;
    private final List<Outcome> outcomes;
    private final Map<String, Histogram> histograms;

    Summary(final Options options, final List<Outcome> outcomes, final Map<String, Histogram> histograms)
    {
        this.options = options;
        this.outcomes = outcomes;
        this.histograms = histograms;
    }

    /** {@code summary.md}: the tables. */
    String render(final Map<String, Object> env)
    {
        return render(env, Map.of());
    }

    /** The tables, each followed by its plots. */
    String render(final Map<String, Object> env, final Map<Scenario, List<String>> plots)
    {
        final StringBuilder md = new StringBuilder();
        header(md, env);
        table(md, null, Scenario.FLOORS);
        table(md, null, Scenario.CORE_TO_CORE);
        for (final Family family : options.families)
        {
            md.append("\n## ").append(family.label()).append(": ").append(family.description()).append('\n');
            for (final Scenario scenario : family.scenarios())
            {
                table(md, family, scenario);
                for (final String plot : plots.getOrDefault(scenario, List.of()))
                {
                    md.append("\n![").append(scenario.title()).append("](").append(plot).append(")\n");
                }
            }
        }
        final List<Outcome> failed = outcomes.stream().filter(o -> !o.ok()).toList();
        if (!failed.isEmpty())
        {
            md.append("\n## Failed runs\n\nThese have no numbers; JMH's output for each is in `jmh-log.txt`.\n\n");
            failed.forEach(o -> md.append("- ").append(o.item().describe()).append(": ").append(o.error()).append('\n'));
        }
        return md.toString();
    }

    @SuppressWarnings("unchecked")
    private void header(final StringBuilder md, final Map<String, Object> env)
    {
        final Map<String, Object> host = (Map<String, Object>)env.get("host");
        final Map<String, Object> jdk = (Map<String, Object>)env.get("jdk");
        md.append("# pinbench results\n\n");
        if (env.get("label") != null)
        {
            md.append("**").append(env.get("label")).append("**\n\n");
        }
        md.append("- machine: ").append(host.get("cpu_model")).append(", ").append(host.get("cpus_available_to_jvm"))
            .append(" CPUs").append(Boolean.TRUE.equals(host.get("hypervisor_guest")) ? " (hypervisor guest)" : "")
            .append(", ").append(host.get("memory_total")).append(" RAM\n");
        md.append("- kernel ").append(host.get("kernel")).append(", JDK ").append(jdk.get("java_version"))
            .append(" (").append(jdk.get("vm_name")).append(")\n");
        final List<String> memory = new ArrayList<>();
        for (final Map<String, Object> m : (List<Map<String, Object>>)env.get("memory"))
        {
            memory.add(m.get("backend") + (m.containsKey("path") ? " at " + m.get("path")
                + (m.containsKey("filesystem") ? " (" + m.get("filesystem") + ")" : "") : "")
                + ", " + m.get("memory_kind") + ", stride " + m.get("stride_bytes") + " B");
        }
        md.append("- memory backend(s): ").append(String.join("; ", memory)).append('\n');
        md.append("- profile ").append(options.profile.label()).append(": ").append(options.profile.describe())
            .append("; thread affinity ").append(options.affinity).append(" (placements in env.json)\n");
        md.append("- started ").append(env.get("started_utc")).append(", took ").append(env.get("duration_s"))
            .append(" s; command: `").append(env.get("command")).append("`\n\n");
        @SuppressWarnings("unchecked")
        final Map<String, Verdicts.Verdict> verdicts = (Map<String, Verdicts.Verdict>)env.getOrDefault("verdicts",
            Map.of());
        final List<String> failing = Verdicts.failing(verdicts);
        if (!failing.isEmpty())
        {
            md.append("> **WARNING: measured despite failing correctness tests:** ").append(String.join(", ", failing))
                .append(". Their numbers describe a broken implementation.\n\n");
        }
        final long passed = verdicts.values().stream().filter(Verdicts.Verdict::passed).count();
        md.append("- correctness: ").append(passed).append(" of ").append(verdicts.size())
            .append(" measured strategies passed their contract tests and jcstress short mode in this checkout's last")
            .append(" build").append(passed < verdicts.size() ? " (the others: see `verdicts` in env.json)" : "")
            .append('\n');
        @SuppressWarnings("unchecked")
        final List<String> profilers = (List<String>)env.getOrDefault("profilers", List.of());
        if (!profilers.isEmpty())
        {
            md.append("- profilers: ").append(String.join("; ", profilers)).append("\n\n");
        }
        md.append("Scores are JMH means with the 99.9% confidence half-width (`±`). `x floor` divides by the floor ")
            .append("measured in this run at the same thread count. Full data: `jmh.json`; machine: `env.json`.\n");
    }

    private void table(final StringBuilder md, final Family family, final Scenario scenario)
    {
        md.append("\n### ").append(scenario.title()).append("\n\n").append(scenario.caption()).append(".\n\n");
        final List<String> columns = scenario.columns().values(options);
        final List<Scenario.Row> rows = new ArrayList<>();
        final List<Scenario.Bench> rowBenches = new ArrayList<>();
        for (final Scenario.Bench bench : scenario.benches())
        {
            for (final Scenario.Row row : bench.rowsFor(family, options))
            {
                rows.add(row);
                rowBenches.add(bench);
            }
        }
        switch (scenario.kind())
        {
            case PAIR -> pairTable(md, scenario, columns, rows, rowBenches);
            case LATENCY -> latencyTable(md, scenario, columns, rows, rowBenches);
            default -> histogramTable(md, rows);
        }
    }

    private Result<?> find(final Scenario.Bench bench, final Scenario.Row row, final String column)
    {
        for (final Outcome o : outcomes)
        {
            final RunItem item = o.item();
            if (o.ok() && item.bench().equals(bench) && item.row().equals(row) && item.column().equals(column))
            {
                return o.result().getPrimaryResult();
            }
        }
        return null;
    }

    private Result<?> floor(final Scenario scenario, final int threads)
    {
        if (scenario.floor() == null)
        {
            return null;
        }
        final Scenario.Row floorRow = scenario.floor().rowsFor(null, options).get(0);
        return find(scenario.floor(), floorRow, String.valueOf(threads));
    }

    private void pairTable(final StringBuilder md, final Scenario scenario, final List<String> columns,
        final List<Scenario.Row> rows, final List<Scenario.Bench> benches)
    {
        final Scenario.Axis axis = scenario.columns();
        final boolean perUnit = scenario.perParam() != null && scenario.perParam().equals(axis.param());
        final boolean throughput = axis.param() == null && axis.fixedThreads() == 0;
        final String unit = unitOf(benches.get(0));
        md.append("| implementation | memory |");
        columns.forEach(c -> md.append(' ').append(axis.heading(c)).append(" (").append(unit).append(") |")
            .append(perUnit ? " per " + scenario.perUnit() + " |" : "")
            .append(scenario.floor() != null ? " x floor |" : "").append(throughput ? " Mops/s |" : ""));
        md.append("\n|---|---|");
        final int cellsPerColumn = 1 + (perUnit ? 1 : 0) + (scenario.floor() != null ? 1 : 0) + (throughput ? 1 : 0);
        columns.forEach(c -> md.append("--:|".repeat(cellsPerColumn)));
        md.append('\n');
        for (int i = 0; i < rows.size(); i++)
        {
            final Scenario.Row row = rows.get(i);
            md.append("| ").append(row.label()).append(" | ").append(row.memory()).append(" |");
            for (final String column : columns)
            {
                final Result<?> r = find(benches.get(i), row, column);
                final int threads = axis.threadsFor(column);
                final double units = perUnit ? Double.parseDouble(column) : 1;
                cells(md, r, floor(scenario, threads), units, perUnit, scenario.floor() != null,
                    throughput ? threads : 0);
            }
            md.append('\n');
        }
    }

    private String unitOf(final Scenario.Bench bench)
    {
        for (final Outcome o : outcomes)
        {
            if (o.ok() && o.item().bench().equals(bench))
            {
                return o.result().getPrimaryResult().getScoreUnit();
            }
        }
        return "ns/op";
    }

    private static void cells(final StringBuilder md, final Result<?> r, final Result<?> floor, final double units,
        final boolean perUnit, final boolean withFloor, final int threads)
    {
        final int cells = 1 + (perUnit ? 1 : 0) + (withFloor ? 1 : 0) + (threads > 0 ? 1 : 0);
        if (r == null)
        {
            md.append(" n/a |").append(" |".repeat(cells - 1));
            return;
        }
        md.append(' ').append(number(r.getScore()));
        if (!Double.isNaN(r.getScoreError()))
        {
            md.append(" ± ").append(number(r.getScoreError())); // NaN with a single measurement
        }
        md.append(" |");
        final double perOp = r.getScore() / units;
        if (perUnit)
        {
            md.append(' ').append(number(perOp)).append(" |");
        }
        if (withFloor)
        {
            final boolean comparable = floor != null && floor.getScore() > 0
                && floor.getScoreUnit().equals(r.getScoreUnit());
            md.append(' ').append(comparable ? String.format(Locale.ROOT, "%.1f", perOp / floor.getScore()) : "")
                .append(" |");
        }
        if (threads > 0)
        {
            md.append(' ').append(r.getScoreUnit().equals("ns/op") && r.getScore() > 0
                ? number(threads * 1_000.0 / r.getScore()) : "").append(" |");
        }
    }

    private void latencyTable(final StringBuilder md, final Scenario scenario, final List<String> columns,
        final List<Scenario.Row> rows, final List<Scenario.Bench> benches)
    {
        final Scenario.Axis axis = scenario.columns();
        md.append("| implementation | memory |");
        columns.forEach(c -> md.append(' ').append(axis.heading(c)).append(" p50 | p99 | p99.9 | max | samples |"));
        md.append("\n|---|---|");
        columns.forEach(c -> md.append("--:|--:|--:|--:|--:|"));
        md.append('\n');
        String unit = "us/op";
        for (int i = 0; i < rows.size(); i++)
        {
            md.append("| ").append(rows.get(i).label()).append(" | ").append(rows.get(i).memory()).append(" |");
            for (final String column : columns)
            {
                final Result<?> r = find(benches.get(i), rows.get(i), column);
                if (r == null)
                {
                    md.append(" n/a | | | | |");
                    continue;
                }
                unit = r.getScoreUnit();
                final Statistics s = r.getStatistics();
                percentiles(md, s::getPercentile, s.getMax(), s.getN(), 50, 99, 99.9);
            }
            md.append('\n');
        }
        md.append("\nLatencies in ").append(unit.replace("/op", "")).append(".\n");
    }

    private void histogramTable(final StringBuilder md, final List<Scenario.Row> rows)
    {
        md.append("| implementation | memory | p50 | p90 | p99 | p99.9 | max | samples |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|\n");
        for (final Scenario.Row row : rows)
        {
            md.append("| ").append(row.label()).append(" | ").append(row.memory()).append(" |");
            final Histogram h = histograms.get(histogramKey(row));
            if (h == null || h.getTotalCount() == 0)
            {
                md.append(" n/a | | | | | |\n");
                continue;
            }
            percentiles(md, p -> h.getValueAtPercentile(p) / 1e3, h.getMaxValue() / 1e3, h.getTotalCount(),
                50, 90, 99, 99.9);
            md.append('\n');
        }
        md.append("\nLatencies in us, from the waiter's histogram (recorded in ns).\n");
    }

    /** Appends the value at each percentile, then the maximum and the sample count. */
    private static void percentiles(final StringBuilder md, final DoubleUnaryOperator at, final double max,
        final long n, final double... percentiles)
    {
        for (final double p : percentiles)
        {
            md.append(' ').append(number(at.applyAsDouble(p))).append(" |");
        }
        md.append(' ').append(number(max)).append(" | ").append(n).append(" |");
    }

    /** The merged histogram of a wakeup-latency row: log name, then the tag STRATEGY.backend. */
    static String histogramKey(final Scenario.Row row)
    {
        return WakeLatencyBench.LOG + "-" + row.label() + "." + row.params().get("backend").toLowerCase(Locale.ROOT);
    }

    /** Three significant digits, no exponent. */
    static String number(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        final double a = Math.abs(v);
        if (a >= 100)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1)
        {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
