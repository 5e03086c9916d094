package pinbench.run.report;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CellTest
{
    @ParameterizedTest(name = "p{0} needs {1}")
    @CsvSource({"50, 6", "90, 30", "99, 300", "99.9, 3000", "99.99, 30000"})
    void aPercentileNeedsThreeOverOneMinusPSamples(final double percentile, final long samples)
    {
        assertEquals(samples, Cell.minSamples(percentile));
        assertTrue(Cell.supports(samples, percentile));
        assertFalse(Cell.supports(samples - 1, percentile));
    }
}
