package pinbench.run.catalog;

import pinbench.Described;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Which rows a benchmark method contributes to a table; the plan expands them against the selection. */
public sealed interface Rows
{
    /** The JMH parameters the rows set, so nobody else may. */
    Set<String> params();

    /**
     * One row per selected strategy of the table's family and backend.
     *
     * @param durable also one row per selected durability mode that applies to the backend.
     * @param fixed   parameters every row sets.
     */
    record Strategies(boolean durable, Map<String, String> fixed) implements Rows
    {
        @Override
        public Set<String> params()
        {
            final Set<String> params = new LinkedHashSet<>(fixed.keySet());
            params.addAll(durable ? List.of("strategy", "backend", "durability") : List.of("strategy", "backend"));
            return params;
        }
    }

    /**
     * One row per entry of another catalog and per backend, the entry in {@code param}.
     *
     * @param labelFormat the row label, {@code %s} being the entry's name.
     */
    record Each(String param, Class<? extends Enum<? extends Described>> catalog, String labelFormat,
        Map<String, String> fixed) implements Rows
    {
        @Override
        public Set<String> params()
        {
            final Set<String> params = new LinkedHashSet<>(fixed.keySet());
            params.addAll(List.of(param, "backend"));
            return params;
        }
    }

    /** A single fixed implementation, not a catalog entry. */
    record Fixed(String label, String memory) implements Rows
    {
        @Override
        public Set<String> params()
        {
            return Set.of();
        }
    }
}
