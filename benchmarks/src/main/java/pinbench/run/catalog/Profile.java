package pinbench.run.catalog;

import java.util.Locale;

/**
 * How long each benchmark runs. JMH options given after {@code --} override any of these. Many
 * short measurement iterations rather than a few long ones: JMH's 99.9% interval is a Student-t
 * half-width over iterations, so 3 iterations multiply the spread by 31.6 and 10 by 4.8. Latency
 * benchmarks measure longer per iteration, to collect the samples their tails need.
 */
public enum Profile
{
    /**
     * A first look in a few minutes: one fork, twenty short iterations (t = 3.9 at 19 degrees of
     * freedom, and twice the samples of ten), after a warm-up long enough that the first measured
     * iterations are not still slower than the rest (with both CPUs of this VM busy, JIT threads
     * finish later: after 0.4-0.6 s the first iterations were still up to 80% slower).
     */
    QUICK(1, 4, 200, 20, 50, 200),
    /** Numbers to publish: three forks, so fork-to-fork variance shows in the error. */
    FULL(3, 5, 500, 10, 500, 1000);

    /** Measured here: a fork of the shaded jar costs about this much before its first iteration. */
    public static final long FORK_OVERHEAD_MILLIS = 1_100;

    public final int forks;
    public final int warmupIterations;
    public final int warmupMillis;
    public final int measurementIterations;
    public final int measurementMillis;
    /** Measurement iteration time of latency benchmarks (sampled time or own histograms). */
    public final int latencyMeasurementMillis;

    Profile(final int forks, final int warmupIterations, final int warmupMillis,
        final int measurementIterations, final int measurementMillis, final int latencyMeasurementMillis)
    {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.measurementIterations = measurementIterations;
        this.measurementMillis = measurementMillis;
        this.latencyMeasurementMillis = latencyMeasurementMillis;
    }

    /** Measurement iteration time of a table's runs. */
    public int measurementMillis(final Kind kind)
    {
        return kind == Kind.PAIR ? measurementMillis : latencyMeasurementMillis;
    }

    /** Lower-case name as typed on the command line. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line for {@code list} and the results. */
    public String describe()
    {
        return forks + (forks == 1 ? " fork, " : " forks, ") + warmupIterations + " x " + warmupMillis
            + " ms warm-up, " + measurementIterations + " x " + measurementMillis + " ms measurement per benchmark ("
            + latencyMeasurementMillis + " ms for latencies)";
    }
}
