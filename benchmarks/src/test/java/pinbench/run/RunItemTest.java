package pinbench.run;

import org.junit.jupiter.api.Test;
import pinbench.benchmarks.BenchDefaults;
import pinbench.memory.Backend;
import pinbench.ref.RefStrategy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunItemTest
{
    @Test
    void planCoversFloorStrategiesBackendsAndAlternatives() throws UsageException
    {
        final Options o = Options.parse(List.of("--threads", "1,2", "--backend", "heap,tmpfs"), Path.of("r"));
        final List<RunItem> plan = RunItem.plan(o);
        final int strategies = RefStrategy.values().length;
        final int floor = 2;
        final int perStrategyBenches = 3; // get+put, tryGetLive+put, kill latency
        final int alternatives = 3;
        assertEquals(floor + 2 * (perStrategyBenches * strategies * 2 + alternatives), plan.size());
        assertEquals(Scenario.FLOOR, plan.get(0).scenario());
        assertTrue(plan.stream().anyMatch(i -> "BIASED".equals(i.strategy()) && i.backend() == Backend.HEAP
            && i.bench().pinners() && i.threads() == 2));
    }

    @Test
    void strategySelectionNarrowsOnlyTheSweptBenchmarks() throws UsageException
    {
        final Options o = Options.parse(List.of("--threads", "1", "--strategies", "rcuref"), Path.of("r"));
        final List<RunItem> plan = RunItem.plan(o);
        assertTrue(plan.stream().filter(i -> i.strategy() != null).allMatch(i -> i.strategy().equals("RCUREF")));
        assertEquals(1 + 3 + 3, plan.size()); // floor, 3 swept benchmarks, 3 alternatives
    }

    @Test
    void profileAppliesUnlessJmhOptionsSayOtherwise() throws UsageException
    {
        final Options o = Options.parse(List.of("--threads", "2", "--strategies", "rcuref", "--", "-f", "2", "-i", "7",
            "-jvmArgsPrepend", "-Xmx1g"), Path.of("r"));
        final RunItem getPut = RunItem.plan(o).stream().filter(i -> i.strategy() != null && !i.bench().pinners())
            .findFirst().orElseThrow();
        final org.openjdk.jmh.runner.options.Options jmh = getPut.jmhOptions(o);
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
    }

    @Test
    void latencyBenchmarksPutTheThreadCountIntoPinners() throws UsageException
    {
        final Options o = Options.parse(List.of("--threads", "4", "--strategies", "cas_loop"), Path.of("r"));
        final RunItem kill = RunItem.plan(o).stream().filter(i -> i.bench().pinners()).findFirst().orElseThrow();
        final org.openjdk.jmh.runner.options.Options jmh = kill.jmhOptions(o);
        assertEquals(1, jmh.getThreads().get());
        assertEquals(List.of("4"), List.copyOf(jmh.getParameter("pinners").get()));
    }
}
