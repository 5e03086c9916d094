package pinbench.run.report;

import org.apache.commons.math3.exception.ConvergenceException;
import org.apache.commons.math3.exception.TooManyEvaluationsException;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresBuilder;
import org.apache.commons.math3.fitting.leastsquares.LeastSquaresOptimizer;
import org.apache.commons.math3.fitting.leastsquares.LevenbergMarquardtOptimizer;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.RealMatrix;
import org.apache.commons.math3.linear.RealVector;
import org.apache.commons.math3.util.Pair;

import java.util.Comparator;
import java.util.List;

/**
 * Gunther's Universal Scalability Law, {@code X(N) = lambda N / (1 + sigma (N-1) + kappa N (N-1))},
 * fitted by least squares (Levenberg-Marquardt, commons-math3) to measured throughput: {@code sigma}
 * is the share of the work that serialises (contention), {@code kappa} the cost of keeping data
 * coherent between every pair of threads (a cache line bouncing), which makes throughput fall past
 * a peak. Three parameters need at least three points; with exactly three the curve passes through
 * them and says nothing about its own error.
 */
public final class Usl
{
    /** Fewer points than parameters: no fit, and no prediction. */
    public static final int MIN_POINTS = 3;

    private Usl()
    {
    }

    /**
     * One measured point.
     *
     * @param threads    N.
     * @param throughput X(N), in any unit (the fit's lambda is in the same).
     */
    public record Point(int threads, double throughput)
    {
    }

    /**
     * A fit.
     *
     * @param points   the points it was fitted to, by thread count.
     * @param lambda   throughput of one thread without contention.
     * @param sigma    contention.
     * @param kappa    coherency.
     * @param rSquared 1 - residual / total sum of squares (1: the curve passes through every point).
     */
    public record Fit(List<Point> points, double lambda, double sigma, double kappa, double rSquared)
    {
        /** The throughput the law predicts at {@code n} threads. */
        public double throughput(final double n)
        {
            return lambda * n / (1 + sigma * (n - 1) + kappa * n * (n - 1));
        }

        /** Where throughput peaks, {@code sqrt((1 - sigma) / kappa)}, or {@code null} when it never does. */
        public Double peakThreads()
        {
            return kappa > 0 && sigma < 1 ? Math.sqrt((1 - sigma) / kappa) : null;
        }

        /** Points minus parameters. */
        public int degreesOfFreedom()
        {
            return points.size() - MIN_POINTS;
        }
    }

    /**
     * The least-squares fit of the law to the points.
     *
     * @throws IllegalArgumentException with fewer than {@link #MIN_POINTS} distinct thread counts, or a
     *         throughput that is not positive.
     */
    public static Fit fit(final List<Point> measured)
    {
        final List<Point> points = measured.stream().sorted(Comparator.comparingInt(Point::threads)).toList();
        if (points.stream().mapToInt(Point::threads).distinct().count() < MIN_POINTS)
        {
            throw new IllegalArgumentException("the law has 3 parameters: fitting it needs points at " + MIN_POINTS
                + " thread counts or more, got " + points.size());
        }
        if (points.stream().anyMatch(p -> !(p.throughput() > 0) || p.threads() < 1))
        {
            throw new IllegalArgumentException("throughput must be positive at N >= 1: " + points);
        }
        // in units of the largest throughput, so the three parameters are of comparable size to the optimiser
        final double scale = points.stream().mapToDouble(Point::throughput).max().orElseThrow();
        final double[] n = points.stream().mapToDouble(Point::threads).toArray();
        final double[] x = points.stream().mapToDouble(p -> p.throughput() / scale).toArray();
        final LeastSquaresOptimizer.Optimum optimum;
        try
        {
            optimum = new LevenbergMarquardtOptimizer().optimize(new LeastSquaresBuilder()
                .start(start(n, x)).target(x).maxEvaluations(10_000).maxIterations(10_000)
                .model(p -> model(p, n))
                .parameterValidator(p -> p.getEntry(0) > 0 ? p : new ArrayRealVector(new double[] {
                    Double.MIN_NORMAL, p.getEntry(1), p.getEntry(2)}))
                .build());
        }
        catch (final ConvergenceException | TooManyEvaluationsException ex)
        {
            throw new IllegalArgumentException("the fit did not converge on " + points + ": " + ex.getMessage(), ex);
        }
        final RealVector p = optimum.getPoint();
        final Fit unscaled = new Fit(points, p.getEntry(0), p.getEntry(1), p.getEntry(2), 0);
        final double mean = points.stream().mapToDouble(Point::throughput).average().orElseThrow();
        double residual = 0;
        double total = 0;
        for (final Point point : points)
        {
            final double predicted = unscaled.throughput(point.threads()) * scale;
            residual += Math.pow(point.throughput() - predicted, 2);
            total += Math.pow(point.throughput() - mean, 2);
        }
        return new Fit(points, p.getEntry(0) * scale, p.getEntry(1), p.getEntry(2),
            total == 0 ? (residual == 0 ? 1 : 0) : 1 - residual / total);
    }

    /**
     * A start from the law's linear form: with {@code lambda} the first point's throughput per
     * thread, {@code N lambda / X(N) - 1 = sigma (N-1) + kappa N (N-1)}, two unknowns by linear least
     * squares; negative estimates start at zero.
     */
    private static double[] start(final double[] n, final double[] x)
    {
        final double lambda = x[0] / n[0];
        double aa = 0;
        double ab = 0;
        double bb = 0;
        double ay = 0;
        double by = 0;
        for (int i = 0; i < n.length; i++)
        {
            final double a = n[i] - 1;
            final double b = n[i] * (n[i] - 1);
            final double y = n[i] * lambda / x[i] - 1;
            aa += a * a;
            ab += a * b;
            bb += b * b;
            ay += a * y;
            by += b * y;
        }
        final double det = aa * bb - ab * ab;
        final double sigma = det == 0 ? 0 : (ay * bb - by * ab) / det;
        final double kappa = det == 0 ? 0 : (by * aa - ay * ab) / det;
        return new double[] {lambda, Math.max(0, sigma), Math.max(0, kappa)};
    }

    /** The law's values at every N and their derivatives by lambda, sigma and kappa. */
    private static Pair<RealVector, RealMatrix> model(final RealVector p, final double[] n)
    {
        final double lambda = p.getEntry(0);
        final double sigma = p.getEntry(1);
        final double kappa = p.getEntry(2);
        final double[] value = new double[n.length];
        final double[][] jacobian = new double[n.length][3];
        for (int i = 0; i < n.length; i++)
        {
            final double d = 1 + sigma * (n[i] - 1) + kappa * n[i] * (n[i] - 1);
            value[i] = lambda * n[i] / d;
            jacobian[i][0] = n[i] / d;
            jacobian[i][1] = -value[i] * (n[i] - 1) / d;
            jacobian[i][2] = -value[i] * n[i] * (n[i] - 1) / d;
        }
        return new Pair<>(new ArrayRealVector(value, false), new Array2DRowRealMatrix(jacobian, false));
    }
}
