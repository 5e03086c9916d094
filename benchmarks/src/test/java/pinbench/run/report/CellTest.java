package pinbench.run.report;

import org.junit.jupiter.api.Test;
import pinbench.run.catalog.Tables;
import pinbench.run.plan.Row;
import pinbench.run.plan.RunSpec;
import pinbench.topology.PlacementPolicy;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When a throughput cell shows its median beside the mean. */
class CellTest
{
    private static final RunSpec SPEC = new RunSpec(0, Tables.FLOORS,
        new Row(Tables.PLAIN_FLOOR, "floor: plain pair", "thread-confined", PlacementPolicy.SPREAD,
            Map.of()), "1");

    private static Cell cell(final Double mean, final Double median)
    {
        return new Cell(SPEC, Map.of(), mean, 0.1, median, "ns/op", null, null, null, Map.of(), null, 20L, null, null,
            null, null, null);
    }

    @Test
    void aMeanPulledAwayFromTheMedianIsSkewed()
    {
        assertTrue(cell(12.0, 10.0).skewed(), "a few slow iterations pull the mean 20% above the median");
        assertTrue(cell(9.0, 10.0).skewed(), "and a few fast ones below it");
    }

    @Test
    void aMeanNearTheMedianOrNoMedianIsNot()
    {
        assertFalse(cell(10.4, 10.0).skewed(), "4% apart");
        assertFalse(cell(10.0, null).skewed(), "one iteration: no median");
        assertFalse(Cell.missing(SPEC, "not run").skewed());
    }
}
