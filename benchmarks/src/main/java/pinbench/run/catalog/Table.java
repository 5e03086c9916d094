package pinbench.run.catalog;

import pinbench.Family;

import java.util.List;
import java.util.Locale;

/**
 * One table of the results: a question ("what does a get+put pair cost?"), the benchmark methods
 * that answer it as rows, and what varies across the columns.
 *
 * @param family  the family whose strategies the rows sweep, or {@code null} for the floors.
 * @param title   heading in the reports.
 * @param caption how to read the table.
 * @param kind    how results are shown.
 * @param axis    what varies across columns.
 * @param sources the benchmark methods, each contributing rows.
 * @param floor   the floor scores are divided by (same thread count), or {@code null}.
 * @param perUnit what one unit is when the column value counts units per operation (folios in a
 *                batch): the table then also shows the cost per unit and divides that by the floor;
 *                or {@code null}.
 * @param histogramLog for {@link Kind#HISTOGRAM}: the name of the HdrHistogram log the benchmark
 *                writes, whose intervals are tagged per row; else {@code null}.
 * @param descheduledLog for {@link Kind#HISTOGRAM}: the log, tagged as {@code histogramLog}, of the
 *                operations during which a thread of the run was preempted, kept out of the
 *                distribution and counted beside it; or {@code null}.
 */
public record Table(Family family, String title, String caption, Kind kind, Axis axis, List<Source> sources,
    Benchmark floor, String perUnit, String histogramLog, String descheduledLog)
{
    /** A table whose operations are not told apart by whether a thread was preempted. */
    public Table(final Family family, final String title, final String caption, final Kind kind, final Axis axis,
        final List<Source> sources, final Benchmark floor, final String perUnit, final String histogramLog)
    {
        this(family, title, caption, kind, axis, sources, floor, perUnit, histogramLog, null);
    }

    /** A stable name for files and the CSV: {@code family-title-in-lower-case}. */
    public String id()
    {
        return (family == null ? "floor" : family.label()) + "-" + title.toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
