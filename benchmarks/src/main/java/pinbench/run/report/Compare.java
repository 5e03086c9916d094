package pinbench.run.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.apache.commons.math3.distribution.TDistribution;
import pinbench.benchmarks.ForkContract;
import pinbench.run.catalog.Benchmark;
import pinbench.run.text.Numbers;
import pinbench.topology.PlacementPolicy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code scripts/bench compare A B}: for every benchmark and parameter set in both bundles, the
 * ratio B/A with a 95% confidence interval and a verdict. The interval comes from the measurement
 * iterations of all forks (Welch's t on the log of the ratio, delta method); where JMH kept no
 * iteration data (sampled latencies) it combines the two 99.9% intervals JMH reported. A verdict
 * of faster or slower needs the whole interval on one side of 1.
 */
public final class Compare
{
    /** What one bundle measured for one benchmark and parameter set. */
    public record Measurement(String key, String unit, double score, double lower, double upper, List<Double> iterations,
        int forks)
    {
        boolean lowerIsBetter()
        {
            return unit.endsWith("/op");
        }
    }

    /** The comparison of one key. */
    public record Row(String key, Measurement a, Measurement b, double ratio, double lower, double upper, String verdict)
    {
    }

    private Compare()
    {
    }

    /** Reads a bundle directory's (or a file's) {@code jmh.json}. */
    public static Map<String, Measurement> load(final Path bundle) throws IOException
    {
        final Path json = Files.isDirectory(bundle) ? bundle.resolve("jmh.json") : bundle;
        final JsonArray runs = JsonParser.parseString(Files.readString(json)).getAsJsonArray();
        final Map<String, Measurement> byKey = new TreeMap<>();
        for (final JsonElement e : runs)
        {
            final JsonObject run = e.getAsJsonObject();
            final StringBuilder key = new StringBuilder(Benchmark.shortName(run.get("benchmark").getAsString()));
            if (run.has("params"))
            {
                new TreeMap<>(run.getAsJsonObject("params").asMap()).forEach((k, v) ->
                    key.append(' ').append(k).append('=').append(v.getAsString()));
            }
            key.append(" threads=").append(run.get("threads").getAsInt()).append(placement(run)).append(' ')
                .append(run.get("mode").getAsString());
            final JsonObject metric = run.getAsJsonObject("primaryMetric");
            final JsonArray confidence = metric.getAsJsonArray("scoreConfidence");
            final List<Double> iterations = new ArrayList<>();
            if (metric.has("rawData"))
            {
                metric.getAsJsonArray("rawData").forEach(fork -> fork.getAsJsonArray()
                    .forEach(v -> iterations.add(v.getAsDouble())));
            }
            byKey.put(key.toString(), new Measurement(key.toString(), metric.get("scoreUnit").getAsString(),
                metric.get("score").getAsDouble(), number(confidence.get(0)), number(confidence.get(1)), iterations,
                run.get("forks").getAsInt()));
        }
        return byKey;
    }

    /**
     * " placement=POLICY" when the forks were placed by another policy than the default (it is a
     * fork setting, so JMH records it among the JVM options, not the parameters); else nothing, as
     * for every bundle from before placement policies.
     */
    private static String placement(final JsonObject run)
    {
        final String option = "-D" + ForkContract.POLICY + "=";
        if (run.has("jvmArgs"))
        {
            for (final JsonElement arg : run.getAsJsonArray("jvmArgs"))
            {
                final PlacementPolicy p = arg.getAsString().startsWith(option)
                    ? PlacementPolicy.byLabel(arg.getAsString().substring(option.length())) : null;
                if (p != null && p != PlacementPolicy.SPREAD)
                {
                    return " placement=" + p.label();
                }
            }
        }
        return "";
    }

    private static double number(final JsonElement e)
    {
        return e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber() ? e.getAsDouble() : Double.NaN;
    }

    public static List<Row> compare(final Map<String, Measurement> a, final Map<String, Measurement> b)
    {
        final List<Row> rows = new ArrayList<>();
        for (final Map.Entry<String, Measurement> entry : a.entrySet())
        {
            final Measurement mb = b.get(entry.getKey());
            if (mb != null)
            {
                rows.add(row(entry.getValue(), mb));
            }
        }
        return rows;
    }

    static Row row(final Measurement a, final Measurement b)
    {
        final double ratio = b.score() / a.score();
        final double halfWidth = logHalfWidth(a, b);
        final double lower = ratio * Math.exp(-halfWidth);
        final double upper = ratio * Math.exp(halfWidth);
        final String verdict;
        if (!a.unit().equals(b.unit()))
        {
            verdict = "units differ (" + a.unit() + " vs " + b.unit() + ")";
        }
        else if (Double.isNaN(halfWidth))
        {
            verdict = "not enough data";
        }
        else if (lower > 1)
        {
            verdict = a.lowerIsBetter() ? "slower" : "faster";
        }
        else if (upper < 1)
        {
            verdict = a.lowerIsBetter() ? "faster" : "slower";
        }
        else
        {
            verdict = "no significant difference";
        }
        return new Row(a.key(), a, b, ratio, lower, upper, verdict);
    }

    /** Half-width of the 95% interval of ln(B/A). */
    private static double logHalfWidth(final Measurement a, final Measurement b)
    {
        if (a.iterations().size() >= 2 && b.iterations().size() >= 2)
        {
            final double[] sa = meanVariance(a.iterations());
            final double[] sb = meanVariance(b.iterations());
            final int na = a.iterations().size();
            final int nb = b.iterations().size();
            // delta method: var(ln mean) ~ var / (n * mean^2)
            final double va = sa[1] / (na * sa[0] * sa[0]);
            final double vb = sb[1] / (nb * sb[0] * sb[0]);
            final double se = Math.sqrt(va + vb);
            if (se == 0)
            {
                return 0;
            }
            final double df = (va + vb) * (va + vb) / (va * va / (na - 1) + vb * vb / (nb - 1));
            return new TDistribution(Math.max(1, df)).inverseCumulativeProbability(0.975) * se;
        }
        // JMH's 99.9% intervals, each turned into a log half-width, combined as independent errors
        final double ha = (Math.log(a.upper()) - Math.log(a.lower())) / 2;
        final double hb = (Math.log(b.upper()) - Math.log(b.lower())) / 2;
        return Math.sqrt(ha * ha + hb * hb);
    }

    private static double[] meanVariance(final List<Double> values)
    {
        double mean = 0;
        for (final double v : values)
        {
            mean += v;
        }
        mean /= values.size();
        double sq = 0;
        for (final double v : values)
        {
            sq += (v - mean) * (v - mean);
        }
        return new double[] {mean, sq / (values.size() - 1)};
    }

    /** The report, as markdown. */
    public static String render(final Path pathA, final Path pathB, final List<Row> rows, final Map<String, Measurement> a,
        final Map<String, Measurement> b)
    {
        final StringBuilder md = new StringBuilder();
        md.append("# pinbench compare\n\nA: `").append(pathA).append("`  \nB: `").append(pathB).append("`\n\n");
        md.append("B/A with its 95% confidence interval; faster or slower only when the whole interval is on one side")
            .append(" of 1 (for time per operation lower is better, for throughput higher).\n\n");
        final Map<String, Integer> counts = new LinkedHashMap<>();
        rows.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        md.append("Verdicts: ").append(counts.isEmpty() ? "none" : counts.toString()).append("\n\n");
        if (rows.stream().anyMatch(r -> r.a().forks() < 2 || r.b().forks() < 2))
        {
            md.append("Some results come from a single fork: their intervals hold the variation between iterations,")
                .append(" not between JVM runs, so small differences can show as significant; compare bundles made")
                .append(" with `--profile full` (3 forks) before publishing a verdict.\n\n");
        }
        md.append("| benchmark | A | B | B/A | 95% CI | verdict |\n|---|--:|--:|--:|--:|---|\n");
        for (final Row r : rows)
        {
            md.append("| ").append(r.key()).append(" | ").append(Numbers.number(r.a().score())).append(' ')
                .append(r.a().unit()).append(" | ").append(Numbers.number(r.b().score())).append(' ')
                .append(r.b().unit()).append(" | ").append(String.format(Locale.ROOT, "%.3f", r.ratio())).append(" | ")
                .append(Double.isNaN(r.lower()) ? "n/a" : String.format(Locale.ROOT, "%.3f .. %.3f", r.lower(), r.upper()))
                .append(" | ").append(r.verdict()).append(" |\n");
        }
        appendOnly(md, "Only in A", a, b);
        appendOnly(md, "Only in B", b, a);
        return md.toString();
    }

    private static void appendOnly(final StringBuilder md, final String title, final Map<String, Measurement> in,
        final Map<String, Measurement> notIn)
    {
        final List<String> only = in.keySet().stream().filter(k -> !notIn.containsKey(k)).toList();
        if (!only.isEmpty())
        {
            md.append("\n").append(title).append(" (not compared):\n\n");
            only.forEach(k -> md.append("- ").append(k).append('\n'));
        }
    }

    /**
     * Rows that regressed: slower, with the interval's near end beyond {@code percent}.
     */
    public static List<Row> regressions(final List<Row> rows, final double percent)
    {
        final double limit = 1 + percent / 100;
        return rows.stream().filter(r -> r.verdict().equals("slower")
            && (r.a().lowerIsBetter() ? r.lower() > limit : r.upper() < 1 / limit)).toList();
    }
}
