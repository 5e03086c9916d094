package pinbench.run.plan;

import pinbench.run.catalog.Benchmark;

import java.util.Map;

/**
 * One row of a planned table.
 *
 * @param benchmark the method that measures it.
 * @param label     what the row is (strategy name or implementation).
 * @param memory    where it ran (backend, and durability when it flushes).
 * @param params    the JMH parameters that select it.
 */
public record Row(Benchmark benchmark, String label, String memory, Map<String, String> params)
{
    public Row
    {
        params = Map.copyOf(params);
    }
}
