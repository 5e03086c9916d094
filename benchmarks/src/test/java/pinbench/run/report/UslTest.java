package pinbench.run.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UslTest
{
    /** Points of a known law at the thread counts a 64-CPU sweep measures. */
    private static List<Usl.Point> law(final double lambda, final double sigma, final double kappa,
        final double noise, final long seed)
    {
        final Random random = new Random(seed);
        final List<Usl.Point> points = new ArrayList<>();
        for (final int n : new int[] {1, 2, 4, 8, 16, 32, 64})
        {
            final double x = lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
            points.add(new Usl.Point(n, x * (1 + noise * random.nextGaussian())));
        }
        return points;
    }

    @Test
    void recoversTheParametersOfTheLawThePointsCameFrom()
    {
        final Usl.Fit fit = Usl.fit(law(150, 0.05, 0.0008, 0, 1));
        assertEquals(150, fit.lambda(), 1e-4);
        assertEquals(0.05, fit.sigma(), 1e-6);
        assertEquals(0.0008, fit.kappa(), 1e-8);
        assertEquals(1, fit.rSquared(), 1e-9);
        assertEquals(Math.sqrt(0.95 / 0.0008), fit.peakThreads(), 1e-3);
        assertEquals(150 * 128 / (1 + 0.05 * 127 + 0.0008 * 128 * 127), fit.throughput(128), 1e-3);
    }

    @Test
    void aLineThatOnlySaturatesHasNoPeakAndNoisyPointsFitClose()
    {
        final Usl.Fit amdahl = Usl.fit(law(80, 0.2, 0, 0, 1));
        assertEquals(0.2, amdahl.sigma(), 1e-6);
        assertEquals(0, amdahl.kappa(), 1e-8);
        final Usl.Fit noisy = Usl.fit(law(150, 0.05, 0.0008, 0.01, 42));
        assertEquals(150, noisy.lambda(), 150 * 0.05);
        assertEquals(0.05, noisy.sigma(), 0.02);
        assertEquals(0.0008, noisy.kappa(), 0.0004);
        assertTrue(noisy.rSquared() > 0.99 && noisy.rSquared() < 1, "R² " + noisy.rSquared());
        assertEquals(4, noisy.degreesOfFreedom());
    }

    @Test
    void perfectScalingIsNoContentionAndNoCoherencyCost()
    {
        final Usl.Fit linear = Usl.fit(List.of(new Usl.Point(1, 10), new Usl.Point(2, 20), new Usl.Point(4, 40)));
        assertEquals(10, linear.lambda(), 1e-6);
        assertEquals(0, linear.sigma(), 1e-6);
        assertEquals(0, linear.kappa(), 1e-6);
        assertNull(linear.peakThreads(), "throughput that never stops growing has no peak");
    }

    @Test
    void fewerThanThreeThreadCountsAreRefused()
    {
        final IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
            () -> Usl.fit(List.of(new Usl.Point(1, 100), new Usl.Point(2, 190))));
        assertTrue(two.getMessage().contains("needs points at 3 thread counts"), two.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Usl.fit(List.of(new Usl.Point(1, 100),
            new Usl.Point(2, 190), new Usl.Point(2, 180))), "two points at one N are not two thread counts");
        assertThrows(IllegalArgumentException.class, () -> Usl.fit(List.of(new Usl.Point(1, 100),
            new Usl.Point(2, 0), new Usl.Point(4, 300))));
    }
}
