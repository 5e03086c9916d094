package pinbench.run.check;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SamplesTest
{
    @ParameterizedTest(name = "p{0} needs {1}")
    @CsvSource({"50, 6", "90, 30", "99, 300", "99.9, 3000", "99.99, 30000"})
    void aPercentileNeedsThreeOverOneMinusPSamples(final double percentile, final long samples)
    {
        assertEquals(samples, Samples.needed(percentile));
        assertTrue(Samples.support(samples, percentile));
        assertFalse(Samples.support(samples - 1, percentile));
    }
}
