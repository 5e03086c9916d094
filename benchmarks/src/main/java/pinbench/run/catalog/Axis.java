package pinbench.run.catalog;

import java.util.List;

/**
 * What varies across the columns of a table.
 *
 * @param param        the JMH parameter a column sets, or {@code null} when columns are thread counts;
 *                     for a tagged axis, the name in the histogram tags.
 * @param values       the column values; empty: the run's thread counts.
 * @param fixedThreads JMH threads when the columns are not thread counts (0 when they are).
 * @param tagged       the columns are not runs but parts of one run's histograms, tagged
 *                     {@code param=VALUE} (one run per row); {@code param} is then no JMH parameter.
 */
public record Axis(String param, List<String> values, int fixedThreads, boolean tagged)
{
    /** Columns are JMH thread counts (the run's {@code --threads}). */
    public static Axis threads()
    {
        return new Axis(null, List.of(), 0, false);
    }

    /** Columns are the run's thread counts given to a parameter; the benchmark itself runs on one thread. */
    public static Axis background(final String param)
    {
        return new Axis(param, List.of(), 1, false);
    }

    /** Columns are the values the benchmark's own {@code @Param} sweeps, at a fixed thread count. */
    public static Axis param(final Benchmark benchmark, final String param, final int threads)
    {
        return new Axis(param, benchmark.paramValues(param), threads, false);
    }

    /** One column at a fixed thread count. */
    public static Axis single(final int threads)
    {
        return new Axis(null, List.of(""), threads, false);
    }

    /** Columns are the histogram tags {@code name=VALUE} that one run per row writes, at a fixed thread count. */
    public static Axis tags(final String name, final List<String> values, final int threads)
    {
        return new Axis(name, values, threads, true);
    }

    /** The JMH parameter a column sets, or {@code null} (thread columns, tagged columns). */
    public String jmhParam()
    {
        return tagged ? null : param;
    }

    /** Whether the columns are JMH thread counts. */
    public boolean isThreads()
    {
        return fixedThreads == 0;
    }

    /** Whether the columns are the run's thread counts, as JMH threads or as background threads. */
    public boolean sweepsThreads()
    {
        return values.isEmpty();
    }

    /** Whether there is one column, at a fixed thread count. */
    public boolean isSingle()
    {
        return values.equals(List.of(""));
    }

    /** The column values of a run with these thread counts. */
    public List<String> columns(final List<Integer> runThreads)
    {
        return values.isEmpty() ? runThreads.stream().map(String::valueOf).toList() : values;
    }

    /** JMH threads for a column. */
    public int threadsFor(final String column)
    {
        return isThreads() ? Integer.parseInt(column) : fixedThreads;
    }

    /** The column heading, on a machine where the run may use {@code cpus} CPUs. */
    public String heading(final String column, final int cpus)
    {
        if (column.isEmpty())
        {
            return fixedThreads == 1 ? "1 thread" : fixedThreads + " threads";
        }
        if (param == null)
        {
            return column + (column.equals("1") ? " thread" : " threads")
                + (Integer.parseInt(column) > cpus ? " (oversubscribed: " + cpus + " CPUs)" : "");
        }
        if (tagged)
        {
            return column;
        }
        return param + "=" + column;
    }
}
