package pinbench.run.report;

import org.HdrHistogram.Histogram;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.floor.CoreToCoreMatrixBench;
import pinbench.run.text.Numbers;
import pinbench.sys.IdList;
import pinbench.topology.Topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The core-to-core matrix of a run, from the merged histograms of {@link CoreToCoreMatrixBench}
 * (one tag per pair of CPUs): each pair's median round trip, as {@code core-to-core.csv} (N x N, ns,
 * symmetric, the diagonal empty), a heatmap, and a summary by how near the two CPUs of a pair are
 * in the machine's {@link Topology}, as nviennot/core-to-core-latency reports its matrix.
 */
final class CoreToCore
{
    private static final Pattern TAG = Pattern.compile(Pattern.quote(ForkContract.histogramName(
        CoreToCoreMatrixBench.LOG, "")) + "cpu(\\d+)\\.cpu(\\d+)(@.*)?");

    private final Topology topology;
    /** Median round trip in ns by CPU pair, lower CPU first. */
    private final Map<List<Integer>, Double> medians = new HashMap<>();

    private CoreToCore(final Topology topology)
    {
        this.topology = topology;
    }

    /** The matrix in a run's merged histograms; empty when the run has none. */
    static CoreToCore of(final Map<String, Histogram> histograms, final Topology topology)
    {
        final CoreToCore matrix = new CoreToCore(topology);
        histograms.forEach((key, h) ->
        {
            final Matcher m = TAG.matcher(key);
            if (m.matches() && h.getTotalCount() > 0)
            {
                final int a = Integer.parseInt(m.group(1));
                final int b = Integer.parseInt(m.group(2));
                matrix.medians.put(List.of(Math.min(a, b), Math.max(a, b)), (double)h.getValueAtPercentile(50));
            }
        });
        return matrix;
    }

    boolean isEmpty()
    {
        return medians.isEmpty();
    }

    /** The CPUs of the measured pairs, ascending. */
    List<Integer> cpus()
    {
        final TreeSet<Integer> cpus = new TreeSet<>();
        medians.keySet().forEach(cpus::addAll);
        return List.copyOf(cpus);
    }

    private Double median(final int a, final int b)
    {
        return medians.get(List.of(Math.min(a, b), Math.max(a, b)));
    }

    /** {@code core-to-core.csv}: a header of CPU numbers, then one row per CPU; empty where not measured. */
    String csv()
    {
        final List<Integer> cpus = cpus();
        final StringBuilder csv = new StringBuilder("cpu");
        cpus.forEach(c -> csv.append(',').append(c));
        csv.append("\r\n");
        for (final int a : cpus)
        {
            csv.append(a);
            for (final int b : cpus)
            {
                final Double ns = a == b ? null : median(a, b);
                csv.append(',').append(ns == null ? "" : String.valueOf(ns));
            }
            csv.append("\r\n");
        }
        return csv.toString();
    }

    /** The pairs' medians by topology level: how many pairs, the least, the median and the largest. */
    void markdown(final StringBuilder md)
    {
        if (isEmpty())
        {
            md.append("\nNo pair of CPUs was measured: the matrix needs two CPUs this process may use.\n");
            return;
        }
        final Map<Topology.Level, List<Double>> byLevel = new TreeMap<>();
        medians.forEach((pair, ns) -> byLevel.computeIfAbsent(topology.level(pair.get(0), pair.get(1)),
            k -> new ArrayList<>()).add(ns));
        md.append("\nEach pair's median round trip, by how near its two CPUs are (").append(medians.size())
            .append(medians.size() == 1 ? " pair" : " pairs").append(" of CPUs ").append(IdList.format(cpus()))
            .append("; every pair in `core-to-core.csv`, ns):\n\n| level | pairs | least | median | largest |\n")
            .append("|---|--:|--:|--:|--:|\n");
        byLevel.forEach((level, values) ->
        {
            final List<Double> sorted = values.stream().sorted().toList();
            md.append("| ").append(level.label).append(" | ").append(sorted.size()).append(" | ")
                .append(Numbers.number(sorted.get(0))).append(" | ")
                .append(Numbers.number(sorted.get(sorted.size() / 2))).append(" | ")
                .append(Numbers.number(sorted.get(sorted.size() - 1))).append(" |\n");
        });
    }

    /** The heatmap: CPU against CPU, each cell the pair's median round trip in ns. */
    HeatMapChart chart(final String title)
    {
        final List<Integer> cpus = cpus();
        final HeatMapChart chart = new HeatMapChartBuilder().width(Math.max(480, 40 + 28 * cpus.size()))
            .height(Math.max(400, 28 * cpus.size())).title(title).xAxisTitle("CPU").yAxisTitle("CPU").build();
        chart.getStyler().setShowValue(cpus.size() <= 16);
        chart.getStyler().setHeatMapValueDecimalPattern("#");
        final List<Number[]> cells = new ArrayList<>();
        for (int i = 0; i < cpus.size(); i++)
        {
            for (int j = 0; j < cpus.size(); j++)
            {
                final Double ns = i == j ? null : median(cpus.get(i), cpus.get(j));
                if (ns != null)
                {
                    cells.add(new Number[] {i, j, ns});
                }
            }
        }
        final List<String> labels = cpus.stream().map(String::valueOf).collect(Collectors.toList());
        chart.addSeries("round trip (ns)", labels, labels, cells);
        return chart;
    }
}
