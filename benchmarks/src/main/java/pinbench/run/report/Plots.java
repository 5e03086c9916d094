package pinbench.run.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import pinbench.run.catalog.Kind;
import pinbench.run.catalog.Table;
import pinbench.run.catalog.Tables;
import pinbench.run.plan.PlannedTable;
import pinbench.run.plan.Row;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plots of a bundle, made with XChart without a display, from the computed cells: for each
 * table with thread columns a scaling plot (time per operation against threads, one line per
 * implementation), for each table with a floor a bar chart of the ratio to it, and for histogram
 * tables a latency-by-percentile plot (x = 1/(1-p), log scale). Every plot is written as PNG and
 * SVG under {@code plots/}.
 */
final class Plots
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private final Cells cells;
    private final Map<String, Histogram> histograms;
    private final CoreToCore matrix;
    private final Path dir;
    private final Map<Table, List<String>> plots = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    Plots(final Cells cells, final Map<String, Histogram> histograms, final CoreToCore matrix, final Path bundle)
    {
        this.cells = cells;
        this.histograms = histograms;
        this.matrix = matrix;
        this.dir = bundle.resolve("plots");
    }

    /** Draws every plot; returns the relative paths of the PNGs, by table. */
    Map<Table, List<String>> draw() throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        for (final PlannedTable t : cells.plan().tables())
        {
            final Table table = t.table();
            if (table == Tables.CORE_TO_CORE_MATRIX && !matrix.isEmpty())
            {
                save(matrix.chart("core-to-core round trip (ns, median of each pair)"), table, "heatmap");
            }
            if (table.family() == null)
            {
                continue;
            }
            if (table.kind() == Kind.HISTOGRAM)
            {
                if (!table.axis().tagged()) // one plot per column would be needed; the table says it
                {
                    percentilePlot(t);
                }
                continue;
            }
            if (table.kind() == Kind.PAIR && table.axis().isThreads() && t.columns().size() > 1)
            {
                scalingPlot(t);
            }
            if (table.kind() == Kind.PAIR && table.floor() != null)
            {
                floorBars(t);
            }
        }
        return plots;
    }

    /** Writes the plot; a plot that cannot be drawn is reported in its place, never losing the bundle. */
    private void save(final Chart<?, ?> chart, final Table table, final String kind) throws IOException
    {
        final String name = table.id() + "-" + kind;
        final Path base = dir.resolve(name);
        try
        {
            BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            plots.computeIfAbsent(table, s -> new ArrayList<>()).add("plots/" + name + ".png");
        }
        catch (final RuntimeException ex)
        {
            Files.deleteIfExists(Path.of(base + ".png"));
            Files.deleteIfExists(Path.of(base + ".svg"));
            failures.add(name + ": " + ex.getMessage());
        }
    }

    /** Plots that could not be drawn, with the reason. */
    List<String> failures()
    {
        return failures;
    }

    private static String title(final Table table)
    {
        return table.family().label() + ": " + table.title();
    }

    private void scalingPlot(final PlannedTable t) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
            .title(title(t.table()) + " (lower is better)")
            .xAxisTitle("threads").yAxisTitle("ns per operation per thread").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        boolean any = false;
        for (final Row row : t.rows())
        {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final String column : t.columns())
            {
                final Cell c = cells.of(t, row, column);
                if (c.present() && c.score() > 0)
                {
                    x.add((double)c.spec().threads());
                    y.add(c.score());
                }
            }
            if (!x.isEmpty())
            {
                chart.addSeries(row.name(), x, y);
                any = true;
            }
        }
        if (any)
        {
            save(chart, t.table(), "scaling");
        }
    }

    private void floorBars(final PlannedTable t) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 200).height(HEIGHT + 100)
            .title(title(t.table()) + ", times the floor (" + t.table().floor().method() + ")")
            .xAxisTitle("implementation").yAxisTitle("x floor (same thread count)").build();
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        final List<String> labels = t.rows().stream().map(Row::name).toList();
        boolean any = false;
        for (final String column : t.columns())
        {
            final List<Double> ratios = new ArrayList<>();
            for (final Row row : t.rows())
            {
                final Cell c = cells.of(t, row, column);
                ratios.add(c.present() && c.floorRatio() != null ? c.floorRatio() : 0.0); // 0: no result
            }
            if (ratios.stream().anyMatch(v -> v > 0))
            {
                chart.addSeries(cells.heading(t, column), labels, ratios);
                any = true;
            }
        }
        if (any)
        {
            save(chart, t.table(), "floor-ratio");
        }
    }

    private void percentilePlot(final PlannedTable t) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
            .title(title(t.table()) + " by percentile" + (t.columns().size() > 1
                ? " (" + cells.heading(t, t.columns().get(0)) + ")" : ""))
            .xAxisTitle("1/(1-p): 10 = p90, 100 = p99, 1000 = p99.9").yAxisTitle("latency (us)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        boolean any = false;
        for (final Row row : t.rows())
        {
            final Histogram h = histograms.get(Cells.histogramKey(t.spec(row, t.columns().get(0)), t.columns().get(0)));
            if (h == null || h.getTotalCount() == 0)
            {
                continue;
            }
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final HistogramIterationValue v : h.percentiles(5))
            {
                final double p = v.getPercentileLevelIteratedTo() / 100;
                if (p >= 1 || v.getValueIteratedTo() <= 0)
                {
                    break;
                }
                x.add(1 / (1 - p));
                y.add(v.getValueIteratedTo() / 1e3);
            }
            if (!x.isEmpty())
            {
                chart.addSeries(row.name(), x, y);
                any = true;
            }
        }
        if (any)
        {
            save(chart, t.table(), "percentiles");
        }
    }
}
