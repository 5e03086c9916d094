package pinbench.run.catalog;

/** How a table's results are shown. */
public enum Kind
{
    /** JMH average time per operation, with the ratio to the floor. */
    PAIR,
    /** Percentiles of the HdrHistograms the benchmark recorded itself. */
    HISTOGRAM
}
