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
 * @param median        the median iteration score of throughput cells (beside the mean when they differ).
 * @param unit          the score's unit.
 * @param perUnit       score divided by the units per operation (per folio), for tables that count units.
 * @param floorRatio    per-operation (or per-unit) score divided by the floor at the same thread count.
 * @param mopsPerSecond operations per microsecond over all threads, for tables whose columns are threads.
 * @param percentiles   p50, p90, p99, p99.9 of latency tables, in the table's unit; only those the samples
 *                      support ({@link pinbench.run.check.Samples}).
 * @param max           the largest sample of latency tables.
 * @param samples       measurements behind the score (iterations, or latency samples).
 * @param descheduled   for tables that set them apart, operations during which a thread of the run was
 *                      preempted (not in the distribution); else {@code null}.
 * @param descheduledP50 their median, in the table's unit, or {@code null} without any.
 * @param casRetriesPerOp compare-and-set retries per operation over the measurement, for benchmarks that
 *                      count them (JMH secondary metric {@value #CAS_RETRIES}); else {@code null}.
 * @param placement     what was wrong with where the run's threads ran ({@code null}: each was where meant).
 * @param missing       why there is no number, or {@code null}.
 */
public record Cell(RunSpec spec, Map<String, String> params, Double score, Double error, Double median, String unit, Double perUnit, Double floorRatio,
    Double mopsPerSecond, Map<String, Double> percentiles, Double max, Long samples, Long descheduled,
    Double descheduledP50, Double casRetriesPerOp, String placement, String missing)
{
    /** The name of the JMH secondary metric (an {@code @AuxCounters} event count) of CAS retries. */
    public static final String CAS_RETRIES = "casRetries";

    /** Why a column of a tagged axis has no number although its run went well: the run has no such part. */
    public static final String NOT_REPORTED = "not reported by this implementation";

    /** The percentiles of latency cells, in order. */
    public static final double[] PERCENTILES = {50, 90, 99, 99.9};

    /** {@code p50}, {@code p99.9}. */
    public static String label(final double percentile)
    {
        return "p" + (percentile == Math.rint(percentile) ? String.valueOf((long)percentile) : String.valueOf(percentile));
    }

    /** A cell with no number. */
    static Cell missing(final RunSpec spec, final String why)
    {
        return missing(spec, spec.params(), why);
    }

    /** A cell with no number, of a run with these parameters. */
    static Cell missing(final RunSpec spec, final Map<String, String> params, final String why)
    {
        return new Cell(spec, params, null, null, null, null, null, null, null, Map.of(), null, null, null, null, null, null,
            why);
    }

    /** A mean this far from the median (relative) says the iterations' distribution is skewed. */
    public static final double SKEW = 0.05;

    /** Whether the mean and the median of the iterations differ enough to show both. */
    public boolean skewed()
    {
        return score != null && median != null && median > 0 && Math.abs(score - median) > SKEW * median;
    }

    /** Whether there is a number. */
    public boolean present()
    {
        return missing == null;
    }
}
