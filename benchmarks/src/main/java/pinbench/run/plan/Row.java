package pinbench.run.plan;

import pinbench.run.catalog.Benchmark;
import pinbench.topology.PlacementPolicy;

import java.util.Map;

/**
 * One row of a planned table.
 *
 * @param benchmark the method that measures it.
 * @param label     what the row is (strategy name or implementation).
 * @param memory    where it ran (backend, and durability when it flushes).
 * @param placement which CPU each of its threads took (a fork setting, not a JMH parameter).
 * @param params    the JMH parameters that select it.
 */
public record Row(Benchmark benchmark, String label, String memory, PlacementPolicy placement,
    Map<String, String> params)
{
    public Row
    {
        params = Map.copyOf(params);
    }

    /** The row in one phrase, for notes and plot legends: label, memory, and the placement unless the default. */
    public String name()
    {
        return label + " " + memory + (placement == PlacementPolicy.SPREAD ? "" : " " + placement.label());
    }
}
