package pinbench.run.check;

/**
 * How many samples a percentile needs before it means anything: 3 / (1 - p) of them, so that the
 * largest sample bounds the quantile with 95% confidence (p99: 300, p99.9: 3,000, p99.99: 30,000).
 * The tables print only the percentiles their samples support; the check fails a bundle that does not.
 */
public final class Samples
{
    private Samples()
    {
    }

    /** The samples a percentile needs. */
    public static long needed(final double percentile)
    {
        return (long)Math.ceil(3 / (1 - percentile / 100) - 1e-9);
    }

    /** Whether {@code samples} support the percentile. */
    public static boolean support(final long samples, final double percentile)
    {
        return samples >= needed(percentile);
    }
}
