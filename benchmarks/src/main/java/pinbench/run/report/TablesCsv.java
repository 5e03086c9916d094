package pinbench.run.report;

import pinbench.run.plan.PlannedTable;
import pinbench.run.plan.Row;
import pinbench.run.plan.RunSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * {@code tables.csv}: one row per published cell, RFC 4180 quoting, empty where a column does not
 * apply. Numbers are full precision (the tables round them); latencies are in the cell's unit.
 */
final class TablesCsv
{
    static final String HEADER = "family,table,benchmark,implementation,memory,placement_policy,params,threads,score,"
        + "error,unit,"
        + "median,floor_ratio,samples,per_unit,mops_per_s,p50,p90,p99,p99.9,max,descheduled,descheduled_p50,"
        + "cas_retries_per_op,spec,placement,missing";

    private TablesCsv()
    {
    }

    static String render(final Cells cells)
    {
        final StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
        for (final PlannedTable t : cells.plan().tables())
        {
            for (final Row row : t.rows())
            {
                for (final String column : t.columns())
                {
                    final Cell c = cells.of(t, row, column);
                    final RunSpec s = c.spec();
                    final List<Object> fields = new ArrayList<>(List.of(
                        t.table().family() == null ? "floor" : t.table().family().label(), t.table().id(),
                        row.benchmark().shortName(), row.label(), row.memory(), row.placement().label(),
                        c.params().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(";")), s.threads()));
                    fields.addAll(Arrays.asList(c.score(), c.error(), c.unit(), c.median(), c.floorRatio(), c.samples(),
                        c.perUnit(), c.mopsPerSecond()));
                    for (final double p : Cell.PERCENTILES)
                    {
                        fields.add(c.percentiles().get(Cell.label(p)));
                    }
                    fields.add(c.max());
                    fields.add(c.descheduled());
                    fields.add(c.descheduledP50());
                    fields.add(c.casRetriesPerOp());
                    fields.add(s.index());
                    fields.add(c.placement());
                    fields.add(c.missing());
                    csv.append(fields.stream().map(TablesCsv::field).collect(Collectors.joining(","))).append("\r\n");
                }
            }
        }
        return csv.toString();
    }

    /** One RFC 4180 field: empty for null, quoted when it holds a comma, quote or line break. */
    static String field(final Object value)
    {
        if (value == null)
        {
            return "";
        }
        final String text = value instanceof Double d ? String.format(Locale.ROOT, "%s", d) : value.toString();
        return text.matches("[^,\"\r\n]*") ? text : "\"" + text.replace("\"", "\"\"") + "\"";
    }
}
