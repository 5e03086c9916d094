package pinbench.memory;

/** Lets the benchmarks' tests record a failed flush, as {@code BufferCells} does when msync(2) fails. */
public final class FlushFailuresForTests
{
    private FlushFailuresForTests()
    {
    }

    public static void record(final String memory, final RuntimeException failure)
    {
        FlushFailures.record(memory, failure);
    }
}
