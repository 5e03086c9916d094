package pinbench.run.plan;

import pinbench.Described;
import pinbench.Family;
import pinbench.benchmarks.Placement;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.memory.Memory;
import pinbench.run.catalog.Benchmark;
import pinbench.run.catalog.Kind;
import pinbench.run.catalog.Rows;
import pinbench.run.catalog.Source;
import pinbench.run.catalog.Table;
import pinbench.run.catalog.Tables;
import pinbench.run.cli.ParamCheck;
import pinbench.run.cli.RunCommand;
import pinbench.run.cli.UsageException;
import pinbench.topology.PlacementPolicy;
import pinbench.topology.Topology;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Expands a {@link RunCommand} into a {@link RunPlan}, once: the tables' rows and columns, the runs,
 * the memories; and refuses, before anything runs, JMH options that fight the plan, memories that
 * cannot be used and strategies that failed their correctness tests.
 */
public final class Planner
{
    private Planner()
    {
    }

    /**
     * @param home the checkout, where the correctness verdicts of its last build are.
     * @throws UsageException when the plan cannot run, with one message saying why.
     */
    public static RunPlan plan(final RunCommand command, final Path home) throws UsageException
    {
        return plan(command, home, Topology.machine().restrictTo(Placement.processMask()));
    }

    /**
     * The plan on a given topology: the CPUs the runs may use, which the placement policies must fit.
     *
     * @throws UsageException when the plan cannot run, with one message saying why.
     */
    public static RunPlan plan(final RunCommand asked, final Path home, final Topology cpus) throws UsageException
    {
        final RunCommand command = !asked.everyPlacement() ? asked : asked.withPlacements(asked.affinity().equals("off")
            ? List.of(PlacementPolicy.SPREAD)
            : PlacementPolicy.allowedOn(cpus));
        checkJmhParams(command);
        checkPlacements(command, cpus);
        final List<Memory> memories = memories(command);
        for (final Memory memory : memories)
        {
            final String problem = memory.problem();
            if (problem != null)
            {
                throw new UsageException(problem);
            }
        }
        final Map<String, Verdicts.Verdict> verdicts = Verdicts.of(command.families(), command::selects, home);
        final List<String> failing = Verdicts.failing(verdicts);
        if (!failing.isEmpty() && !command.allowFailing())
        {
            throw new UsageException("refusing to measure strategies that failed their correctness tests in this"
                + " build: " + String.join(", ", failing) + "; fix them, or pass --allow-failing to measure them"
                + " anyway (the bundle then says so at the top)");
        }
        final List<Table> tables = new ArrayList<>(List.of(Tables.FLOORS, Tables.CORE_TO_CORE,
            Tables.CORE_TO_CORE_MATRIX));
        if (command.families().stream().flatMap(f -> Tables.of(f).stream()).anyMatch(t -> t.kind() != Kind.PAIR))
        {
            tables.addAll(List.of(Tables.JITTER, Tables.PING));
        }
        command.families().forEach(f -> tables.addAll(Tables.of(f)));
        tables.removeIf(t -> !command.profile().covers(t));
        final Set<Benchmark> floors = new HashSet<>();
        tables.stream().map(Table::floor).filter(Objects::nonNull).forEach(floors::add);
        final List<Integer> floorThreads = floorThreads(command);
        final List<RunSpec> specs = new ArrayList<>();
        final List<PlannedTable> planned = new ArrayList<>();
        for (final Table table : tables)
        {
            planned.add(expand(table, RunPlan.isFloors(table) ? floorThreads : command.threads(), command,
                s -> command.profile().covers(table, s, floors), specs));
        }
        final Selection selection = new Selection(command.families(), command.strategies(), command.threads(),
            command.cpus(), command.backends(), command.path(), command.stride(), command.durabilities(),
            command.memNode(), command.overwriteDevice(),
            command.affinity(), command.placements(), command.profile(), command.label(), shellQuoted(command.args()),
            command.jmhArgs());
        return new RunPlan(selection, List.copyOf(planned), List.copyOf(specs), memories, verdicts, command.jmh());
    }

    /** A table's rows, columns and runs; the runs are appended to {@code specs} (by source, column, row). */
    private static PlannedTable expand(final Table table, final List<Integer> threads, final RunCommand command,
        final Predicate<Source> selected, final List<RunSpec> specs)
    {
        final List<String> columns = table.axis().columns(threads);
        final List<Row> rows = new ArrayList<>();
        final Map<Row, Map<String, RunSpec>> cells = new LinkedHashMap<>();
        for (final Source source : table.sources().stream().filter(selected).toList())
        {
            // the matrix once: its threads pin themselves to every pair whatever the policy
            final List<Row> sourceRows = rows(table.family(), source, command,
                table == Tables.CORE_TO_CORE_MATRIX ? command.placements().subList(0, 1) : command.placements());
            sourceRows.forEach(r -> cells.put(r, new LinkedHashMap<>()));
            if (table.axis().tagged())
            {
                for (final Row row : sourceRows)
                {
                    final RunSpec spec = new RunSpec(specs.size(), table, row, "");
                    specs.add(spec);
                    columns.forEach(column -> cells.get(row).put(column, spec));
                }
            }
            for (final String column : table.axis().tagged() ? List.<String>of() : columns)
            {
                for (final Row row : sourceRows)
                {
                    final RunSpec spec = new RunSpec(specs.size(), table, row, column);
                    specs.add(spec);
                    cells.get(row).put(column, spec);
                }
            }
            rows.addAll(sourceRows);
        }
        return new PlannedTable(table, List.copyOf(rows), columns, cells);
    }

    /** The rows a source contributes for this selection, each once per given placement policy. */
    private static List<Row> rows(final Family family, final Source source, final RunCommand command,
        final List<PlacementPolicy> placements)
    {
        final List<Row> rows = new ArrayList<>();
        for (final PlacementPolicy placement : placements)
        {
            rows.addAll(rows(family, source, command, placement));
        }
        return rows;
    }

    private static List<Row> rows(final Family family, final Source source, final RunCommand command,
        final PlacementPolicy placement)
    {
        final List<Row> rows = new ArrayList<>();
        if (source.rows() instanceof Rows.Fixed fixed)
        {
            rows.add(new Row(source.benchmark(), fixed.label(), fixed.memory(), placement, Map.of()));
        }
        else if (source.rows() instanceof Rows.Strategies strategies)
        {
            for (final Described strategy : family.strategies())
            {
                if (!command.selects(strategy.name()))
                {
                    continue;
                }
                for (final Backend backend : command.backends())
                {
                    final List<Durability> modes = strategies.durable()
                        ? command.durabilities().stream().filter(d -> d.appliesTo(backend)).toList()
                        : List.of(Durability.NONE);
                    for (final Durability durability : modes)
                    {
                        final Map<String, String> params = new LinkedHashMap<>(strategies.fixed());
                        params.put("strategy", strategy.name());
                        params.put("backend", backend.name());
                        if (strategies.durable())
                        {
                            params.put("durability", durability.name());
                        }
                        rows.add(new Row(source.benchmark(), strategy.name(), memoryLabel(backend, durability), placement,
                            params));
                    }
                }
            }
        }
        else if (source.rows() instanceof Rows.Each each)
        {
            for (final Enum<? extends Described> entry : each.catalog().getEnumConstants())
            {
                for (final Backend backend : command.backends())
                {
                    final Map<String, String> params = new LinkedHashMap<>(each.fixed());
                    params.put(each.param(), entry.name());
                    params.put("backend", backend.name());
                    rows.add(new Row(source.benchmark(), String.format(each.labelFormat(), entry.name()),
                        backend.name(), placement, params));
                }
            }
        }
        return rows;
    }

    /** The memory column of a row: the backend, and the durability mode when it flushes. */
    static String memoryLabel(final Backend backend, final Durability durability)
    {
        return backend.name() + (durability == Durability.NONE ? "" : " +" + durability.name());
    }

    /** The run's thread counts, plus the fixed thread counts of tables divided by a floor, ascending. */
    private static List<Integer> floorThreads(final RunCommand command)
    {
        final Set<Integer> threads = new LinkedHashSet<>(command.threads());
        for (final Family family : command.families())
        {
            for (final Table table : Tables.of(family))
            {
                if (table.floor() != null && !table.axis().isThreads())
                {
                    threads.add(table.axis().fixedThreads());
                }
            }
        }
        return threads.stream().sorted().toList();
    }

    /**
     * The memories the runs allocate from: each backend with each durability mode it can do. A
     * selection where some mode applies to no backend at all keeps that pair, so its refusal is reported.
     */
    private static List<Memory> memories(final RunCommand command)
    {
        final List<Memory> memories = new ArrayList<>();
        for (final Durability durability : command.durabilities())
        {
            final List<Backend> backends = command.backends().stream().filter(durability::appliesTo).toList();
            for (final Backend backend : backends.isEmpty() ? command.backends().subList(0, 1) : backends)
            {
                memories.add(new Memory(backend, command.path(), command.stride(), durability,
                    command.overwriteDevice(), command.memNode()));
            }
        }
        return memories;
    }

    /**
     * Refuses placement policies that cannot be honoured before anything runs: one that the CPUs
     * this process may use cannot give (smt without SMT siblings, cross-socket on one package), or
     * any but the default when nothing is pinned.
     */
    private static void checkPlacements(final RunCommand command, final Topology topology) throws UsageException
    {
        final boolean chosen = !command.placements().equals(List.of(PlacementPolicy.SPREAD));
        if (chosen && command.affinity().equals("off"))
        {
            throw new UsageException("--placement " + labels(command.placements()) + " places pinned threads, and"
                + " --affinity off pins none; drop one of them");
        }
        for (final PlacementPolicy placement : command.placements())
        {
            final String problem = placement.problem(topology);
            if (problem != null)
            {
                throw new UsageException("--placement " + placement.label() + " " + problem + "; valid here: "
                    + labels(PlacementPolicy.allowedOn(topology)));
            }
        }
    }

    private static String labels(final List<PlacementPolicy> placements)
    {
        return String.join(",", placements.stream().map(PlacementPolicy::label).toList());
    }

    /** Refuses JMH {@code -p} options the runner would override, and values the benchmarks do not take. */
    private static void checkJmhParams(final RunCommand command) throws UsageException
    {
        final Set<String> own = ownParams();
        for (final String param : own)
        {
            if (command.jmh().getParameter(param).hasValue())
            {
                throw new UsageException("JMH option -p " + param + "=... after -- conflicts with the runner's own"
                    + " selection (it sets " + String.join(", ", own) + "); use --strategies, --backend and"
                    + " --threads, or run benchmarks.jar directly");
            }
        }
        final String problem = ParamCheck.problem(command.jmhArgs().toArray(String[]::new));
        if (problem != null)
        {
            throw new UsageException("JMH option " + problem);
        }
    }

    /** Every parameter some table sets: its axis, and what its rows set. */
    static Set<String> ownParams()
    {
        final Set<String> own = new LinkedHashSet<>();
        Arrays.stream(Family.values()).flatMap(f -> Tables.of(f).stream()).forEach(table ->
        {
            if (table.axis().jmhParam() != null)
            {
                own.add(table.axis().jmhParam());
            }
            for (final Source source : table.sources())
            {
                own.addAll(source.rows().params());
            }
        });
        return own;
    }

    /** The command line as a shell would take it back. */
    private static String shellQuoted(final List<String> args)
    {
        final String launcher = System.getenv().getOrDefault("PINBENCH_LAUNCHER", "java pinbench.run.Bench");
        final StringBuilder b = new StringBuilder(launcher);
        for (final String arg : args)
        {
            b.append(' ').append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return b.toString();
    }
}
