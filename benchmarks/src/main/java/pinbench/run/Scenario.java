package pinbench.run;

import pinbench.Described;
import pinbench.memory.Backend;
import pinbench.memory.Durability;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * One table of the results: a question ("what does a get+put pair cost?"), the benchmark methods
 * that answer it as rows, and what varies across the columns.
 *
 * @param title    heading in {@code summary.md}.
 * @param caption  how to read the table.
 * @param kind     how results are shown.
 * @param columns  what varies across columns.
 * @param benches  the benchmark methods, each contributing rows.
 * @param floor    the floor results are divided by (same thread count), or {@code null}.
 * @param perParam a column parameter that counts units per operation (e.g. folios in a batch): the
 *                 table then also shows the cost per unit, and divides that by the floor; or {@code null}.
 * @param perUnit  what one unit is, for the column heading ("folio").
 */
public record Scenario(String title, String caption, Kind kind, Axis columns, List<Bench> benches, Bench floor,
    String perParam, String perUnit)
{
    /** How a scenario's results are shown. */
    public enum Kind
    {
        /** JMH average time per operation, with the ratio to the floor. */
        PAIR,
        /** JMH sampled time: percentiles. */
        LATENCY,
        /** Percentiles of the HdrHistograms the benchmark recorded itself. */
        HISTOGRAM
    }

    /** The floor benchmarks, run once per thread count before everything else. */
    static final Bench PLAIN_FLOOR = new Bench("pinbench.benchmarks.floor.FloorBench.plainPair",
        Rows.fixed("floor: plain pair", "thread-confined"));
    static final Bench XADD_FLOOR = new Bench("pinbench.benchmarks.floor.FloorBench.xaddPair",
        Rows.fixed("floor: uncontended getAndAdd pair", "thread-confined"));
    /** Two threads handing one cache line back and forth: what any sharing costs at least. */
    static final Scenario CORE_TO_CORE = new Scenario("core-to-core round trip",
        "ns per round trip of one cache line between two threads (two line transfers); meaningful when the two"
            + " threads run on different CPUs", Kind.PAIR, Axis.single(2),
        List.of(new Bench("pinbench.benchmarks.floor.CoreToCoreBench.roundTrip", Rows.fixed("ping-pong", "heap"))),
        null, null, null);
    static final Scenario FLOORS = new Scenario("floors",
        "ns per pair per thread, thread-confined: a plain increment+decrement, and two uncontended atomic adds"
            + " on the thread's own line", Kind.PAIR, Axis.threads(), List.of(PLAIN_FLOOR, XADD_FLOOR), null, null,
        null);

    /**
     * What varies across the columns of a table.
     *
     * @param param   the JMH parameter set from the column value, or {@code null} when it is the thread count.
     * @param values  column values; empty: the run's {@code --threads}.
     * @param fixedThreads JMH threads when the columns are not thread counts (0 when they are).
     * @param label   column heading prefix.
     */
    public record Axis(String param, List<String> values, int fixedThreads, String label)
    {
        /** Columns are JMH thread counts from {@code --threads}. */
        static Axis threads()
        {
            return new Axis(null, List.of(), 0, "threads");
        }

        /** Columns are {@code --threads} values given to a parameter; the benchmark itself runs on one thread. */
        static Axis background(final String param)
        {
            return new Axis(param, List.of(), 1, param);
        }

        /** Columns are fixed values of a parameter, at a fixed thread count. */
        static Axis param(final String param, final int threads, final String... values)
        {
            return new Axis(param, List.of(values), threads, param);
        }

        /** One column at a fixed thread count. */
        static Axis single(final int threads)
        {
            return new Axis(null, List.of(""), threads, "");
        }

        /** The column values of a run. */
        List<String> values(final Options options)
        {
            return values.isEmpty() ? options.threads.stream().map(String::valueOf).toList() : values;
        }

        /** JMH threads for a column. */
        int threadsFor(final String column)
        {
            return fixedThreads == 0 ? Integer.parseInt(column) : fixedThreads;
        }

        /** The parameter a column sets, if any. */
        Map<String, String> paramsFor(final String column)
        {
            return param == null ? Map.of() : Map.of(param, column);
        }

        String heading(final String column)
        {
            if (column.isEmpty())
            {
                return fixedThreads == 1 ? "1 thread" : fixedThreads + " threads";
            }
            if (param == null)
            {
                return column + (column.equals("1") ? " thread" : " threads");
            }
            return param + "=" + column;
        }
    }

    /**
     * One row of a table.
     *
     * @param label  what the row is (strategy name or implementation).
     * @param memory where it ran (backend), for the table's second column.
     * @param params the JMH parameters that select it.
     */
    public record Row(String label, String memory, Map<String, String> params)
    {
    }

    /** Builds a bench's rows from the family's catalog and the run's options. */
    @FunctionalInterface
    interface Rows extends BiFunction<Family, Options, List<Row>>
    {
        /** One row per selected strategy (parameter {@code param}) and backend, plus {@code fixed} parameters. */
        static Rows strategies(final String param, final String... fixed)
        {
            return (family, options) ->
            {
                final List<Row> rows = new ArrayList<>();
                for (final String strategy : family.strategies().keySet())
                {
                    if (options.strategies.isEmpty() || options.strategies.contains(strategy))
                    {
                        for (final Backend backend : options.backends)
                        {
                            final Map<String, String> params = new LinkedHashMap<>(pairs(fixed));
                            params.put(param, strategy);
                            params.put("backend", backend.name());
                            rows.add(new Row(strategy, backend.label(), params));
                        }
                    }
                }
                return rows;
            };
        }

        /**
         * As {@link #strategies}, once more per selected {@code --durability} that applies to the row's
         * backend (the benchmark takes {@code durability}).
         */
        static Rows strategiesDurable(final String param)
        {
            return (family, options) ->
            {
                final List<Row> rows = new ArrayList<>();
                for (final Row row : strategies(param).apply(family, options))
                {
                    for (final Durability durability : options.durabilities)
                    {
                        if (!Options.applies(Backend.valueOf(row.params().get("backend")), durability))
                        {
                            continue;
                        }
                        final Map<String, String> params = new LinkedHashMap<>(row.params());
                        params.put("durability", durability.name());
                        rows.add(new Row(row.label(), row.memory() + (durability == Durability.NONE ? ""
                            : " +" + durability.name().toLowerCase(Locale.ROOT)), params));
                    }
                }
                return rows;
            };
        }

        /** A single fixed implementation. */
        static Rows fixed(final String label, final String memory)
        {
            return (family, options) -> List.of(new Row(label, memory, Map.of()));
        }

        /** One row per entry of another catalog, with fixed parameters; rows follow the backends too. */
        static Rows each(final String param, final Described[] values, final String labelFormat, final String... fixed)
        {
            return (family, options) ->
            {
                final List<Row> rows = new ArrayList<>();
                for (final Described value : values)
                {
                    for (final Backend backend : options.backends)
                    {
                        final Map<String, String> params = new LinkedHashMap<>(pairs(fixed));
                        params.put(param, value.name());
                        params.put("backend", backend.name());
                        rows.add(new Row(String.format(labelFormat, value.name()), backend.label(), params));
                    }
                }
                return rows;
            };
        }

        private static Map<String, String> pairs(final String... keyValues)
        {
            final Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i + 1 < keyValues.length; i += 2)
            {
                map.put(keyValues[i], keyValues[i + 1]);
            }
            return map;
        }
    }

    /**
     * One benchmark method and the rows it contributes.
     *
     * @param benchmark fully qualified {@code Class.method}, as JMH names it.
     * @param rows      its rows for a run.
     */
    public record Bench(String benchmark, Rows rows)
    {
        /** {@code Class.method} without the package. */
        public String shortName()
        {
            final int method = benchmark.lastIndexOf('.');
            return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
        }

        /** The rows for a run of this family with these options. */
        List<Row> rowsFor(final Family family, final Options options)
        {
            return rows.apply(family, options);
        }
    }
}
