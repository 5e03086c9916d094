package pinbench.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pinbench.benchmarks.Placement;
import pinbench.ref.KillProbe;
import pinbench.run.check.Csv;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code scripts/bench} end to end, in process, with JMH shortened to a smoke run ({@code -f 0}). */
class BenchTest
{
    private static final List<String> SMOKE = List.of("--", "-f", "0", "-wi", "0", "-i", "1", "-r", "100ms");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int bench(final Path home, final List<String> args)
    {
        final Bench bench = new Bench(new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), home);
        return bench.run(args);
    }

    private static List<String> args(final Path outDir)
    {
        return args(outDir, new String[0]);
    }

    private static List<String> args(final Path outDir, final String... options)
    {
        final List<String> args = new ArrayList<>(List.of(options));
        args.addAll(List.of("--out", outDir.toString()));
        args.addAll(SMOKE);
        return args;
    }

    private static List<Path> bundles(final Path outDir) throws IOException
    {
        try (Stream<Path> entries = Files.list(outDir))
        {
            return entries.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void aRunWritesACompleteSelfDescribingBundle(@TempDir final Path home) throws IOException, InterruptedException
    {
        final Path shm = Files.createTempDirectory(Path.of("/dev/shm"), "pinbench-test-");
        try
        {
            runsAndChecksABundle(home, shm);
        }
        finally
        {
            try (Stream<Path> left = Files.list(shm))
            {
                for (final Path p : left.toList())
                {
                    Files.delete(p);
                }
            }
            Files.delete(shm);
        }
    }

    private void runsAndChecksABundle(final Path home, final Path shm) throws IOException, InterruptedException
    {
        final Path outDir = home.resolve("results");
        final Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(30, TimeUnit.SECONDS));
        final Path leftover = Files.write(shm.resolve("pinbench-" + gone.pid() + "-1.cells"), new byte[4096]);
        Files.setLastModifiedTime(leftover, FileTime.from(Instant.now().minusSeconds(60)));
        final int status = bench(home, args(outDir, "--family", "ref", "--strategies", "rcuref,biased", "--threads", "1",
            "--backend", "heap,tmpfs", "--path", shm.toString()));
        assertEquals(Bench.EXIT_OK, status, () -> "stderr: " + err + "\nstdout: " + out);
        assertTrue(out.toString().contains("pinbench: removed " + leftover + ", a counter file left by pid "
            + gone.pid()), out::toString);
        assertFalse(Files.exists(leftover), "a counter file a killed run left is removed before the run");

        final List<Path> bundles = bundles(outDir);
        assertEquals(1, bundles.size(), bundles::toString);
        final Path bundle = bundles.get(0);
        assertTrue(bundle.getFileName().toString().matches("\\d{8}T\\d{6}Z-.+"), bundle::toString);
        for (final String file : List.of("jmh.json", "env.json", "summary.md", "REPORT.md", "tables.csv", "jmh-log.txt",
            "scaling.csv", "core-to-core.csv"))
        {
            assertTrue(Files.size(bundle.resolve(file)) > 0, file);
        }
        assertReportImagesExist(bundle, 2);
        final List<String> matrix = Files.readAllLines(bundle.resolve("core-to-core.csv"));
        final int cpus = matrix.get(0).split(",").length - 1;
        assertTrue(matrix.get(0).startsWith("cpu,") && cpus >= 2 && matrix.size() == 1 + cpus, matrix::toString);
        assertTrue(matrix.get(1).split(",", -1)[1].isEmpty() && !matrix.get(1).split(",", -1)[2].isEmpty(),
            "the diagonal is empty, a pair has its round trip: " + matrix);
        assertTrue(Files.size(bundle.resolve("plots/floor-core-to-core-matrix-heatmap.png")) > 1000);
        final String report = Files.readString(bundle.resolve("REPORT.md"));
        assertTrue(report.contains("by how near its two CPUs are"), "the matrix by topology level");
        assertTrue(report.contains("| placement |") && report.contains("| spread |"), "a placement column");
        assertTrue(report.contains("Scaling fit (Universal Scalability Law): none. No row has the 3 thread counts"),
            "one thread count: no fit, and the report says why");
        assertTrue(Files.readString(bundle.resolve("scaling.csv")).contains("too few points: 1 thread count"));
        final JsonObject topology = JsonParser.parseString(Files.readString(bundle.resolve("env.json")))
            .getAsJsonObject().getAsJsonObject("topology");
        assertEquals(cpus, topology.getAsJsonArray("process_cpus").size(), topology::toString);
        assertTrue(topology.getAsJsonArray("cpus").size() >= cpus, topology::toString);
        assertTrue(Files.readString(outDir.resolve("README.md")).contains("[" + bundle.getFileName() + "]("
            + bundle.getFileName() + "/REPORT.md)"), "results/README.md indexes the bundle");

        final JsonArray jmh = JsonParser.parseString(Files.readString(bundle.resolve("jmh.json"))).getAsJsonArray();
        // 4 floors + core-to-core and its matrix + jitter + ping + (get+put, tryGet+put, kill, kill phases, kills in parallel,
        // get+put past 64 handles at 0 and 200) x 2 strategies x 2 backends + 3 alternatives
        assertEquals(4 + 2 + 2 + 7 * 2 * 2 + 3, jmh.size());
        for (final var e : jmh)
        {
            // JMH's own JSON (what JMH visualizers load): every run has these keys
            final JsonObject run = e.getAsJsonObject();
            for (final String key : List.of("jmhVersion", "benchmark", "mode", "threads", "forks", "jvm", "jvmArgs",
                "jdkVersion", "warmupIterations", "measurementIterations", "primaryMetric", "secondaryMetrics"))
            {
                assertTrue(run.has(key), () -> key + " missing in " + run.get("benchmark"));
            }
            for (final String key : List.of("score", "scoreError", "scoreConfidence", "scoreUnit"))
            {
                assertTrue(run.getAsJsonObject("primaryMetric").has(key), key);
            }
        }
        final JsonObject first = jmh.get(0).getAsJsonObject();
        assertEquals("pinbench.benchmarks.floor.FloorBench.plainPair", first.get("benchmark").getAsString());
        assertTrue(first.getAsJsonObject("primaryMetric").get("score").getAsDouble() > 0);

        final JsonObject env = JsonParser.parseString(Files.readString(bundle.resolve("env.json"))).getAsJsonObject();
        assertFalse(env.getAsJsonObject("host").get("kernel").getAsString().isBlank());
        assertFalse(env.getAsJsonObject("host").get("cpu_model").getAsString().isBlank());
        assertEquals(System.getProperty("java.version"), env.getAsJsonObject("jdk").get("java_version").getAsString());
        final JsonObject tmpfs = env.getAsJsonArray("memory").get(1).getAsJsonObject();
        assertEquals("TMPFS", tmpfs.get("backend").getAsString());
        assertEquals(shm.toAbsolutePath().toString(), tmpfs.get("path").getAsString());
        assertTrue(tmpfs.has("filesystem"), tmpfs::toString);
        assertTrue(env.get("command").getAsString().contains("--strategies rcuref,biased"));
        assertEquals(0, env.getAsJsonObject("runs").getAsJsonArray("failed").size());

        final String summary = Files.readString(bundle.resolve("summary.md"));
        for (final String row : List.of("| floor: plain pair |", "| ping-pong | HEAP |", "| RCUREF | HEAP |", "| BIASED | TMPFS |",
            "| AtomicLong | HEAP |", "| LongAdder | HEAP |", "| Netty AbstractReferenceCounted | HEAP |"))
        {
            assertTrue(summary.contains(row), () -> row + " missing from\n" + summary);
        }
        assertFalse(summary.contains(" n/a |"), summary);
        assertTrue(summary.contains("### kill-to-release latency"), summary);
        assertTrue(Files.exists(bundle.resolve("kill.hlog")), "every kill is in an HdrHistogram log");
        assertTrue(Files.exists(bundle.resolve("kill-BIASED.TMPFS.pinners=1.hgrm")), "one percentile file per row");
        try (Stream<Path> left = Files.list(shm))
        {
            assertEquals(0, left.count(), "mapped counter files are removed");
        }
    }

    /**
     * Evidence, not echo: each trial reports from inside the JVM that measured it what memory it
     * allocated from. {@code --stride 64} with {@code -f 0} used to measure stride 128 (the stride
     * reached forks only) while env.json said 64; a forked run and an in-process run must agree.
     */
    @ParameterizedTest(name = "-f {0}")
    @ValueSource(strings = {"0", "1"})
    void benchmarksReportTheSettingsTheyRanWithForkedOrNot(final String forks, @TempDir final Path home)
        throws IOException
    {
        final Path outDir = home.resolve("results");
        final int status = bench(home, List.of("--family", "ref", "--strategies", "rcuref", "--threads", "1",
            "--backend", "heap,tmpfs", "--stride", "64", "--out", outDir.toString(), "--", "-f", forks, "-wi", "0",
            "-i", "1", "-r", "50ms"));
        assertEquals(Bench.EXIT_OK, status, () -> "stderr: " + err + "\nstdout: " + out);
        final Path bundle = bundles(outDir).get(0);
        final JsonObject env = JsonParser.parseString(Files.readString(bundle.resolve("env.json"))).getAsJsonObject();
        final JsonArray effective = env.getAsJsonArray("effective");
        final int planned = env.getAsJsonObject("runs").get("planned").getAsInt();
        assertEquals(planned, effective.size(), "one report per trial: " + effective);
        final JsonArray measured = env.getAsJsonObject("machine").getAsJsonArray("forks");
        assertEquals(planned, measured.size(), "what happened to each trial's JVM while it measured: " + measured);
        for (final var m : measured)
        {
            assertEquals(Placement.processMask().size(), m.getAsJsonObject().get("cpus").getAsInt(),
                () -> "the process's CPUs, not the pinned reporting thread's one: " + m);
        }
        final long self = ProcessHandle.current().pid();
        final Map<Integer, Map<String, String>> cells = csvBySpec(bundle);
        int withCounters = 0;
        for (final var e : effective)
        {
            final JsonObject run = e.getAsJsonObject();
            final Map<String, String> cell = cells.get(run.get("spec").getAsInt());
            assertTrue(cell != null && run.get("benchmark").getAsString().endsWith("." + cell.get("benchmark")),
                () -> "the report names the run the plan sent: " + run);
            assertEquals(List.of(forks.equals("0")), run.getAsJsonArray("pids").asList().stream()
                .map(p -> p.getAsLong() == self).toList(), run::toString);
            assertFalse(run.get("agrona_bounds_checks").getAsBoolean(), "-f 0 and forks alike: " + run);
            if (run.get("backend").isJsonNull())
            {
                continue;
            }
            withCounters++;
            assertEquals(64, run.get("stride_bytes").getAsInt(), run::toString);
            assertEquals("NONE", run.get("durability").getAsString(), run::toString);
            assertEquals(cell.get("memory"), run.get("backend").getAsString(), "the memory column of the run's row: " + run);
            assertEquals(run.get("backend").getAsString().equals("TMPFS") ? "/dev/shm" : null,
                run.get("path").isJsonNull() ? null : run.get("path").getAsString(), run::toString);
        }
        assertEquals(2 * 7 + 2, withCounters, "get+put, tryGetLive+put, kill and its phases, kills in parallel, get+put"
            + " past 64 handles (two columns), on heap and tmpfs, and the handle and folio floors");
        final JsonArray placement = env.getAsJsonArray("placement");
        assertTrue(placement.size() >= planned, placement::toString);
        for (final var p : placement)
        {
            final JsonObject placed = p.getAsJsonObject();
            assertTrue(placed.has("thread") && placed.has("threads") && placed.has("intended_cpu") && placed.has("observed"), placed::toString);
        }
    }

    /** tables.csv rows by the spec that measured them. */
    private static Map<Integer, Map<String, String>> csvBySpec(final Path bundle) throws IOException
    {
        final Map<Integer, Map<String, String>> bySpec = new HashMap<>();
        Csv.read(Files.readString(bundle.resolve("tables.csv"))).forEach(r -> bySpec.put(Integer.parseInt(r.get("spec")),
            r));
        return bySpec;
    }

    /**
     * A helper thread started by a pinned benchmark thread inherits its one-CPU mask; placement must
     * still put it on a CPU of its own (this once put a spinning waiter and its unpinner on one CPU,
     * and published the scheduler tick as the wakeup latency).
     */
    @ParameterizedTest(name = "-f {0}")
    @ValueSource(strings = {"0", "1"})
    void helperThreadsGetACpuOfTheirOwnAndWhereThreadsRanIsRecorded(final String forks, @TempDir final Path home)
        throws IOException
    {
        assumeTrue(Placement.processMask().size() >= 2, "needs two CPUs");
        final Path outDir = home.resolve("results");
        assertEquals(Bench.EXIT_OK, bench(home, List.of("--family", "idle", "--strategies", "spin", "--threads", "1",
            "--backend", "heap", "--out", outDir.toString(), "--", "-f", forks, "-wi", "0", "-i", "1", "-r", "200ms")),
            err::toString);
        final Path bundle = bundles(outDir).get(0);
        final JsonObject env = JsonParser.parseString(Files.readString(bundle.resolve("env.json"))).getAsJsonObject();
        final List<JsonObject> wake = env.getAsJsonArray("placement").asList().stream()
            .map(JsonElement::getAsJsonObject)
            .filter(p -> p.get("benchmark").getAsString().startsWith("WakeLatencyBench")).toList();
        assertEquals(2, wake.size(), "the waiter and its unpinner: " + wake);
        final Set<Integer> cpus = new HashSet<>();
        for (final JsonObject thread : wake)
        {
            assertFalse(thread.get("intended_cpu").isJsonNull(), "not pinned: " + thread);
            final int intended = thread.get("intended_cpu").getAsInt();
            assertTrue(cpus.add(intended), "two threads meant for one CPU: " + wake);
            final Map<String, JsonElement> observed = thread.getAsJsonObject("observed").asMap();
            assertEquals(Set.of(String.valueOf(intended)), observed.keySet(), "seen only where pinned: " + thread);
        }
        final String summary = Files.readString(bundle.resolve("summary.md"));
        assertFalse(summary.contains("threads not where they were meant to be"), summary);
    }

    @Test
    void tablesCsvHoldsEveryPublishedCell(@TempDir final Path home) throws IOException
    {
        final Path outDir = home.resolve("results");
        assertEquals(Bench.EXIT_OK, bench(home, args(outDir, "--family", "ref,idle", "--strategies",
            "rcuref,spin", "--threads", "1", "--backend", "heap")), err::toString);
        final Path bundle = bundles(outDir).get(0);
        final String csv = Files.readString(bundle.resolve("tables.csv"));
        final List<String> header = List.of(csv.lines().findFirst().orElseThrow().split(","));
        assertTrue(header.containsAll(List.of("family", "table", "benchmark", "implementation", "memory", "params",
            "threads", "score", "error", "unit", "median", "floor_ratio", "samples", "descheduled")), header::toString);
        final List<Map<String, String>> rows = Csv.read(csv);
        final int planned = JsonParser.parseString(Files.readString(bundle.resolve("env.json"))).getAsJsonObject()
            .getAsJsonObject("runs").get("planned").getAsInt();
        assertEquals(planned + KillProbe.Phase.values().length - 1, rows.size(),
            "a row per cell, every run is a cell, and the kill phase run is one cell per phase");
        assertEquals(Arrays.stream(KillProbe.Phase.values()).map(p -> "phase=" + p.name()).toList(), rows.stream()
            .filter(r -> r.get("table").equals("ref-kill-to-release-by-phase")).map(r -> Arrays.stream(
                r.get("params").split(";")).filter(p -> p.startsWith("phase=")).findFirst().orElse("")).toList(),
            "each phase's row says which phase it is");
        final Map<String, String> kill = rows.stream().filter(r -> r.get("table").equals("ref-kill-to-release-latency"))
            .findFirst().orElseThrow();
        assertTrue(Long.parseLong(kill.get("samples")) + Long.parseLong(kill.get("descheduled")) > 0,
            () -> "every kill is either in the distribution or counted apart: " + kill);
        final Map<String, String> getPut = rows.stream().filter(r -> r.get("table").equals("ref-get-put-pair")
            && r.get("implementation").equals("RCUREF") && r.get("memory").equals("HEAP")).findFirst()
            .orElseThrow(() -> new AssertionError(csv));
        assertEquals("1", getPut.get("threads"));
        assertEquals("ns/op", getPut.get("unit"));
        assertTrue(Double.parseDouble(getPut.get("score")) > 0, getPut::toString);
        assertTrue(Double.parseDouble(getPut.get("floor_ratio")) > 0, getPut::toString);
        assertEquals("", getPut.get("cas_retries_per_op"), "a benchmark that does not count retries leaves it empty");
        final Map<String, String> tryGet = rows.stream().filter(r -> r.get("table").equals("ref-trygetlive-put-pair")
            && r.get("implementation").equals("RCUREF")).findFirst().orElseThrow(() -> new AssertionError(csv));
        assertEquals(0.0, Double.parseDouble(tryGet.get("cas_retries_per_op")),
            "counted from the casRetries metric, and RCUREF has no CAS to retry: " + tryGet);
        final Map<String, String> wakeup = rows.stream().filter(r -> r.get("table").equals("idle-wakeup-latency"))
            .findFirst().orElseThrow();
        assertTrue(Long.parseLong(wakeup.get("samples")) > 0, wakeup::toString);
        assertTrue(Double.parseDouble(wakeup.get("p50")) > 0, wakeup::toString);
        assertEquals("", wakeup.get("floor_ratio"), "no floor for latencies");
        final Map<String, String> ping = rows.stream().filter(r -> r.get("table").equals("floor-ping-between-the-latency-cpus"))
            .findFirst().orElseThrow(() -> new AssertionError(csv));
        assertTrue(Long.parseLong(ping.get("samples")) > 0, ping::toString);
        assertTrue(Files.exists(bundle.resolve("ping.hlog")), "every round trip in an HdrHistogram log");
        assertTrue(Files.readString(bundle.resolve("summary.md")).contains("a spinning round trip between them: p50 "),
            "the latency tables show the ping beside the jitter floor");
        for (final Map<String, String> row : rows)
        {
            for (final String p : List.of("p99", "p99.9"))
            {
                final long need = p.equals("p99") ? 300 : 3_000;
                assertTrue(row.get(p).isEmpty() || Long.parseLong(row.get("samples")) >= need,
                    () -> p + " published from fewer than " + need + " samples: " + row);
            }
        }
    }

    @Test
    void pinAndIdleTablesAndHistogramsLandInTheBundle(@TempDir final Path home) throws Exception
    {
        final Path outDir = home.resolve("results");
        final int status = bench(home, args(outDir, "--family", "pin,idle", "--strategies", "xadd_batch,park_slot",
            "--threads", "1", "--backend", "heap"));
        assertEquals(Bench.EXIT_OK, status, () -> "stderr: " + err + "\nstdout: " + out);
        final Path bundle = bundles(outDir).get(0);
        final String summary = Files.readString(bundle.resolve("summary.md"));
        for (final String expected : List.of("### request+release batch", "### 2 MiB as 512 base pages",
            "### two threads, disjoint or shared folios", "### DMA pin+unpin", "### no-waiter tax", "| hook NONE | HEAP |",
            "| STATIC_KEY + MONITOR check | HEAP |", "### wakeup latency", "| PARK_SLOT | HEAP |", "### truncate"))
        {
            assertTrue(summary.contains(expected), () -> expected + " missing from\n" + summary);
        }
        assertFalse(summary.contains(" n/a |"), summary);
        assertTrue(Files.exists(bundle.resolve("wakeup.hlog")));
        assertReportImagesExist(bundle, 5); // floor-ratio bars of 3 pin tables, wakeup and truncate percentiles
        final Path hgrm = bundle.resolve("wakeup-PARK_SLOT.HEAP.hgrm");
        assertTrue(Files.readString(hgrm).contains("#[Mean"), "HdrHistogram percentile format");
        assertFalse(Files.exists(bundle.resolve("histograms-raw")), "per-fork logs are merged away");
        final JsonObject env = JsonParser.parseString(Files.readString(bundle.resolve("env.json"))).getAsJsonObject();
        final JsonObject batch = env.getAsJsonArray("effective").asList().stream().map(JsonElement::getAsJsonObject)
            .filter(r -> r.get("benchmark").getAsString().endsWith("PinBatchBench.requestRelease")).findFirst()
            .orElseThrow();
        assertEquals(List.of(128, 64), batch.getAsJsonArray("allocations").asList().stream()
            .map(a -> a.getAsJsonObject().get("stride_bytes").getAsInt()).distinct().sorted(Comparator.reverseOrder())
            .toList(), "the range reference's cells at the run's stride, the folio counts 64 apart: " + batch);

        // HdrHistogram's own tool reads the log and the tag
        final Path processed = home.resolve("processed");
        new org.HdrHistogram.HistogramLogProcessor(new String[] {"-i", bundle.resolve("wakeup.hlog").toString(),
            "-o", processed.toString(), "-tag", "PARK_SLOT.HEAP", "-outputValueUnitRatio", "1"}).run();
        assertTrue(Files.readString(Path.of(processed + ".hgrm")).contains("#[Mean"));
    }

    /** Every image REPORT.md shows exists as PNG and SVG, and there are at least {@code min} of them. */
    private static void assertReportImagesExist(final Path bundle, final int min) throws IOException
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("!\\[[^]]*]\\(([^)]+)\\)")
            .matcher(Files.readString(bundle.resolve("REPORT.md")));
        int images = 0;
        while (m.find())
        {
            final Path png = bundle.resolve(m.group(1));
            assertTrue(Files.size(png) > 1000, png::toString);
            assertTrue(Files.size(Path.of(png.toString().replace(".png", ".svg"))) > 1000, png::toString);
            images++;
        }
        assertTrue(images >= min, "REPORT.md shows " + images + " images");
    }

    @Test
    void aStrategyThatFailedItsCorrectnessTestsIsRefusedOrMarked(@TempDir final Path home) throws IOException
    {
        Files.createDirectories(home.resolve("impls/target/verdicts"));
        Files.writeString(home.resolve("impls/target/verdicts/contract-ref.properties"), "RCUREF=failed\nCAS_LOOP=passed\n");
        Files.createDirectories(home.resolve("stress/target/verdicts"));
        Files.writeString(home.resolve("stress/target/verdicts/jcstress.properties"), "ref.CAS_LOOP=passed\n");
        final Path outDir = home.resolve("results");
        final List<String> selection = List.of("--family", "ref", "--strategies", "rcuref,cas_loop", "--threads", "1",
            "--backend", "heap");
        final List<String> refused = new ArrayList<>(selection);
        refused.addAll(args(outDir));
        assertEquals(Bench.EXIT_USAGE, bench(home, refused));
        assertTrue(err.toString().contains("refusing to measure strategies that failed their correctness tests in this"
            + " build: ref.RCUREF (contract failed, jcstress not run)"), err::toString);
        assertFalse(Files.exists(outDir), "nothing started");

        final List<String> allowed = new ArrayList<>(selection);
        allowed.add("--allow-failing");
        allowed.addAll(args(outDir));
        assertEquals(Bench.EXIT_OK, bench(home, allowed), err::toString);
        final String summary = Files.readString(bundles(outDir).get(0).resolve("summary.md"));
        assertTrue(summary.contains("**WARNING: measured despite failing correctness tests:** ref.RCUREF"), summary);
        assertTrue(summary.contains("- correctness: 1 of 2 measured strategies passed"), summary);
    }

    @Test
    void badInputStartsNothingAndLeavesEarlierBundlesAlone(@TempDir final Path home) throws IOException
    {
        final Path outDir = Files.createDirectories(home.resolve("results"));
        final Path earlier = Files.createDirectories(outDir.resolve("20260101T000000Z-host"));
        Files.writeString(earlier.resolve("summary.md"), "earlier");

        assertEquals(Bench.EXIT_USAGE, bench(home, args(outDir, "--backend", "tmpfs", "--path", "/no/such/dir")));
        assertTrue(err.toString().contains("path /no/such/dir does not exist"), err::toString);
        assertEquals(Bench.EXIT_USAGE, bench(home, args(outDir, "--strategies", "nope")));
        assertEquals(Bench.EXIT_USAGE, bench(home, args(outDir, "--backend", "fsdax-sync")));
        assertTrue(err.toString().contains("cannot map files in /dev/shm with MAP_SYNC"), err::toString);
        assertEquals(Bench.EXIT_USAGE, bench(home, args(outDir, "--backend", "devdax", "--path", "/dev/dax0.0")));
        assertTrue(err.toString().contains("pass --overwrite-device"), err::toString);
        assertEquals(Bench.EXIT_USAGE, bench(home, args(outDir, "--backend", "heap", "--durability", "flush")));
        assertTrue(err.toString().contains("has nothing to flush"), err::toString);
        assertEquals(Bench.EXIT_USAGE, bench(home, args(outDir, "--threads", "1,x")));

        assertEquals(List.of(earlier), bundles(outDir));
        assertEquals("earlier", Files.readString(earlier.resolve("summary.md")));
        assertEquals("", out.toString(), "nothing started");
    }

    @Test
    void aFailingBenchmarkIsReportedAndTheRestIsKept(@TempDir final Path home) throws IOException
    {
        final Path outDir = home.resolve("results");
        // a JVM option the fork cannot start with makes every forked run fail
        final int status = bench(home, List.of("--strategies", "rcuref", "--threads", "1", "--backend", "heap",
            "--family", "ref", "--out", outDir.toString(), "--", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms",
            "-jvmArgsPrepend", "-XX:+NoSuchJvmOption"));
        assertEquals(Bench.EXIT_RUN_FAILED, status, out::toString);
        final Path bundle = bundles(outDir).get(0);
        final String summary = Files.readString(bundle.resolve("summary.md"));
        assertTrue(summary.contains("## Failed runs"), summary);
        assertTrue(err.toString().contains("runs failed"), err::toString);
    }
}
