package pinbench.run.check;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each check on a doctored bundle: it fires on exactly the row that breaks it, and only there. */
class BundleCheckTest
{
    private static final String HEADER = "family,table,benchmark,implementation,memory,params,threads,score,error,"
        + "unit,floor_ratio,samples,per_unit,mops_per_s,p50,p90,p99,p99.9,max,spec,placement,missing";
    /** A clean throughput row and a clean latency row. */
    private static final String GOOD = """
        ref,ref-get-put-pair,RefGetPutBench.getPut,RCUREF,TMPFS,backend=TMPFS;strategy=RCUREF,1,12.0,0.5,ns/op,2.0,10,,83.3,,,,,,3,,
        idle,idle-wakeup-latency,WakeLatencyBench.lastUnpinToWaiter,SPIN,TMPFS,strategy=SPIN,1,0.4,,us/op,,20000,,,0.3,0.35,1.2,25.0,900,4,,
        idle,idle-wakeup-latency,WakeLatencyBench.lastUnpinToWaiter,PARK_SLOT,TMPFS,strategy=PARK_SLOT,1,30,,us/op,,20000,,,26,29,40,300,2000,5,,
        """;
    private static final String ENV = """
        {"placement": [{"spec": 3, "benchmark": "RefGetPutBench.getPut", "thread": 0, "threads": 1, "cpus": [0, 1],
          "intended_cpu": 0, "observed": {"0": 9}, "involuntary_switches": %d, "watched_millis": 1000,
          "note": null}],
         "runs": {"planned": 3, "failed": [], "unreported": %s},
         "machine": {"warnings": [], "steal_by_spec": {"3": %s}, "forks": %s}}
        """;
    /** The run's fork: measured for 4 s on 2 CPUs, with {@code %d} involuntary switches and {@code %s} % steal. */
    private static final String FORK = """
        [{"spec": 3, "pid": 4242, "measured_millis": 4000, "involuntary_switches": %d, "voluntary_switches": 10,
          "steal_percent": %s, "cpus": 2}]
        """;

    private static Map<String, Finding> check(final Path dir, final String rows, final long switches,
        final String unreported) throws IOException
    {
        return check(dir, rows, switches, unreported, 0.1, "[]");
    }

    private static Map<String, Finding> check(final Path dir, final String rows, final long switches,
        final String unreported, final double steal, final String forks) throws IOException
    {
        Files.writeString(dir.resolve("tables.csv"), HEADER + "\r\n" + rows.replace("\n", "\r\n"));
        Files.writeString(dir.resolve("env.json"), String.format(Locale.ROOT, ENV, switches, unreported, steal,
            forks));
        return BundleCheck.check(dir).stream().collect(Collectors.toMap(Finding::check, f -> f));
    }

    private static Finding only(final Map<String, Finding> findings, final Finding.Level level)
    {
        final List<Finding> bad = findings.values().stream().filter(f -> f.level() != Finding.Level.OK).toList();
        assertEquals(1, bad.size(), bad::toString);
        assertEquals(level, bad.get(0).level(), bad::toString);
        return bad.get(0);
    }

    @Test
    void aCleanBundlePassesEveryCheck(@TempDir final Path dir) throws IOException
    {
        final Map<String, Finding> findings = check(dir, GOOD, 3, "[]");
        assertTrue(findings.values().stream().allMatch(f -> f.level() == Finding.Level.OK), findings::toString);
        assertFalse(BundleCheck.failed(List.copyOf(findings.values())));
    }

    @Test
    void threadsThatSharedACpuFail(@TempDir final Path dir) throws IOException
    {
        final Finding f = only(check(dir, GOOD.replace(",3,,", ",3,\"threads [0, 1] shared cpu 0\","), 3, "[]"),
            Finding.Level.FAILURE);
        assertEquals(List.of("ref-get-put-pair: RCUREF TMPFS backend=TMPFS;strategy=RCUREF threads=1"), f.rows());
    }

    @Test
    void oversubscribedRowsWarn(@TempDir final Path dir) throws IOException
    {
        only(check(dir, GOOD.replace(",3,,", ",3,oversubscribed: 4 busy threads on 2 CPUs,"), 3, "[]"),
            Finding.Level.WARNING);
    }

    @Test
    void aPercentileWithoutItsSamplesFails(@TempDir final Path dir) throws IOException
    {
        final Finding f = only(check(dir, GOOD.replace(",20000,,,0.3,", ",2000,,,0.3,"), 3, "[]"),
            Finding.Level.FAILURE);
        assertTrue(f.rows().get(0).contains("SPIN"), f::toString);
    }

    @Test
    void aWideIntervalWarns(@TempDir final Path dir) throws IOException
    {
        final Finding f = only(check(dir, GOOD.replace(",12.0,0.5,", ",12.0,3.0,"), 3, "[]"), Finding.Level.WARNING);
        assertTrue(f.rows().get(0).endsWith("(± 25%)"), f::toString);
    }

    @Test
    void aLatencyAtTheSchedulerTickWarns(@TempDir final Path dir) throws IOException
    {
        only(check(dir, GOOD.replace(",26,29,40,300,", ",26,29,40,8050,"), 3, "[]"), Finding.Level.WARNING);
    }

    @Test
    void aSpinnerSlowerThanAParkedWaiterFails(@TempDir final Path dir) throws IOException
    {
        only(check(dir, GOOD.replace(",0.3,0.35,1.2,25.0,", ",40,45,50,60,"), 3, "[]"), Finding.Level.FAILURE);
    }

    /** Issue 14's bundle (20261203T115507Z) has three such rows: AtomicLong, STRIPED and CAS_LOOP under a 7.16 ns handle floor. */
    @Test
    void aRowCheaperThanItsFloorWarnsUnlessTheIntervalsOverlap(@TempDir final Path dir) throws IOException
    {
        final String floor = "floor,floor-floors,FloorBench.handlePair,floor: handle pair,HEAP,,1,%s,0.6,ns/op,,30,,,"
            + ",,,,,7,,\n";
        final Finding f = only(check(dir, GOOD.replace(",12.0,0.5,ns/op,2.0,", ",12.0,0.5,ns/op,0.8,")
            + String.format(floor, "15.0"), 3, "[]"), Finding.Level.WARNING);
        assertEquals("nothing costs less than its floor", f.check());
        assertEquals(List.of("ref-get-put-pair: RCUREF TMPFS backend=TMPFS;strategy=RCUREF threads=1: 12.0 ± 0.500 ns/op"
            + " < floor 15.0 ± 0.600"), f.rows());
        assertTrue(check(dir, GOOD.replace(",12.0,0.5,ns/op,2.0,", ",12.0,0.5,ns/op," + 12.0 / 12.9 + ",")
            + String.format(floor, "12.9"), 3, "[]").values().stream().allMatch(x -> x.level() == Finding.Level.OK),
            "12 ± 0.5 against 12.9 ± 0.6: not apart");
        assertTrue(check(dir, GOOD.replace(",12.0,0.5,ns/op,2.0,", ",12.0,0.5,ns/op,0.8,"), 3, "[]").values().stream()
            .allMatch(x -> x.level() == Finding.Level.OK), "no floor row with an interval: nothing to judge by");
    }

    /** A batch table divides its cost per folio by the per-folio floor, and so does the check, interval included. */
    @Test
    void aPerFolioCostUnderItsFloorWarns(@TempDir final Path dir) throws IOException
    {
        final String rows = GOOD
            + "pin,pin-request-release-batch,PinBatchBench.requestRelease,XADD_BATCH,TMPFS,batch=512,1,1024.0,20.0,ns/op,"
            + "0.5,10,2.0,,,,,,,8,,\n"
            + "floor,floor-floors,FloorBench.folioPair,floor: folio pair,HEAP,,1,4.0,0.1,ns/op,,30,,,,,,,,9,,\n";
        final Finding f = only(check(dir, rows, 3, "[]"), Finding.Level.WARNING);
        assertEquals(1, f.rows().size(), f::toString);
        assertTrue(f.rows().get(0).startsWith("pin-request-release-batch: XADD_BATCH TMPFS batch=512 threads=1: 2.00 ± 0.039"
            + " ns/op < floor 4.00 ± 0.100"), f::toString);
    }

    @Test
    void aTailUnderTheMachinesOwnJitterWarns(@TempDir final Path dir) throws IOException
    {
        final String jitter = "floor,floor-jitter-floor,JitterBench.gap,jitter: nanoTime gaps > 1 us,thread-confined,,2,"
            + "5.0,,us/op,,20000,,,2.0,3.0,%s,80,900,6,,\n";
        assertTrue(check(dir, GOOD + String.format(jitter, "1.1"), 3, "[]").values().stream()
            .allMatch(f -> f.level() == Finding.Level.OK), "jitter p99 under every latency p99");
        final Finding f = only(check(dir, GOOD + String.format(jitter, "20.0"), 3, "[]"), Finding.Level.WARNING);
        assertEquals(1, f.rows().size(), f::toString);
        assertTrue(f.rows().get(0).contains("SPIN"), "SPIN's p99 of 1.2 us is under 20, PARK_SLOT's 40 is not: " + f);
    }

    @Test
    void aKillPhaseUnderTheJitterFloorIsNoTail(@TempDir final Path dir) throws IOException
    {
        final String jitter = "floor,floor-jitter-floor,JitterBench.gap,jitter: nanoTime gaps > 1 us,thread-confined,,2,"
            + "5.0,,us/op,,20000,,,2.0,3.0,1.1,80,900,6,,\n";
        final String phase = "ref,ref-kill-to-release-by-phase,RefKillLatencyBench.killToRelease,SLOTS_FENCED,TMPFS,"
            + "phase=BARRIER;phases=true;pinners=1;strategy=SLOTS_FENCED,1,0.03,,us/op,,20000,,,0.03,0.04,0.06,0.5,18,7,,\n";
        final Map<String, Finding> findings = check(dir, GOOD + jitter + phase, 3, "[]");
        assertTrue(findings.values().stream().allMatch(f -> f.level() == Finding.Level.OK),
            "a 60 ns barrier is a part of a kill, not a tail under the jitter floor: " + findings);
        final Finding f = only(check(dir, GOOD + jitter + phase.replace("ref-kill-to-release-by-phase",
            "ref-kill-to-release-latency"), 3, "[]"), Finding.Level.WARNING);
        assertEquals(1, f.rows().size(), "the same numbers as a whole kill are: " + f);
    }

    @Test
    void aPreemptedThreadWarns(@TempDir final Path dir) throws IOException
    {
        only(check(dir, GOOD, (long)BundleCheck.PREEMPTIONS_PER_SECOND + 1, "[]"), Finding.Level.WARNING);
    }

    @Test
    void aRunWithStolenTimeWarns(@TempDir final Path dir) throws IOException
    {
        final Finding f = only(check(dir, GOOD, 3, "[]", 2.5, "[]"), Finding.Level.WARNING);
        assertEquals(List.of("run 3: 2.5% of CPU time stolen by the hypervisor"), f.rows());
    }

    @Test
    void aForkQuietWhileItMeasuredPasses(@TempDir final Path dir) throws IOException
    {
        final Map<String, Finding> findings = check(dir, GOOD, 3, "[]", 2.5, String.format(Locale.ROOT, FORK, 400, 0.2));
        assertTrue(findings.values().stream().allMatch(f -> f.level() == Finding.Level.OK),
            "the fork's own measurement window overrides the run's steal, start-up included: " + findings);
    }

    @Test
    void aForkWithStolenTimeWhileItMeasuredWarns(@TempDir final Path dir) throws IOException
    {
        final Finding f = only(check(dir, GOOD, 3, "[]", 0.1, String.format(Locale.ROOT, FORK, 400, 3.0)),
            Finding.Level.WARNING);
        assertEquals(List.of("run 3 (pid 4242): 3.0% of CPU time stolen by the hypervisor while it measured"), f.rows());
    }

    @Test
    void aForkPreemptedMoreThanOnceATickPerCpuWarns(@TempDir final Path dir) throws IOException
    {
        // 2 CPUs x 250/s x 4 s = 2,000 switches is the limit
        assertTrue(check(dir, GOOD, 3, "[]", 0.1, String.format(Locale.ROOT, FORK, 2_000, 0.1)).values().stream()
            .allMatch(f -> f.level() == Finding.Level.OK));
        final Finding f = only(check(dir, GOOD, 3, "[]", 0.1, String.format(Locale.ROOT, FORK, 2_004, 0.1)),
            Finding.Level.WARNING);
        assertEquals(List.of("run 3 (pid 4242): its threads were switched out (preempted, or yielded to another thread)"
            + " 501 times a second while it measured, more than once a scheduler tick on each of its 2 CPUs"), f.rows());
    }

    @Test
    void aRunThatDidNotReportItsSettingsWarns(@TempDir final Path dir) throws IOException
    {
        only(check(dir, GOOD, 3, "[\"RefGetPutBench.getPut strategy=RCUREF threads=1\"]"), Finding.Level.WARNING);
    }

    /** The clean bundle with a {@code memory} section in env.json. */
    private static Map<String, Finding> withMemory(final Path dir, final String memory) throws IOException
    {
        check(dir, GOOD, 3, "[]");
        final Path env = dir.resolve("env.json");
        Files.writeString(env, Files.readString(env).replace("\"runs\":", "\"memory\": " + memory + ", \"runs\":"));
        return BundleCheck.check(dir).stream().collect(Collectors.toMap(Finding::check, f -> f));
    }

    @Test
    void countersFoundOffTheNodeTheyWereBoundToFail(@TempDir final Path dir) throws IOException
    {
        final String check = "counter memory was on the NUMA node it was bound to";
        assertEquals(Finding.Level.OK, withMemory(dir, """
            [{"backend": "TMPFS", "mem_node": 1, "pages_found": {"node 1": 40}},
             {"backend": "HEAP", "mem_node": null, "pages_found": null}]""").get(check).level());
        final Finding elsewhere = only(withMemory(dir, """
            [{"backend": "TMPFS", "mem_node": 1, "pages_found": {"node 0": 3, "node 1": 37, "not present": 2}},
             {"backend": "DIRECT", "mem_node": 1, "pages_found": null}]"""), Finding.Level.FAILURE);
        assertEquals(List.of("TMPFS: bound to node 1, 3 pages on node 0", "TMPFS: bound to node 1, 2 pages not present",
            "DIRECT: bound to node 1, no page was read back"), elsewhere.rows());
    }
}
