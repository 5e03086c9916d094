package pinbench.run.report;

import pinbench.run.plan.RunSpec;

import java.util.Map;

/**
 * One published number with everything shown beside it, computed once from the run's outcome.
 * Fields that do not apply to the cell's table are {@code null}; a failed run has only {@code missing}.
 *
 * @param spec          the run.
 * @param params        every JMH parameter the run had, those the runner set and the benchmark's defaults.
 * @param score         the score (JMH's mean; a histogram's mean in us).
 * @param error         JMH's 99.9% half-width, or {@code null} (none, or NaN with one iteration).
 * @param unit          the score's unit.
 * @param perUnit       score divided by the units per operation (per folio), for tables that count units.
 * @param floorRatio    per-operation (or per-unit) score divided by the floor at the same thread count.
 * @param mopsPerSecond operations per microsecond over all threads, for tables whose columns are threads.
 * @param percentiles   p50, p90, p99, p99.9 of latency tables, in the table's unit; only those the samples
 *                      support (see {@link #supports}).
 * @param max           the largest sample of latency tables.
 * @param samples       measurements behind the score (iterations, or latency samples).
 * @param placement     what was wrong with where the run's threads ran ({@code null}: each was where meant).
 * @param missing       why there is no number, or {@code null}.
 */
public record Cell(RunSpec spec, Map<String, String> params, Double score, Double error, String unit, Double perUnit, Double floorRatio,
    Double mopsPerSecond, Map<String, Double> percentiles, Double max, Long samples, String placement,
    String missing)
{
    /** The percentiles of latency cells, in order. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

    /**
     * Whether {@code samples} are enough to publish a percentile: 3 / (1 - p) of them, so that the
     * largest sample bounds the quantile with 95% confidence (p99: 300, p99.9: 3,000, p99.99: 30,000).
     */
    public static boolean supports(final long samples, final double percentile)
    {
        return samples >= minSamples(percentile);
    }

    /** The samples a percentile needs. */
    public static long minSamples(final double percentile)
    {
        return (long)Math.ceil(3 / (1 - percentile / 100) - 1e-9);
    }

    /** {@code p50}, {@code p99.9}. */
    public static String label(final double percentile)
    {
        return "p" + (percentile == Math.rint(percentile) ? String.valueOf((long)percentile) : String.valueOf(percentile));
    }

    /** A cell with no number. */
    static Cell missing(final RunSpec spec, final String why)
    {
        return new Cell(spec, spec.params(), null, null, null, null, null, null, Map.of(), null, null, null, why);
    }

    /** Whether there is a number. */
    public boolean present()
    {
        return missing == null;
    }
}
