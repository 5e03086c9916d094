package pinbench.run.catalog;

import java.util.List;

/**
 * What varies across the columns of a table.
 *
 * @param param        the JMH parameter a column sets, or {@code null} when columns are thread counts.
 * @param values       the column values; empty: the run's thread counts.
 * @param fixedThreads JMH threads when the columns are not thread counts (0 when they are).
 */
public record Axis(String param, List<String> values, int fixedThreads)
{
    /** Columns are JMH thread counts (the run's {@code --threads}). */
    public static Axis threads()
    {
        return new Axis(null, List.of(), 0);
    }

    /** Columns are the run's thread counts given to a parameter; the benchmark itself runs on one thread. */
    public static Axis background(final String param)
    {
        return new Axis(param, List.of(), 1);
    }

    /** Columns are the values the benchmark's own {@code @Param} sweeps, at a fixed thread count. */
    public static Axis param(final Benchmark benchmark, final String param, final int threads)
    {
        return new Axis(param, benchmark.paramValues(param), threads);
    }

    /** One column at a fixed thread count. */
    public static Axis single(final int threads)
    {
        return new Axis(null, List.of(""), threads);
    }

    /** Whether the columns are JMH thread counts. */
    public boolean isThreads()
    {
        return fixedThreads == 0;
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

    /** The column heading. */
    public String heading(final String column)
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
