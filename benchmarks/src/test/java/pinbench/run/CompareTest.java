package pinbench.run;

import pinbench.run.report.Compare;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompareTest
{
    /** One JMH JSON entry with the given iteration scores (one fork). */
    private static String entry(final String benchmark, final String strategy, final String unit,
        final double... iterations)
    {
        double mean = 0;
        for (final double v : iterations)
        {
            mean += v;
        }
        mean /= iterations.length;
        final StringBuilder raw = new StringBuilder();
        for (final double v : iterations)
        {
            raw.append(raw.length() == 0 ? "" : ",").append(String.format(Locale.ROOT, "%.3f", v));
        }
        return String.format(Locale.ROOT, "{\"benchmark\":\"pinbench.benchmarks.ref.%s\",\"mode\":\"avgt\","
            + "\"threads\":1,\"forks\":1,\"params\":{\"strategy\":\"%s\"},\"primaryMetric\":{\"score\":%.3f,"
            + "\"scoreError\":1.0,\"scoreConfidence\":[%.3f,%.3f],\"scoreUnit\":\"%s\",\"rawData\":[[%s]]}}",
            benchmark, strategy, mean, mean * 0.9, mean * 1.1, unit, raw);
    }

    private static Path bundle(final Path dir, final String name, final String... entries) throws IOException
    {
        final Path b = Files.createDirectories(dir.resolve(name));
        Files.writeString(b.resolve("jmh.json"), "[" + String.join(",", entries) + "]");
        return b;
    }

    @Test
    void verdictsFollowTheIntervalAndTheUnit(@TempDir final Path dir) throws IOException
    {
        final Path a = bundle(dir, "a",
            entry("RefGetPutBench.getPut", "RCUREF", "ns/op", 10.0, 10.2, 9.9, 10.1),
            entry("RefGetPutBench.getPut", "STRIPED", "ns/op", 10.0, 10.2, 9.9, 10.1),
            entry("RefGetPutBench.getPut", "BIASED", "ns/op", 10.0, 12.0, 8.0, 10.0),
            entry("RefGetPutBench.getPut", "CAS_LOOP", "ops/us", 100, 101, 99, 100),
            entry("RefGetPutBench.getPut", "GONE", "ns/op", 1, 1, 1));
        final Path b = bundle(dir, "b",
            entry("RefGetPutBench.getPut", "RCUREF", "ns/op", 20.0, 20.1, 19.9, 20.2),
            entry("RefGetPutBench.getPut", "STRIPED", "ns/op", 5.0, 5.1, 4.9, 5.0),
            entry("RefGetPutBench.getPut", "BIASED", "ns/op", 10.5, 8.5, 12.5, 10.5),
            entry("RefGetPutBench.getPut", "CAS_LOOP", "ops/us", 50, 51, 49, 50),
            entry("RefGetPutBench.getPut", "NEW", "ns/op", 1, 1, 1));
        final Map<String, Compare.Measurement> ma = Compare.load(a);
        final Map<String, Compare.Measurement> mb = Compare.load(b);
        final List<Compare.Row> rows = Compare.compare(ma, mb);
        assertEquals(4, rows.size());
        final Map<String, String> verdicts = new java.util.HashMap<>();
        rows.forEach(r -> verdicts.put(r.key().replaceAll(".*strategy=(\\w+).*", "$1"), r.verdict()));
        assertEquals("slower", verdicts.get("RCUREF"), "twice the time per operation");
        assertEquals("faster", verdicts.get("STRIPED"));
        assertEquals("no significant difference", verdicts.get("BIASED"), "noisy and close");
        assertEquals("slower", verdicts.get("CAS_LOOP"), "half the throughput");
        final Compare.Row rcuref = rows.stream().filter(r -> r.key().contains("RCUREF")).findFirst().orElseThrow();
        assertTrue(rcuref.lower() > 1.9 && rcuref.upper() < 2.1, rcuref.toString());

        final String report = Compare.render(a, b, rows, ma, mb);
        assertTrue(report.contains("Only in A (not compared):\n\n- RefGetPutBench.getPut strategy=GONE"), report);
        assertTrue(report.contains("Only in B (not compared):\n\n- RefGetPutBench.getPut strategy=NEW"), report);
        assertEquals(2, Compare.regressions(rows, 90).size(), "twice the time and half the throughput: 100% each");
        assertEquals(0, Compare.regressions(rows, 110).size());
    }

    @Test
    void theCommandGatesOnRegressionsAndRefusesWhatIsNotABundle(@TempDir final Path dir) throws IOException
    {
        final Path a = bundle(dir, "a", entry("RefGetPutBench.getPut", "RCUREF", "ns/op", 10.0, 10.2, 9.9, 10.1));
        final Path b = bundle(dir, "b", entry("RefGetPutBench.getPut", "RCUREF", "ns/op", 20.0, 20.1, 19.9, 20.2));
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Bench bench = new Bench(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), dir);
        assertEquals(Bench.EXIT_OK, bench.run(List.of("compare", a.toString(), b.toString())));
        assertTrue(out.toString().contains("| slower |"), out::toString);
        assertEquals(Bench.EXIT_RUN_FAILED, bench.run(List.of("compare", a.toString(), b.toString(),
            "--fail-on-regression", "10")));
        assertTrue(err.toString().contains("1 benchmark(s) regressed by more than 10.0%"), err::toString);
        assertEquals(Bench.EXIT_OK, bench.run(List.of("compare", b.toString(), a.toString(), "--fail-on-regression=10")));
        assertEquals(Bench.EXIT_USAGE, bench.run(List.of("compare", a.toString())));
        assertEquals(Bench.EXIT_USAGE, bench.run(List.of("compare", a.toString(), dir.resolve("nope").toString())));
        assertTrue(err.toString().contains("is not a results bundle"), err::toString);
        assertEquals(Bench.EXIT_USAGE, bench.run(List.of("compare", a.toString(), b.toString(), "--fail-on-regression",
            "lots")));
    }
}
