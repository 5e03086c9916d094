package pinbench.run;

import java.util.List;

/**
 * One table of the results: a question ("what does a get+put pair cost?") and the benchmarks that
 * answer it side by side.
 *
 * @param title   heading in {@code summary.md}.
 * @param caption how to read the table.
 * @param kind    average time with a floor ratio, or a sampled latency distribution.
 * @param benches the benchmark methods whose results form the rows.
 */
public record Scenario(String title, String caption, Kind kind, List<Bench> benches)
{
    /** How a scenario is measured and shown. */
    public enum Kind
    {
        /** JMH average time per operation per thread, shown with its ratio to the floor. */
        PAIR,
        /** JMH sampled time, shown as percentiles. */
        LATENCY
    }

    /**
     * One benchmark method.
     *
     * @param benchmark   fully qualified {@code Class.method}, as JMH names it.
     * @param label       row label when the method does not sweep strategies.
     * @param perStrategy whether it takes the {@code strategy} and {@code backend} parameters.
     * @param pinners     whether the thread count goes to the {@code pinners} parameter (the method
     *                    itself runs on one JMH thread) instead of JMH's {@code -t}.
     */
    public record Bench(String benchmark, String label, boolean perStrategy, boolean pinners)
    {
        /** A method run for every selected strategy and backend. */
        static Bench sweep(final String benchmark)
        {
            return new Bench(benchmark, null, true, false);
        }

        /** A fixed implementation, one row. */
        static Bench fixed(final String benchmark, final String label)
        {
            return new Bench(benchmark, label, false, false);
        }

        /** A latency method for every strategy and backend, with background pinner threads. */
        static Bench sweepWithPinners(final String benchmark)
        {
            return new Bench(benchmark, null, true, true);
        }

        /** {@code Class.method} without the package. */
        public String shortName()
        {
            final int method = benchmark.lastIndexOf('.');
            return benchmark.substring(benchmark.lastIndexOf('.', method - 1) + 1);
        }
    }

    /** The plain thread-confined pair every table is read against; run once per thread count. */
    static final Scenario FLOOR = new Scenario("floor", "plain thread-confined increment+decrement pair",
        Kind.PAIR, List.of(Bench.fixed("pinbench.benchmarks.floor.FloorBench.plainPair", "floor: plain pair")));
}
