package pinbench.run.report;

import pinbench.Family;
import pinbench.run.catalog.Axis;
import pinbench.run.catalog.Table;
import pinbench.run.catalog.Tables;
import pinbench.run.check.BundleCheck;
import pinbench.run.check.Finding;
import pinbench.run.check.Samples;
import pinbench.run.exec.Outcome;
import pinbench.run.plan.PlannedTable;
import pinbench.run.plan.Row;
import pinbench.run.plan.Verdicts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static pinbench.run.text.Numbers.number;

/**
 * {@code summary.md} and {@code REPORT.md}: the floors, then per family and table each cell with
 * its error and its ratio to the floor of the same run (or percentiles for latencies). REPORT.md
 * adds the plots under their tables.
 */
final class Markdown
{
    /** In place of a percentile the samples do not support. */
    static final String TOO_FEW = "-";
    /** The mark of a cell whose threads did not run where they were meant to. */
    static final String PLACEMENT_MARK = "†";

    private final Cells cells;
    private final Env env;
    private final List<Outcome> failed;
    private final List<Finding> findings;
    private final CoreToCore matrix;

    Markdown(final Cells cells, final Env env, final List<Outcome> failed, final List<Finding> findings,
        final CoreToCore matrix)
    {
        this.cells = cells;
        this.env = env;
        this.failed = failed;
        this.findings = findings;
        this.matrix = matrix;
    }

    /** The tables, each followed by its plots (none for {@code summary.md}). */
    String render(final Map<Table, List<String>> plots)
    {
        final StringBuilder md = new StringBuilder();
        header(md);
        Family family = null;
        for (final PlannedTable t : cells.plan().tables())
        {
            final Family f = t.table().family();
            if (f != null && f != family)
            {
                md.append("\n## ").append(f.label()).append(": ").append(f.description()).append('\n');
                family = f;
            }
            table(md, t);
            for (final String plot : plots.getOrDefault(t.table(), List.of()))
            {
                md.append("\n![").append(t.table().title()).append("](").append(plot).append(")\n");
            }
        }
        if (!failed.isEmpty())
        {
            md.append("\n## Failed runs\n\nThese have no numbers; JMH's output for each is in `jmh-log.txt`.\n\n");
            failed.forEach(o -> md.append("- ").append(o.spec().describe()).append(": ").append(o.error()).append('\n'));
        }
        return md.toString();
    }

    private void header(final StringBuilder md)
    {
        final Env.Host host = env.host();
        md.append("# pinbench results\n\n");
        if (env.label() != null)
        {
            md.append("**").append(env.label()).append("**\n\n");
        }
        md.append("Bundle check (`scripts/bench check`): ").append(BundleCheck.failed(findings)
            ? "**FAILED**: some numbers are not what they claim to be" : "passed").append("\n\n```\n")
            .append(BundleCheck.render(findings, 5)).append("```\n\n");
        md.append("- machine: ").append(host.cpuModel()).append(", ").append(host.cpusAvailableToJvm())
            .append(" CPUs").append(host.hypervisorGuest() ? " (hypervisor guest)" : "")
            .append(", ").append(host.memoryTotal()).append(" RAM\n");
        md.append("- kernel ").append(host.kernel()).append(", JDK ").append(env.jdk().javaVersion())
            .append(" (").append(env.jdk().vmName()).append(")\n");
        final List<String> memory = new ArrayList<>();
        for (final Env.Memory m : env.memory())
        {
            memory.add(m.backend() + (m.path() != null ? " at " + m.path()
                + (m.filesystem() != null ? " (" + m.filesystem() + ")" : "") : "")
                + ", " + m.memoryKind() + ", stride " + m.strideBytes() + " B"
                + (m.memNode() == null ? "" : ", bound to NUMA node " + m.memNode())
                + (m.pagesFound() == null ? "" : ", counter pages found on " + m.pagesFound().entrySet().stream()
                    .map(e -> e.getKey() + " (" + String.format(Locale.ROOT, "%,d", e.getValue()) + " pages)").collect(Collectors.joining(", "))));
        }
        md.append("- memory backend(s): ").append(String.join("; ", memory)).append('\n');
        final Env.Machine m = env.machine();
        md.append("- machine state: governor ").append(m.governor() == null ? "not exposed" : m.governor())
            .append(", turbo ").append(m.turbo() == null ? "not exposed" : m.turbo())
            .append(", SMT ").append("1".equals(m.smt()) ? "active" : "inactive")
            .append(", THP ").append(m.transparentHugePages()).append(", clock source ").append(m.clocksource())
            .append(", isolated CPUs ").append(m.isolatedCpus() == null ? "none" : m.isolatedCpus())
            .append(", load before the run ").append(m.loadAtStart())
            .append(m.stealPercent() == null ? "" : String.format(Locale.ROOT, ", %.2f%% stolen during it",
                m.stealPercent())).append('\n');
        m.warnings().forEach(w -> md.append("  - **warning:** ").append(w).append('\n'));
        md.append("- profile ").append(env.jmh().profile()).append(": ").append(env.jmh().profileSettings())
            .append("; thread affinity ").append(cells.plan().selection().affinity()).append(" (placements in env.json)\n");
        md.append("- started ").append(env.startedUtc()).append(", took ").append(env.durationS())
            .append(" s; command: `").append(env.command()).append("`\n\n");
        final Map<String, Verdicts.Verdict> verdicts = env.verdicts();
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
        if (!env.profilers().isEmpty())
        {
            md.append("- profilers: ").append(String.join("; ", env.profilers())).append('\n');
        }
        md.append('\n');
        md.append("Scores are JMH means with the 99.9% confidence half-width (`±`), and the median iteration where")
            .append(" it is more than ").append(Math.round(Cell.SKEW * 100)).append("% away from the mean (a skewed")
            .append(" distribution: a few slow or fast iterations). `x floor` divides by the floor ")
            .append("measured in this run at the same thread count (empty where the floor's threads did not fit on")
            .append(" CPUs of their own). Every cell also in `tables.csv`; full data: ")
            .append("`jmh.json`; machine: `env.json`.\n");
    }

    private void table(final StringBuilder md, final PlannedTable t)
    {
        md.append("\n### ").append(t.table().title()).append("\n\n").append(t.table().caption()).append(".\n\n");
        switch (t.table().kind())
        {
            case PAIR ->
            {
                pairTable(md, t);
                if (Scaling.applies(t))
                {
                    Scaling.markdown(md, Scaling.of(cells, t));
                }
            }
            case HISTOGRAM ->
            {
                latencyTable(md, t, t.table().axis().tagged() ? List.of("p50", "p99")
                    : List.of("p50", "p90", "p99", "p99.9"));
                if (t.table() == Tables.CORE_TO_CORE_MATRIX)
                {
                    matrix.markdown(md);
                }
            }
            default -> throw new IllegalStateException(t.table().kind().toString());
        }
        placementNotes(md, t);
    }

    /** Marks a cell whose threads did not run where they were meant to. */
    private static String mark(final Cell c)
    {
        return c.placement() == null ? "" : " " + PLACEMENT_MARK;
    }

    /** Under a table: what went wrong with the placement of the marked cells, one line per column and problem. */
    private void placementNotes(final StringBuilder md, final PlannedTable t)
    {
        final Map<String, List<String>> rowsByProblem = new LinkedHashMap<>();
        for (final String column : t.columns())
        {
            for (final Row row : t.rows())
            {
                final Cell c = cells.of(t, row, column);
                if (c.placement() != null)
                {
                    rowsByProblem.computeIfAbsent((column.isEmpty() ? "" : cells.heading(t, column) + ": ")
                        + c.placement(), k -> new ArrayList<>()).add(row.name());
                }
            }
        }
        if (rowsByProblem.isEmpty())
        {
            return;
        }
        md.append("\n").append(PLACEMENT_MARK).append(" threads not where they were meant to be (`placement` in")
            .append(" env.json):\n");
        rowsByProblem.forEach((problem, rows) -> md.append("- ").append(problem).append(rows.size() == t.rows().size()
            ? " (every row)" : " (" + String.join(", ", rows) + ")").append('\n'));
    }

    private void pairTable(final StringBuilder md, final PlannedTable t)
    {
        final Table table = t.table();
        final Axis axis = table.axis();
        final boolean perUnit = table.perUnit() != null;
        final boolean withFloor = table.floor() != null;
        final boolean throughput = axis.isThreads();
        final String unit = cells.unit(t, "ns/op");
        md.append("| implementation | memory | placement |");
        t.columns().forEach(c -> md.append(' ').append(cells.heading(t, c)).append(" (").append(unit).append(") |")
            .append(perUnit ? " per " + table.perUnit() + " |" : "")
            .append(withFloor ? " x floor |" : "").append(throughput ? " Mops/s |" : ""));
        md.append("\n|---|---|---|");
        final int perColumn = 1 + (perUnit ? 1 : 0) + (withFloor ? 1 : 0) + (throughput ? 1 : 0);
        t.columns().forEach(c -> md.append("--:|".repeat(perColumn)));
        md.append('\n');
        body(md, t, perColumn, c ->
        {
            md.append(' ').append(number(c.score())).append(c.error() == null ? "" : " ± " + number(c.error()))
                .append(c.skewed() ? " (median " + number(c.median()) + ")" : "")
                .append(c.casRetriesPerOp() == null || c.casRetriesPerOp() == 0 ? ""
                    : String.format(Locale.ROOT, " (%.3g CAS retries/op)", c.casRetriesPerOp()))
                .append(mark(c)).append(" |");
            if (perUnit)
            {
                md.append(' ').append(number(c.perUnit())).append(" |");
            }
            if (withFloor)
            {
                md.append(' ').append(c.floorRatio() == null ? "" : String.format(Locale.ROOT, "%.1f",
                    c.floorRatio())).append(" |");
            }
            if (throughput)
            {
                md.append(' ').append(c.mopsPerSecond() == null ? "" : number(c.mopsPerSecond())).append(" |");
            }
        });
    }

    /**
     * One line per row: its label and memory, then {@code perColumn} cells per column ({@code n/a} when
     * missing, {@code none} when the implementation has no such part).
     */
    private void body(final StringBuilder md, final PlannedTable t, final int perColumn, final Consumer<Cell> cell)
    {
        for (final Row row : t.rows())
        {
            md.append("| ").append(row.label()).append(" | ").append(row.memory()).append(" | ")
                .append(row.placement().label()).append(" |");
            for (final String column : t.columns())
            {
                final Cell c = cells.of(t, row, column);
                if (c.present())
                {
                    cell.accept(c);
                }
                else
                {
                    md.append(Cell.NOT_REPORTED.equals(c.missing()) ? " none |" : " n/a |").append(" |".repeat(perColumn - 1));
                }
            }
            md.append('\n');
        }
    }

    /** A latency cell's percentile with its unit, or the too-few-samples mark. */
    private static String percentile(final Cell c, final String p)
    {
        return c.percentiles().containsKey(p) ? number(c.percentiles().get(p)) + " us" : TOO_FEW;
    }

    private void latencyTable(final StringBuilder md, final PlannedTable t, final List<String> percentiles)
    {
        final boolean headed = t.columns().size() > 1 || !t.columns().get(0).isEmpty();
        final boolean apart = t.table().descheduledLog() != null;
        md.append("| implementation | memory | placement |");
        t.columns().forEach(c -> md.append(headed ? " " + cells.heading(t, c) : "")
            .append(String.join(" |", percentiles.stream().map(p -> " " + p).toList())).append(" | max | samples |")
            .append(apart ? " descheduled (p50) |" : ""));
        md.append("\n|---|---|---|");
        final int perColumn = percentiles.size() + 2 + (apart ? 1 : 0);
        t.columns().forEach(c -> md.append("--:|".repeat(perColumn)));
        md.append('\n');
        body(md, t, perColumn, c ->
        {
            for (int i = 0; i < percentiles.size(); i++)
            {
                final Double value = c.percentiles().get(percentiles.get(i));
                md.append(' ').append(value == null ? TOO_FEW : number(value)).append(i == 0 ? mark(c) : "")
                    .append(" |");
            }
            md.append(' ').append(number(c.max())).append(" | ").append(c.samples()).append(" |");
            if (apart)
            {
                md.append(' ').append(c.descheduled()).append(c.descheduledP50() == null ? ""
                    : " (" + number(c.descheduledP50()) + ")").append(" |");
            }
        });
        final Optional<Cell> jitter = t.table().family() == null ? Optional.empty()
            : cells.floor(Tables.JITTER).filter(Cell::present);
        jitter.ifPresent(j -> md.append("\nJitter floor on the same CPUs (the machine's own, see the floors): p50 ")
            .append(percentile(j, "p50")).append(", p99 ").append(percentile(j, "p99"))
            .append(", max ").append(number(j.max())).append(" us over ").append(j.samples()).append(" gaps > 1 us")
            .append(cells.floor(Tables.PING).filter(Cell::present).map(p -> "; a spinning round trip between them: p50 "
                + percentile(p, "p50") + ", p99 " + percentile(p, "p99") + " over " + p.samples() + " trips")
                .orElse("")).append(".\n"));
        md.append("\nLatencies in ").append(cells.unit(t, "us/op").replace("/op", ""))
            .append(", from the benchmark's own HdrHistogram (every ").append(t.table().descheduledLog() != null
                || t.table().axis().tagged() ? "undisturbed " : "").append("operation of the measurement iterations,")
            .append(" recorded in ns)")
            .append(". ").append(TOO_FEW).append(": too few samples for that percentile (")
            .append(String.join(", ", percentiles.stream().filter(p -> !p.equals("p50"))
                .map(p -> p + " needs " + Samples.needed(Double.parseDouble(p.substring(1)))).toList()))
            .append(").\n");
    }
}
