package pinbench.run.plan;

import pinbench.run.catalog.Table;

import java.util.List;
import java.util.Map;

/**
 * A table expanded against the selection: its rows, its columns and the run behind every cell.
 *
 * @param table   the catalog table.
 * @param rows    the rows, in order.
 * @param columns the column values, in order.
 * @param cells   the run of each row and column.
 */
public record PlannedTable(Table table, List<Row> rows, List<String> columns, Map<Row, Map<String, RunSpec>> cells)
{
    /** The run of one cell. */
    public RunSpec spec(final Row row, final String column)
    {
        return cells.get(row).get(column);
    }
}
