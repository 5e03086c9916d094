package pinbench.run.catalog;

import java.util.Locale;

/**
 * How long each benchmark runs. JMH options given after {@code --} override any of these.
 */
public enum Profile
{
    /** A first look in a few minutes: one fork, short iterations, wide error bars. */
    QUICK(1, 2, 300, 3, 300),
    /** Numbers to publish: three forks, so fork-to-fork variance shows in the error. */
    FULL(3, 5, 1000, 5, 1000);

    /** Measured here: a fork of the shaded jar costs about this much before its first iteration. */
    public static final long FORK_OVERHEAD_MILLIS = 1_100;

    public final int forks;
    public final int warmupIterations;
    public final int warmupMillis;
    public final int measurementIterations;
    public final int measurementMillis;

    Profile(final int forks, final int warmupIterations, final int warmupMillis,
        final int measurementIterations, final int measurementMillis)
    {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.measurementIterations = measurementIterations;
        this.measurementMillis = measurementMillis;
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
            + " ms warm-up, " + measurementIterations + " x " + measurementMillis + " ms measurement per benchmark";
    }
}
