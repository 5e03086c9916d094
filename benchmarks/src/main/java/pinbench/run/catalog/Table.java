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
 */
public record Table(Family family, String title, String caption, Kind kind, Axis axis, List<Source> sources,
    Benchmark floor, String perUnit, String histogramLog)
{
    /** A stable name for files and the CSV: {@code family-title-in-lower-case}. */
    public String id()
    {
        return (family == null ? "floor" : family.label()) + "-" + title.toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
    }
}
