package pinbench.run;

import org.junit.jupiter.api.Test;
import pinbench.benchmarks.BenchDefaults;
import pinbench.idle.IdleStrategy;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.ref.RefStrategy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunItemTest
{
    private static final Path HISTOGRAMS = Path.of("/tmp/h");

    private static List<RunItem> plan(final String... args) throws UsageException
    {
        return RunItem.plan(Options.parse(List.of(args), Path.of("r")));
    }

    private static long count(final List<RunItem> plan, final Family family)
    {
        return plan.stream().filter(i -> i.family() == family).count();
    }

    @Test
    void refPlanCoversStrategiesBackendsAlternativesAndFloors() throws UsageException
    {
        final List<RunItem> plan = plan("--family", "ref", "--threads", "1,2", "--backend", "heap,tmpfs");
        final int strategies = RefStrategy.values().length;
        assertEquals(2 * 2 + 1, plan.stream().filter(i -> i.family() == null).count(),
            "two floors at two thread counts, and core-to-core");
        assertEquals(2 * (3 * strategies * 2 + 3), count(plan, Family.REF));
        assertEquals(Scenario.FLOORS, plan.get(0).scenario());
        assertTrue(plan.stream().anyMatch(i -> i.params().equals(Map.of("strategy", "BIASED", "backend", "HEAP",
            "pinners", "2")) && i.threads() == 1));
    }

    @Test
    void pinAndIdlePlansFollowTheirOwnColumns() throws UsageException
    {
        final List<RunItem> plan = plan("--family", "pin,idle", "--threads", "1");
        final int pins = PinStrategy.values().length;
        final int wakes = IdleStrategy.values().length;
        // batch 3 columns, order 2, sharing 2, idleAt 2, then the tax rows: hooks + wake checks
        assertEquals(pins * (3 + 2 + 2 + 2) + UnpinHook.values().length + wakes, count(plan, Family.PIN));
        assertEquals(2L * wakes, count(plan, Family.IDLE));
        assertTrue(plan.stream().anyMatch(i -> i.family() == null && i.threads() == 2),
            "the sharing table runs at 2 threads, so the floors do too");
        assertTrue(plan.stream().anyMatch(i -> i.params().equals(Map.of("strategy", "XADD_BATCH", "batch", "16",
            "backend", "TMPFS", "sharing", "SHARED")) && i.threads() == 2));
    }

    @Test
    void strategySelectionNarrowsOnlyTheSweptRows() throws UsageException
    {
        final List<RunItem> plan = plan("--family", "ref", "--threads", "1", "--strategies", "rcuref");
        assertTrue(plan.stream().filter(i -> i.params().containsKey("strategy"))
            .allMatch(i -> i.params().get("strategy").equals("RCUREF")));
        assertEquals(2 + 1 + 3 + 3, plan.size()); // floors, core-to-core, 3 swept benchmarks, 3 alternatives
    }

    @Test
    void profileAppliesUnlessJmhOptionsSayOtherwise() throws UsageException
    {
        final Options o = Options.parse(List.of("--family", "ref", "--threads", "2", "--strategies", "rcuref", "--",
            "-f", "2", "-i", "7", "-jvmArgsPrepend", "-Xmx1g"), Path.of("r"));
        final RunItem getPut = RunItem.plan(o).stream().filter(i -> i.bench().shortName().equals("RefGetPutBench.getPut"))
            .findFirst().orElseThrow();
        final org.openjdk.jmh.runner.options.Options jmh = getPut.jmhOptions(o, HISTOGRAMS);
        assertEquals(2, jmh.getForkCount().get());
        assertEquals(7, jmh.getMeasurementIterations().get());
        assertEquals(Profile.QUICK.warmupIterations, jmh.getWarmupIterations().get());
        assertEquals(Profile.QUICK.measurementMillis, jmh.getMeasurementTime().get().convertTo(TimeUnit.MILLISECONDS));
        assertEquals(2, jmh.getThreads().get());
        assertEquals(List.of("RCUREF"), List.copyOf(jmh.getParameter("strategy").get()));
        final List<String> prepend = List.copyOf(jmh.getJvmArgsPrepend().get());
        assertTrue(prepend.containsAll(List.of(BenchDefaults.REQUIRED_JVM_ARGS)), prepend::toString);
        assertTrue(prepend.contains("-Xmx1g"), prepend::toString);
        assertTrue(prepend.contains("-Dpinbench.path=/dev/shm"), prepend::toString);
        assertTrue(prepend.contains("-Dpinbench.histograms=/tmp/h"), prepend::toString);
    }

    @Test
    void latencyBenchmarksPutTheThreadCountIntoPinners() throws UsageException
    {
        final Options o = Options.parse(List.of("--family", "ref", "--threads", "4", "--strategies", "cas_loop"),
            Path.of("r"));
        final RunItem kill = RunItem.plan(o).stream().filter(i -> i.params().containsKey("pinners")).findFirst()
            .orElseThrow();
        final org.openjdk.jmh.runner.options.Options jmh = kill.jmhOptions(o, HISTOGRAMS);
        assertEquals(1, jmh.getThreads().get());
        assertEquals(List.of("4"), List.copyOf(jmh.getParameter("pinners").get()));
    }
}
