package pinbench.run.plan;

import pinbench.run.catalog.Table;
import pinbench.topology.PlacementPolicy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JMH run of the plan: one benchmark method, one row's parameters, one column. Specs are
 * values: outcomes and published cells are keyed by them.
 *
 * @param index  position in the plan, which the fork echoes in its side files.
 * @param table  the table it feeds.
 * @param row    the row.
 * @param column the column value (thread count, parameter value, or empty for a single column or
 *               for the one run behind every column of a tagged axis).
 */
public record RunSpec(int index, Table table, Row row, String column)
{
    /** JMH threads of this run. */
    public int threads()
    {
        return table.axis().threadsFor(column);
    }

    /** All JMH parameters this run sets, in a stable order. */
    public Map<String, String> params()
    {
        final Map<String, String> params = new LinkedHashMap<>(new TreeMap<>(row.params()));
        if (table.axis().jmhParam() != null)
        {
            params.put(table.axis().jmhParam(), column);
        }
        return params;
    }

    /** One line for progress output and failure lists. */
    public String describe()
    {
        final StringBuilder b = new StringBuilder(row.benchmark().shortName());
        params().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        b.append(" threads=").append(threads());
        return row.placement() == PlacementPolicy.SPREAD ? b.toString()
            : b.append(" placement=").append(row.placement().label()).toString();
    }
}
