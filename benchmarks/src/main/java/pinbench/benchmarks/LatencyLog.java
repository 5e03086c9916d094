package pinbench.benchmarks;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One benchmark thread's latency recording: an HdrHistogram owned by that thread alone (no shared
 * {@code Recorder} line), reset at every iteration, with warm-up iterations thrown away. Each
 * measurement iteration becomes one tagged interval of an HdrHistogram log ({@code .hlog}); at the
 * end of the trial the whole measurement goes out as a percentile file ({@code .hgrm}, values in
 * ns). Files go to the side directory of the
 * {@link ForkContract} (default {@code histograms/}), named
 * {@code LOG-TAG.hlog} and {@code LOG-TAG.hgrm}; a run with the same names overwrites nothing (a
 * numeric suffix is added). {@code scripts/bench} merges them into one {@code LOG.hlog} per bundle.
 */
public final class LatencyLog implements AutoCloseable
{
    /** Highest latency tracked: a minute, far beyond any sane wakeup. */
    private static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String tag;
    private final Histogram interval = new Histogram(HIGHEST_NANOS, 3);
    private final Histogram total = new Histogram(HIGHEST_NANOS, 3);
    private final Path hlog;
    private final Path hgrm;
    private final PrintStream logStream;
    private final HistogramLogWriter writer;
    private boolean measuring;
    private long intervalStartMillis;

    /** A log whose intervals carry {@code tag}, plus the run's placement policy unless it is the default. */
    public LatencyLog(final String log, final String tag)
    {
        this.tag = ForkContract.placedTag(tag, ForkContract.current().policy());
        final String name = ForkContract.histogramName(log, this.tag);
        final Path dir = ForkContract.current().histogramDir();
        try
        {
            Files.createDirectories(dir);
            final String base = unused(dir, name);
            hlog = dir.resolve(base + ForkContract.HISTOGRAM_SUFFIX);
            hgrm = dir.resolve(base + ForkContract.PERCENTILES_SUFFIX);
            logStream = new PrintStream(hlog.toFile(), StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot write latency histograms in " + dir, ex);
        }
        writer = new HistogramLogWriter(logStream);
        final long now = System.currentTimeMillis();
        writer.outputLogFormatVersion();
        writer.outputStartTime(now);
        writer.setBaseTime(now);
        writer.outputComment("wakeup latency in ns, one interval per JMH measurement iteration, tag " + this.tag);
        writer.outputLegend();
    }

    private static String unused(final Path dir, final String name)
    {
        String candidate = name;
        for (int n = 2; Files.exists(dir.resolve(candidate + ForkContract.HISTOGRAM_SUFFIX)); n++)
        {
            candidate = name + "-" + n;
        }
        return candidate;
    }

    /** Called at the start of each iteration: only measurement iterations are kept. */
    public void startIteration(final IterationParams iteration)
    {
        measuring = iteration.getType() == IterationType.MEASUREMENT;
        interval.reset();
        intervalStartMillis = System.currentTimeMillis();
    }

    public void record(final long nanos)
    {
        interval.recordValue(Math.min(Math.max(nanos, 0), HIGHEST_NANOS));
    }

    /** Called at the end of each iteration. */
    public void endIteration()
    {
        if (measuring && interval.getTotalCount() > 0)
        {
            interval.setStartTimeStamp(intervalStartMillis);
            interval.setEndTimeStamp(System.currentTimeMillis());
            interval.setTag(tag);
            writer.outputIntervalHistogram(interval);
            total.add(interval);
        }
    }

    @Override
    public void close()
    {
        logStream.close();
        try (PrintStream out = new PrintStream(hgrm.toFile(), StandardCharsets.UTF_8))
        {
            total.outputPercentileDistribution(out, 1.0);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
