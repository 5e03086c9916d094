package pinbench.run.report;

import org.HdrHistogram.Histogram;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.util.Statistics;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Placement;
import pinbench.memory.Backend;
import pinbench.run.catalog.Kind;
import pinbench.run.catalog.Table;
import pinbench.run.catalog.Tables;
import pinbench.run.check.Samples;
import pinbench.run.exec.Execution;
import pinbench.run.exec.Outcome;
import pinbench.run.plan.PlannedTable;
import pinbench.run.plan.Row;
import pinbench.run.plan.RunPlan;
import pinbench.run.plan.RunSpec;
import pinbench.topology.PlacementPolicy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Every published cell of a run, computed once, keyed by the run behind it. Every artifact
 * (summary.md, REPORT.md, plots, tables.csv) reads these and computes no published number itself;
 * the percentile plot draws the whole distribution, from the same merged histograms.
 */
public final class Cells
{
    private final RunPlan plan;
    private final Map<Key, Cell> cells = new LinkedHashMap<>();

    /** A cell's run and column: the columns of a tagged axis share one run. */
    private record Key(RunSpec spec, String column)
    {
        static Key of(final PlannedTable table, final Row row, final String column)
        {
            return new Key(table.spec(row, column), column);
        }
    }

    private Cells(final RunPlan plan)
    {
        this.plan = plan;
    }

    /** The cells of every planned table. */
    public static Cells compute(final RunPlan plan, final Execution execution, final Map<String, Histogram> histograms)
    {
        final Cells c = new Cells(plan);
        for (final PlannedTable t : plan.tables())
        {
            for (final Row row : t.rows())
            {
                for (final String column : t.columns())
                {
                    final Key key = Key.of(t, row, column);
                    c.cells.put(key, c.cell(key, execution.outcomes().get(key.spec()), execution, histograms));
                }
            }
        }
        return c;
    }

    /** The plan the cells belong to. */
    public RunPlan plan()
    {
        return plan;
    }

    /** The cell of a table's row and column. */
    public Cell of(final PlannedTable table, final Row row, final String column)
    {
        return cells.get(Key.of(table, row, column));
    }

    /** The jitter floor's cell ({@link Tables#JITTER}) or the ping's ({@link Tables#PING}), when the run measured it. */
    public Optional<Cell> floor(final Table floor)
    {
        return plan.tables().stream().filter(t -> t.table() == floor).findFirst()
            .map(t -> of(t, t.rows().get(0), t.columns().get(0)));
    }

    /** A column's heading, oversubscribed thread counts labelled as such. */
    public String heading(final PlannedTable table, final String column)
    {
        return table.table().axis().heading(column, plan.selection().cpus());
    }

    /** The unit of a table's scores: its first cell that has one. */
    public String unit(final PlannedTable table, final String fallback)
    {
        return table.rows().stream().flatMap(r -> table.columns().stream().map(c -> of(table, r, c)))
            .filter(Cell::present).map(Cell::unit).findFirst().orElse(fallback);
    }

    private Cell cell(final Key key, final Outcome outcome, final Execution execution,
        final Map<String, Histogram> histograms)
    {
        final RunSpec spec = key.spec();
        final Table table = spec.table();
        if (table.kind() == Kind.HISTOGRAM)
        {
            final Map<String, String> params = new TreeMap<>(params(spec, outcome));
            if (table.axis().tagged())
            {
                params.put(table.axis().param(), key.column()); // a tagged column's cell is distinct in tables.csv
            }
            final Histogram h = histograms.get(histogramKey(spec, key.column()));
            final Histogram descheduled = table.descheduledLog() == null ? null
                : histograms.getOrDefault(histogramKey(table.descheduledLog(), spec, key.column()),
                new Histogram(3));
            if (h == null || h.getTotalCount() == 0)
            {
                return Cell.missing(spec, params, outcome != null && !outcome.ok() ? outcome.error()
                    : outcome != null && table.axis().tagged() && otherTagRecorded(spec, histograms) ? Cell.NOT_REPORTED
                    : descheduled != null && descheduled.getTotalCount() > 0 ? "every one of its "
                    + descheduled.getTotalCount() + " operations had a thread preempted ("
                    + table.descheduledLog() + ".hlog)"
                    : "no histogram recorded");
            }
            final Map<String, Double> percentiles = new LinkedHashMap<>();
            for (final double p : Cell.PERCENTILES)
            {
                if (Samples.support(h.getTotalCount(), p))
                {
                    percentiles.put(Cell.label(p), h.getValueAtPercentile(p) / 1e3);
                }
            }
            return new Cell(spec, params, h.getMean() / 1e3, null, null, "us/op", null, null, null,
                percentiles, h.getMaxValue() / 1e3, h.getTotalCount(), descheduled == null ? null
                : descheduled.getTotalCount(), descheduled == null || descheduled.getTotalCount() == 0 ? null
                : descheduled.getValueAtPercentile(50) / 1e3, null, placement(spec, execution), null);
        }
        if (outcome == null || !outcome.ok())
        {
            return Cell.missing(spec, outcome == null ? "not run" : outcome.error());
        }
        final Result<?> r = outcome.result().getPrimaryResult();
        final Double error = Double.isNaN(r.getScoreError()) ? null : r.getScoreError();
        final Statistics s = r.getStatistics();
        final double units = table.perUnit() == null ? 1 : Double.parseDouble(spec.column());
        final double perOp = r.getScore() / units;
        final Double floorRatio = floorScore(table, spec, r.getScoreUnit())
            .map(f -> perOp / f).orElse(null);
        final Double mops = table.axis().isThreads() && r.getScoreUnit().equals("ns/op") && r.getScore() > 0
            ? spec.threads() * 1_000.0 / r.getScore() : null;
        final Double median = s.getN() > 1 ? s.getPercentile(50) : null;
        return new Cell(spec, params(spec, outcome), r.getScore(), error, median, r.getScoreUnit(),
            table.perUnit() == null ? null : perOp, floorRatio, mops, Map.of(), null, s.getN(), null, null,
            casRetriesPerOp(outcome.result()), placement(spec, execution), null);
    }

    /**
     * CAS retries per operation over every measurement iteration of the run, from the benchmark's
     * {@value Cell#CAS_RETRIES} event counter and JMH's count of measured operations; {@code null}
     * when the benchmark does not count them.
     */
    static Double casRetriesPerOp(final RunResult result)
    {
        double retries = 0;
        long ops = 0;
        boolean counted = false;
        for (final BenchmarkResult benchmark : result.getBenchmarkResults())
        {
            for (final IterationResult iteration : benchmark.getIterationResults())
            {
                final Result<?> events = iteration.getSecondaryResults().get(Cell.CAS_RETRIES);
                if (events != null)
                {
                    counted = true;
                    retries += events.getScore();
                    ops += iteration.getMetadata().getMeasuredOps();
                }
            }
        }
        return counted && ops > 0 ? retries / ops : null;
    }

    /**
     * What was wrong with where a run's threads ran, from what its JVMs observed: more busy threads
     * than CPUs (oversubscribed), threads meant to be apart seen mostly on one CPU, or a pinned thread
     * seen mostly elsewhere. {@code null} when every thread was where it was meant to be.
     */
    static String placement(final RunSpec spec, final Execution execution)
    {
        final List<Placement.Placed> threads = execution.placements().stream().filter(p -> p.spec() == spec.index())
            .toList();
        final List<String> problems = new ArrayList<>();
        for (final Placement.Placed p : threads)
        {
            if (p.threads() > p.cpus().size() && !p.cpus().isEmpty())
            {
                problems.add("oversubscribed: " + p.threads() + " busy threads on " + p.cpus().size() + " CPUs");
                break;
            }
        }
        final Map<Long, Map<Integer, List<Integer>>> byJvmAndCpu = new TreeMap<>(); // forks share nothing
        for (final Placement.Placed p : threads)
        {
            final Integer cpu = p.mostlyOn();
            if (cpu != null)
            {
                byJvmAndCpu.computeIfAbsent(p.pid(), k -> new TreeMap<>()).computeIfAbsent(cpu, k -> new ArrayList<>())
                    .add(p.thread());
            }
            if (p.intendedCpu() != null && cpu != null && !cpu.equals(p.intendedCpu()))
            {
                problems.add("thread " + p.thread() + " meant for cpu " + p.intendedCpu() + " ran mostly on cpu " + cpu);
            }
        }
        if (problems.isEmpty())
        {
            byJvmAndCpu.values().forEach(byCpu -> byCpu.forEach((cpu, on) ->
            {
                if (on.size() > 1)
                {
                    problems.add("threads " + on + " shared cpu " + cpu);
                }
            }));
        }
        return problems.isEmpty() ? null : String.join("; ", new LinkedHashSet<>(problems));
    }

    /** Every parameter of the run as JMH ran it (the benchmark's defaults too), or what the plan set. */
    private static Map<String, String> params(final RunSpec spec, final Outcome outcome)
    {
        if (outcome == null || !outcome.ok())
        {
            return spec.params();
        }
        final BenchmarkParams p = outcome.result().getParams();
        final Map<String, String> params = new TreeMap<>();
        p.getParamsKeys().forEach(k -> params.put(k, p.getParam(k)));
        return params;
    }

    /** Whether some column of a tagged run's row has a histogram: then the run has no such part, else it recorded none. */
    private static boolean otherTagRecorded(final RunSpec spec, final Map<String, Histogram> histograms)
    {
        return spec.table().axis().values().stream().map(c -> histograms.get(histogramKey(spec, c)))
            .anyMatch(h -> h != null && h.getTotalCount() > 0);
    }

    /**
     * The merged histogram of a histogram table's cell, as {@link Histograms} keys them: {@code LOG-TAG}
     * for a strategy's row, the whole log for a fixed row.
     */
    static String histogramKey(final RunSpec spec, final String column)
    {
        return histogramKey(spec.table().histogramLog(), spec, column);
    }

    private static String histogramKey(final String log, final RunSpec spec, final String column)
    {
        final Map<String, String> params = spec.row().params();
        final PlacementPolicy placement = spec.row().placement();
        if (!params.containsKey("strategy"))
        {
            return ForkContract.placedTag(log, placement); // a fixed row: every thread's intervals together
        }
        final String strategy = params.get("strategy");
        final Backend backend = Backend.valueOf(params.get("backend"));
        final String param = spec.table().axis().param();
        return ForkContract.histogramName(log, ForkContract.placedTag(param == null
            ? ForkContract.histogramTag(strategy, backend) : ForkContract.histogramTag(strategy, backend, param,
            column), placement));
    }

    /**
     * The floor's score at a run's thread count and placement, if it was measured in the same unit
     * with its threads where they were meant to be: an oversubscribed floor measures the scheduler,
     * and a ratio to it could put a strategy below its own floor.
     */
    private Optional<Double> floorScore(final Table table, final RunSpec spec, final String unit)
    {
        return plan.floor(table, spec.threads(), spec.row().placement()).map(f -> cells.get(new Key(f, f.column())))
            .filter(Cell::present)
            .filter(f -> f.placement() == null && f.unit().equals(unit) && f.score() > 0).map(Cell::score);
    }
}
