package pinbench.run.plan;

import org.openjdk.jmh.runner.options.CommandLineOptions;
import pinbench.memory.Memory;
import org.openjdk.jmh.runner.options.TimeValue;
import pinbench.run.catalog.Benchmark;
import pinbench.run.catalog.Profile;
import pinbench.run.catalog.Table;
import pinbench.run.catalog.Tables;
import pinbench.topology.PlacementPolicy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The selection expanded once: every table with its rows and columns, and the runs behind them in
 * the order they run (floors and core-to-core first, then each family's tables).
 *
 * @param selection what was selected, for the reports.
 * @param tables    floors, core-to-core, then every family's tables, in report order.
 * @param specs     every run, in order; {@code specs.get(i).index() == i}.
 * @param memories  the memories the runs allocate from (each checked usable).
 * @param verdicts  correctness verdicts of the selected strategies, keyed {@code family.STRATEGY}.
 * @param jmh       the JMH options the user gave after {@code --}, on top of the profile.
 */
public record RunPlan(Selection selection, List<PlannedTable> tables, List<RunSpec> specs, List<Memory> memories,
    Map<String, Verdicts.Verdict> verdicts, CommandLineOptions jmh)
{
    /** The floor run a table's cells at {@code threads} are divided by, if the table has a floor. */
    public Optional<RunSpec> floor(final Table table, final int threads, final PlacementPolicy placement)
    {
        return floor(table.floor(), threads, placement);
    }

    /** The run of a floor benchmark at a thread count, its threads placed the same way. */
    public Optional<RunSpec> floor(final Benchmark floor, final int threads, final PlacementPolicy placement)
    {
        if (floor == null)
        {
            return Optional.empty();
        }
        final PlannedTable floors = tables.get(0);
        return floors.rows().stream().filter(r -> r.benchmark().equals(floor) && r.placement() == placement)
            .findFirst().map(r -> floors.cells().get(r).get(String.valueOf(threads)));
    }

    /** How long all the runs should take: the sum of {@link #estimate(RunSpec)}. */
    public Duration estimate()
    {
        return specs.stream().map(this::estimate).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * How long a run should take: its forks' start-up (longer when its threads fill the CPUs), warm-up
     * and measurement as the profile sets them for the run's kind of table, unless JMH options after
     * {@code --} say otherwise.
     */
    public Duration estimate(final RunSpec spec)
    {
        final Profile p = selection.profile();
        final long warmup = jmh.getWarmupIterations().orElse(p.warmupIterations)
            * jmh.getWarmupTime().orElse(TimeValue.milliseconds(p.warmupMillis)).convertTo(TimeUnit.MILLISECONDS);
        final long measurement = jmh.getMeasurementIterations().orElse(p.measurementIterations)
            * jmh.getMeasurementTime().orElse(TimeValue.milliseconds(p.measurementMillis(spec.table().kind())))
            .convertTo(TimeUnit.MILLISECONDS);
        final long filled = spec.threads() >= selection.cpus() ? Profile.FILLED_CPUS_OVERHEAD_MILLIS : 0;
        return Duration.ofMillis(jmh.getForkCount().orElse(p.forks) * (Profile.FORK_OVERHEAD_MILLIS + filled + warmup
            + measurement));
    }

    /** Whether this is the table of the floors. */
    public static boolean isFloors(final Table table)
    {
        return table == Tables.FLOORS;
    }
}
