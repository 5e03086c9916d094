package pinbench.run.plan;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinbench.Family;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.ForkContract;
import pinbench.idle.IdleStrategy;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.memory.Memory;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.ref.RefStrategy;
import pinbench.run.catalog.Profile;
import pinbench.run.catalog.Tables;
import pinbench.run.cli.CommandLine;
import pinbench.run.cli.RunCommand;
import pinbench.run.cli.UsageException;
import pinbench.run.exec.Executor;
import pinbench.run.exec.Profilers;
import pinbench.topology.PlacementPolicy;
import pinbench.topology.Topology;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlannerTest
{
    private static final Path BUNDLE = Path.of("/tmp/b");

    private static RunCommand command(final String... args) throws UsageException
    {
        return (RunCommand)CommandLine.parse(List.of(args), Path.of("r"), 2);
    }

    private static RunPlan plan(final String... args) throws UsageException
    {
        return Planner.plan(command(args), Path.of("no-checkout"));
    }

    private static long count(final RunPlan plan, final Family family)
    {
        return plan.specs().stream().filter(s -> s.table().family() == family).count();
    }

    @Test
    void refPlanCoversStrategiesBackendsAlternativesAndFloors() throws UsageException
    {
        final RunPlan plan = plan("--family", "ref", "--threads", "1,2", "--backend", "heap,tmpfs");
        final int strategies = RefStrategy.values().length;
        assertEquals(4 * 2 + 2 + 2, plan.specs().stream().filter(s -> s.table().family() == null).count(),
            "four floors at two thread counts, core-to-core and its matrix, and the jitter and ping floors of the"
                + " latency tables");
        // per backend and strategy: three benchmarks at two columns, the phase run, kills in parallel at two
        // columns, get+put past 64 handles at two; and 3 alternatives
        assertEquals(2 * (3 * strategies * 2 + strategies + 2 * strategies + 2 * strategies + 3), count(plan, Family.REF));
        assertEquals(Tables.FLOORS, plan.specs().get(0).table());
        assertTrue(plan.specs().stream().anyMatch(s -> s.params().equals(Map.of("strategy", "BIASED", "backend", "HEAP",
            "pinners", "2")) && s.threads() == 1));
        for (int i = 0; i < plan.specs().size(); i++)
        {
            assertEquals(i, plan.specs().get(i).index());
        }
    }

    @Test
    void everyCellOfEveryTableHasItsOwnRunOrItsRowsTaggedRun() throws UsageException
    {
        final RunPlan plan = plan("--threads", "1,2");
        final Set<RunSpec> runs = new HashSet<>();
        long cells = 0;
        for (final PlannedTable t : plan.tables())
        {
            for (final Row row : t.rows())
            {
                for (final String column : t.columns())
                {
                    final RunSpec spec = t.spec(row, column);
                    assertEquals(row, spec.row());
                    assertEquals(t.table().axis().tagged() ? "" : column, spec.column());
                    final boolean shared = !runs.add(spec);
                    assertEquals(t.table().axis().tagged() && !column.equals(t.columns().get(0)), shared,
                        "only the columns of a tagged axis share a run, their row's");
                    cells++;
                }
            }
        }
        assertEquals(Set.copyOf(plan.specs()), runs, "no run without a cell");
        final long tagged = plan.tables().stream().filter(t -> t.table().axis().tagged())
            .mapToLong(t -> (long)t.rows().size() * (t.columns().size() - 1)).sum();
        assertTrue(tagged > 0, "the kill phases are a tagged table");
        assertEquals(plan.specs().size() + tagged, cells, "the tables are the plan: no cell twice");
        assertTrue(plan.floor(Tables.of(Family.REF).get(0), 2, PlacementPolicy.SPREAD).isPresent());
    }

    @Test
    void pinAndIdlePlansFollowTheirOwnColumns() throws UsageException
    {
        final RunPlan plan = plan("--family", "pin,idle", "--threads", "1");
        final int pins = PinStrategy.values().length;
        final int idles = IdleStrategy.values().length;
        // batch 3 columns, order 2, sharing 2, idleAt 2, then the tax rows: hooks + idle checks
        assertEquals(pins * (3 + 2 + 2 + 2) + UnpinHook.values().length + idles, count(plan, Family.PIN));
        assertEquals(2L * idles, count(plan, Family.IDLE));
        assertTrue(plan.specs().stream().anyMatch(s -> s.table().family() == null && s.threads() == 2),
            "the sharing table runs at 2 threads, so the floors do too");
        assertTrue(plan.specs().stream().anyMatch(s -> s.params().equals(Map.of("strategy", "XADD_BATCH", "batch", "16",
            "backend", "TMPFS", "sharing", "SHARED")) && s.threads() == 2));
        assertEquals(Tables.FOLIO_FLOOR, plan.floor(Tables.of(Family.PIN).get(0), 1, PlacementPolicy.SPREAD).orElseThrow().row().benchmark(),
            "per-folio pin tables divide by the floor of their own shape");
        assertTrue(plan.floor(Tables.of(Family.PIN).get(1), 1, PlacementPolicy.SPREAD).isEmpty(), "2 MiB per operation has no per-folio floor");
    }

    @Test
    void parameterAxesComeFromTheBenchmarksOwnParams()
    {
        final var pin = Tables.of(Family.PIN);
        assertEquals(List.of("1", "16", "512"), pin.get(0).axis().values(), "@Param({\"1\", \"16\", \"512\"}) batch");
        assertEquals(List.of("0", "9"), pin.get(1).axis().values());
        assertEquals(List.of("DISJOINT", "SHARED"), pin.get(2).axis().values(), "an enum axis sweeps its constants");
        assertEquals(List.of("ZERO", "ONE"), pin.get(3).axis().values());
    }

    @Test
    void strategySelectionNarrowsOnlyTheSweptRows() throws UsageException
    {
        final RunPlan plan = plan("--family", "ref", "--threads", "1", "--strategies", "rcuref");
        assertTrue(plan.specs().stream().filter(s -> s.params().containsKey("strategy"))
            .allMatch(s -> s.params().get("strategy").equals("RCUREF")));
        // 4 floors, core-to-core and its matrix, jitter and ping, 3 swept benchmarks, the kill phases, kills in parallel, get+put
        // past 64 handles at two columns, 3 alternatives
        assertEquals(4 + 2 + 2 + 3 + 1 + 1 + 2 + 3, plan.specs().size());
        assertEquals(Set.of("ref.RCUREF"), plan.verdicts().keySet());
    }

    /** Two CPUs that are SMT siblings of one core. */
    private static final Topology SIBLINGS = new Topology(List.of(new Topology.Cpu(0, 0, 0, 0, 0),
        new Topology.Cpu(1, 0, 0, 0, 0)), "two siblings");
    /** Two CPUs on two cores, as this VM has. */
    private static final Topology TWO_CORES = new Topology(List.of(new Topology.Cpu(0, 0, 0, 0, 0),
        new Topology.Cpu(1, 1, 0, 0, 0)), "two cores");

    @Test
    void eachPlacementIsARowOfEveryTableWithItsOwnFloorAndForkSetting() throws UsageException
    {
        final RunCommand command = command("--family", "ref", "--threads", "1,2", "--strategies", "rcuref",
            "--placement", "spread,smt");
        final RunPlan plan = Planner.plan(command, Path.of("no-checkout"), SIBLINGS);
        final RunPlan single = Planner.plan(command("--family", "ref", "--threads", "1,2", "--strategies", "rcuref"),
            Path.of("no-checkout"), SIBLINGS);
        assertEquals(2 * single.specs().size() - 1, plan.specs().size(), "every run twice but the matrix");
        for (final PlannedTable t : plan.tables())
        {
            if (t.table() == Tables.CORE_TO_CORE_MATRIX)
            {
                assertEquals(1, t.rows().size(), "the matrix pins its own threads: one row whatever the policies");
                continue;
            }
            assertEquals(t.rows().stream().filter(r -> r.placement() == PlacementPolicy.SPREAD).count(),
                t.rows().stream().filter(r -> r.placement() == PlacementPolicy.SMT).count(), t.table().title());
        }
        final RunSpec smtGetPut = plan.specs().stream().filter(s -> s.row().placement() == PlacementPolicy.SMT
            && s.row().benchmark().shortName().equals("RefGetPutBench.getPut") && s.threads() == 2).findFirst()
            .orElseThrow();
        assertEquals(PlacementPolicy.SMT, plan.floor(smtGetPut.table(), 2, PlacementPolicy.SMT).orElseThrow().row()
            .placement(), "a row divides by the floor placed like it");
        assertTrue(smtGetPut.describe().endsWith("threads=2 placement=smt"), smtGetPut.describe());
        final ForkContract.Settings settings = Executor.forkSettings(plan.selection(), BUNDLE, "run-1")
            .forSpec(smtGetPut.index(), smtGetPut.row().placement());
        assertTrue(settings.asJvmArgs().contains("-D" + ForkContract.POLICY + "=smt"), settings.asJvmArgs()::toString);
    }

    @Test
    void placementsTheCpusCannotGiveAreRefusedBeforeAnythingRuns() throws UsageException
    {
        final UsageException smt = assertThrows(UsageException.class, () -> Planner.plan(command("--placement",
            "spread,smt"), Path.of("no-checkout"), TWO_CORES));
        assertEquals("--placement smt needs a core with two CPUs (SMT siblings) among the CPUs this process may use;"
            + " it saw 2 CPUs (0-1): 1 package, 2 cores, 1 CPU per core (no SMT), 1 last-level cache, 1 NUMA node;"
            + " valid here: spread,compact", smt.getMessage());
        final UsageException cross = assertThrows(UsageException.class, () -> Planner.plan(command("--placement",
            "cross-socket"), Path.of("no-checkout"), SIBLINGS));
        assertTrue(cross.getMessage().startsWith("--placement cross-socket needs CPUs on two packages"),
            cross.getMessage());
        final UsageException off = assertThrows(UsageException.class, () -> Planner.plan(command("--placement",
            "compact", "--affinity", "off"), Path.of("no-checkout"), SIBLINGS));
        assertTrue(off.getMessage().contains("--affinity off pins none"), off.getMessage());
    }

    /** A 16-CPU machine: 8 cores of 2 SMT siblings (CPUs n and n + 8), one package, one node. */
    private static Topology sixteenCpus()
    {
        final List<Topology.Cpu> cpus = new java.util.ArrayList<>();
        for (int id = 0; id < 16; id++)
        {
            cpus.add(new Topology.Cpu(id, id % 8, 0, 0, 0));
        }
        return new Topology(cpus, "1 x 8 cores x 2 SMT");
    }

    @Test
    void theDeviceProfileChecksEveryScalingClaimOfRefAndIdleOnSixteenCpusWithinEightMinutes()
        throws UsageException
    {
        final RunCommand command = (RunCommand)CommandLine.parse(List.of("--profile", "device"), Path.of("r"), 16);
        final RunPlan plan = Planner.plan(command, Path.of("no-checkout"), sixteenCpus());
        assertEquals(List.of(Family.REF, Family.IDLE), plan.selection().families());
        assertEquals(List.of(1, 2, 4, 8, 16, 32), plan.selection().threads(), "the full sweep, oversubscribed too");
        assertEquals(List.of(PlacementPolicy.SPREAD, PlacementPolicy.COMPACT, PlacementPolicy.SMT),
            plan.selection().placements(), "every policy one package with SMT allows");
        final Set<String> titles = new HashSet<>();
        plan.tables().forEach(t -> titles.add(t.table().title()));
        assertTrue(titles.containsAll(List.of("get+put pair", "tryGetLive+put pair", "kill-to-release latency",
            "kills in parallel", "wakeup latency", "truncate", "core-to-core matrix")), titles::toString);
        assertTrue(plan.tables().stream().noneMatch(t -> !t.table().axis().sweepsThreads() && !t.table().axis()
            .isSingle()), "no parameter study");
        for (final RunSpec spec : plan.specs())
        {
            if (spec.table() == Tables.FLOORS)
            {
                assertEquals(Tables.HANDLE_FLOOR, spec.row().benchmark(), "only the floor the ref tables divide by");
            }
            else if (spec.table().family() != null)
            {
                assertTrue(Profile.DEVICE_STRATEGIES.contains(spec.row().label()), spec::describe);
            }
        }
        assertEquals(18, plan.specs().stream().filter(s -> s.table().title().equals("get+put pair")
            && s.row().label().equals("SLOTS_MEMBARRIER")).count(), "6 thread counts x 3 policies");
        assertTrue(plan.estimate().compareTo(java.time.Duration.ofMinutes(8)) <= 0, plan.estimate()::toString);
    }

    @Test
    void placementAllKeepsThePoliciesTheseCpusCanGive() throws UsageException
    {
        assertEquals(List.of(PlacementPolicy.SPREAD, PlacementPolicy.COMPACT), Planner.plan(command("--placement",
            "all", "--family", "idle"), Path.of("no-checkout"), TWO_CORES).selection().placements());
        assertEquals(List.of(PlacementPolicy.SPREAD), Planner.plan(command("--placement", "all", "--family", "idle",
            "--affinity", "off"), Path.of("no-checkout"), TWO_CORES).selection().placements());
        final RunPlan quick = Planner.plan(command("--family", "ref"), Path.of("no-checkout"), TWO_CORES);
        assertTrue(quick.tables().stream().anyMatch(t -> t.table().title().equals("get+put past 64 handles")),
            "quick and full keep the parameter studies");
    }

    @Test
    void aMemoryNodeReachesEveryMemoryAndTheForksButOnlyWhenAsked() throws UsageException
    {
        final RunPlan bound = plan("--family", "ref", "--threads", "1", "--strategies", "rcuref", "--backend",
            "tmpfs,direct", "--mem-node", "0");
        assertTrue(bound.memories().stream().allMatch(m -> m.memNode() == 0), bound.memories()::toString);
        final ForkContract.Settings settings = Executor.forkSettings(bound.selection(), BUNDLE, "run-1");
        assertTrue(settings.asJvmArgs().contains("-D" + ForkContract.MEM_NODE + "=0"), settings.asJvmArgs()::toString);
        assertEquals(0, settings.memory(Backend.TMPFS, Durability.NONE).memNode());
        final ForkContract.Settings unbound = Executor.forkSettings(plan("--family", "ref", "--threads", "1",
            "--strategies", "rcuref").selection(), BUNDLE, "run-1");
        assertTrue(unbound.asJvmArgs().stream().noneMatch(a -> a.startsWith("-D" + ForkContract.MEM_NODE)),
            unbound.asJvmArgs()::toString);
        assertEquals(Memory.ANY_NODE, unbound.memory(Backend.TMPFS, Durability.NONE).memNode());
    }

    @Test
    void durabilityAddsRowsOnlyWhereItApplies() throws UsageException
    {
        final RunPlan plan = plan("--family", "ref", "--threads", "1", "--strategies", "rcuref", "--backend",
            "heap,tmpfs", "--durability", "none,flush");
        final PlannedTable getPut = plan.tables().stream().filter(t -> t.table().title().equals("get+put pair"))
            .findFirst().orElseThrow();
        assertEquals(List.of("RCUREF HEAP", "RCUREF TMPFS", "RCUREF TMPFS +FLUSH"), getPut.rows().stream()
            .filter(r -> r.params().containsKey("strategy")).map(r -> r.label() + " " + r.memory()).toList());
        assertEquals(3, plan.memories().size(), "heap, tmpfs, tmpfs with flush");
    }

    @Test
    void profileAppliesUnlessJmhOptionsSayOtherwise() throws UsageException
    {
        final RunCommand command = command("--family", "ref", "--threads", "2", "--strategies", "rcuref", "--",
            "-f", "2", "-i", "7", "-jvmArgsPrepend", "-Xmx1g");
        final RunPlan plan = Planner.plan(command, Path.of("no-checkout"));
        final RunSpec getPut = plan.specs().stream()
            .filter(s -> s.row().benchmark().shortName().equals("RefGetPutBench.getPut")).findFirst().orElseThrow();
        final ForkContract.Settings settings = Executor.forkSettings(plan.selection(), BUNDLE, "run-1")
            .forSpec(getPut.index(), getPut.row().placement());
        final org.openjdk.jmh.runner.options.Options jmh = executor(plan, command).jmhOptions(getPut, settings,
            BUNDLE);
        assertEquals(2, jmh.getForkCount().get());
        assertEquals(7, jmh.getMeasurementIterations().get());
        assertEquals(Profile.QUICK.warmupIterations, jmh.getWarmupIterations().get());
        assertEquals(Profile.QUICK.measurementMillis, jmh.getMeasurementTime().get().convertTo(TimeUnit.MILLISECONDS));
        assertEquals(2, jmh.getThreads().get());
        assertEquals(List.of("RCUREF"), List.copyOf(jmh.getParameter("strategy").get()));
        final List<String> prepend = List.copyOf(jmh.getJvmArgsPrepend().get());
        assertTrue(prepend.containsAll(List.of(BenchDefaults.REQUIRED_JVM_ARGS)), prepend::toString);
        assertTrue(prepend.contains("-Xmx1g"), prepend::toString);
        assertTrue(prepend.containsAll(settings.asJvmArgs()), prepend::toString);
        assertTrue(prepend.contains("-Dpinbench.spec=" + getPut.index()), prepend::toString);
    }

    @Test
    void latencyBenchmarksPutTheThreadCountIntoPinners() throws UsageException
    {
        final RunCommand command = command("--family", "ref", "--threads", "4", "--strategies", "cas_loop");
        final RunPlan plan = Planner.plan(command, Path.of("no-checkout"));
        final RunSpec kill = plan.specs().stream().filter(s -> s.params().containsKey("pinners")).findFirst()
            .orElseThrow();
        final org.openjdk.jmh.runner.options.Options jmh = executor(plan, command).jmhOptions(kill,
            Executor.forkSettings(plan.selection(), BUNDLE, "run-1"), BUNDLE);
        assertEquals(1, jmh.getThreads().get());
        assertEquals(List.of("4"), List.copyOf(jmh.getParameter("pinners").get()));
    }

    private static Executor executor(final RunPlan plan, final RunCommand command) throws UsageException
    {
        return new Executor(plan, Profilers.prepare(command.profilers(), command.jmh(), Path.of(".")), System.out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "-- -p strategy=RCUREF        | conflicts with the runner's own selection",
        "-- -p pinners=3              | conflicts with the runner's own selection",
        "-- -p hook=NONE              | conflicts with the runner's own selection",
        "-- -p delayMicros=x          | 'x' is not a value of delayMicros",
        "-- -p nosuch=1               | no selected benchmark has a parameter 'nosuch'",
    })
    void jmhParametersThatFightThePlanAreRefused(final String args, final String expected)
    {
        final UsageException ex = assertThrows(UsageException.class, () -> plan(args.trim().split(" +")));
        assertTrue(ex.getMessage().contains(expected.trim()), () -> "message was: " + ex.getMessage());
    }
}
