package pinbench.run;

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
import org.openjdk.jmh.results.Result;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The plots of a bundle, made with XChart without a display: for each table with thread columns a
 * scaling plot (time per operation against threads, one line per implementation), for each table
 * with a floor a bar chart of the ratio to it, and for the wakeup histograms a latency-by-percentile
 * plot (x = 1/(1-p), log scale). Every plot is written as PNG and SVG under {@code plots/}.
 */
final class Report
{
    private static final int WIDTH = 900;
    private static final int HEIGHT = 520;

    private final Options options;
    private final List<Outcome> outcomes;
    private final Map<String, Histogram> histograms;
    private final Path dir;
    private final Map<Scenario, List<String>> plots = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();

    Report(final Options options, final List<Outcome> outcomes, final Map<String, Histogram> histograms,
        final Path bundle)
    {
        this.options = options;
        this.outcomes = outcomes;
        this.histograms = histograms;
        this.dir = bundle.resolve("plots");
    }

    /** Draws every plot; returns the relative paths of the PNGs, by table. */
    Map<Scenario, List<String>> draw() throws IOException
    {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        for (final Family family : options.families)
        {
            for (final Scenario scenario : family.scenarios())
            {
                if (scenario.kind() == Scenario.Kind.HISTOGRAM)
                {
                    percentilePlot(family, scenario);
                    continue;
                }
                if (scenario.kind() == Scenario.Kind.PAIR && scenario.columns().param() == null
                    && scenario.columns().fixedThreads() == 0 && options.threads.size() > 1)
                {
                    scalingPlot(family, scenario);
                }
                if (scenario.kind() == Scenario.Kind.PAIR && scenario.floor() != null)
                {
                    floorBars(family, scenario);
                }
            }
        }
        return plots;
    }

    private String name(final Family family, final Scenario scenario, final String kind)
    {
        return family.label() + "-" + scenario.title().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
            .replaceAll("(^-|-$)", "") + "-" + kind;
    }

    /** Writes the plot; a plot that cannot be drawn is reported in its place, never losing the bundle. */
    private void save(final Chart<?, ?> chart, final Scenario scenario, final String name) throws IOException
    {
        final Path base = dir.resolve(name);
        try
        {
            BitmapEncoder.saveBitmap(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG);
            VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(),
                VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
            plots.computeIfAbsent(scenario, s -> new ArrayList<>()).add("plots/" + name + ".png");
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

    /** Rows of a table with their benches, in table order. */
    private List<Map.Entry<Scenario.Row, Scenario.Bench>> rows(final Family family, final Scenario scenario)
    {
        final List<Map.Entry<Scenario.Row, Scenario.Bench>> rows = new ArrayList<>();
        scenario.benches().forEach(b -> b.rowsFor(family, options).forEach(r -> rows.add(Map.entry(r, b))));
        return rows;
    }

    private Result<?> find(final Scenario.Bench bench, final Scenario.Row row, final String column)
    {
        return outcomes.stream().filter(o -> o.ok() && o.item().bench().equals(bench) && o.item().row().equals(row)
            && o.item().column().equals(column)).map(o -> (Result<?>)o.result().getPrimaryResult()).findFirst()
            .orElse(null);
    }

    private void scalingPlot(final Family family, final Scenario scenario) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
            .title(family.label() + ": " + scenario.title() + " (lower is better)")
            .xAxisTitle("threads").yAxisTitle("ns per operation per thread").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        boolean any = false;
        for (final Map.Entry<Scenario.Row, Scenario.Bench> row : rows(family, scenario))
        {
            final List<Double> x = new ArrayList<>();
            final List<Double> y = new ArrayList<>();
            for (final int threads : options.threads)
            {
                final Result<?> r = find(row.getValue(), row.getKey(), String.valueOf(threads));
                if (r != null && r.getScore() > 0)
                {
                    x.add((double)threads);
                    y.add(r.getScore());
                }
            }
            if (!x.isEmpty())
            {
                chart.addSeries(row.getKey().label() + " (" + row.getKey().memory() + ")", x, y);
                any = true;
            }
        }
        if (any)
        {
            save(chart, scenario, name(family, scenario, "scaling"));
        }
    }

    private void floorBars(final Family family, final Scenario scenario) throws IOException
    {
        final CategoryChart chart = new CategoryChartBuilder().width(WIDTH + 200).height(HEIGHT + 100)
            .title(family.label() + ": " + scenario.title() + ", times the floor (" + scenario.floor().rowsFor(null,
                options).get(0).label().replace("floor: ", "") + ")")
            .xAxisTitle("implementation").yAxisTitle("x floor (same thread count)").build();
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        final List<Map.Entry<Scenario.Row, Scenario.Bench>> rows = rows(family, scenario);
        final List<String> labels = rows.stream().map(r -> r.getKey().label() + " " + r.getKey().memory()).toList();
        boolean any = false;
        final boolean perUnit = scenario.perParam() != null && scenario.perParam().equals(scenario.columns().param());
        for (final String column : scenario.columns().values(options))
        {
            final Result<?> floor = find(scenario.floor(), scenario.floor().rowsFor(null, options).get(0),
                String.valueOf(scenario.columns().threadsFor(column)));
            final List<Double> ratios = new ArrayList<>();
            for (final Map.Entry<Scenario.Row, Scenario.Bench> row : rows)
            {
                final Result<?> r = find(row.getValue(), row.getKey(), column);
                final double units = perUnit ? Double.parseDouble(column) : 1;
                ratios.add(r == null || floor == null || floor.getScore() <= 0 ? 0.0 : r.getScore() / units
                    / floor.getScore()); // 0: no result
            }
            if (ratios.stream().anyMatch(v -> v > 0))
            {
                chart.addSeries(scenario.columns().heading(column), labels, ratios);
                any = true;
            }
        }
        if (any)
        {
            save(chart, scenario, name(family, scenario, "floor-ratio"));
        }
    }

    private void percentilePlot(final Family family, final Scenario scenario) throws IOException
    {
        final XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
            .title(family.label() + ": " + scenario.title() + " by percentile")
            .xAxisTitle("1/(1-p): 10 = p90, 100 = p99, 1000 = p99.9").yAxisTitle("latency (us)").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        boolean any = false;
        for (final Map.Entry<Scenario.Row, Scenario.Bench> row : rows(family, scenario))
        {
            final Histogram h = histograms.get(Summary.histogramKey(row.getKey()));
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
                chart.addSeries(row.getKey().label() + " (" + row.getKey().memory() + ")", x, y);
                any = true;
            }
        }
        if (any)
        {
            save(chart, scenario, name(family, scenario, "percentiles"));
        }
    }
}
