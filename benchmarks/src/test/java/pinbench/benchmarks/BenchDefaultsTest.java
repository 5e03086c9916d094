package pinbench.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;
import org.openjdk.jmh.runner.options.TimeValue;
import pinbench.memory.FlushFailuresForTests;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What every benchmark does around its iterations, outside JMH. */
class BenchDefaultsTest
{
    private static final class AnyBenchmark extends BenchDefaults
    {
    }

    /** Under --durability flush a failed flush is counted, not thrown, so the iteration must fail instead. */
    @Test
    void anIterationInWhichAFlushFailedFailsAndOnlyThatOne()
    {
        final AnyBenchmark bench = new AnyBenchmark();
        final IterationParams iteration = new IterationParams(IterationType.WARMUP, 1, TimeValue.seconds(1), 1);
        bench.watchIteration(iteration);
        assertDoesNotThrow(bench::endWatchedIteration, "no flush failed");

        bench.watchIteration(iteration);
        FlushFailuresForTests.record("a tmpfs test file", new UncheckedIOException(new IOException("Input/output error")));
        final IllegalStateException failed = assertThrows(IllegalStateException.class, bench::endWatchedIteration);
        assertTrue(failed.getMessage().startsWith("1 flushes failed in this iteration")
            && failed.getMessage().contains("Input/output error flushing a tmpfs test file"), failed.getMessage());

        bench.watchIteration(iteration);
        assertDoesNotThrow(bench::endWatchedIteration, "a failure is charged to its own iteration only");
    }
}
