package pinbench.run.report;

import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.HdrHistogram.HistogramLogWriter;
import pinbench.benchmarks.ForkContract;
import pinbench.run.exec.Bundle;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Merges the per-fork HdrHistogram logs that benchmarks wrote ({@code LOG-TAG[-n].hlog}) into one
 * interval log per {@code LOG} ({@code LOG.hlog}, every interval keeping its tag) and one
 * percentile file per tag ({@code LOG-TAG.hgrm}, HdrHistogram's own format, values in ns).
 */
public final class Histograms
{
    private Histograms()
    {
    }

    /**
     * @param raw where the forks wrote their logs (deleted afterwards).
     * @param out the bundle directory.
     * @return the merged histogram of each log and tag, keyed {@code LOG-TAG}, and of each whole log
     *         (every tag), keyed {@code LOG}.
     */
    public static Map<String, Histogram> merge(final Path raw, final Path out) throws IOException
    {
        final Map<String, Histogram> byTag = new TreeMap<>();
        if (!Files.isDirectory(raw))
        {
            return byTag;
        }
        final Map<String, List<Histogram>> intervalsByLog = new TreeMap<>();
        final Map<String, Histogram> byLog = new TreeMap<>();
        try (Stream<Path> files = Files.list(raw))
        {
            for (final Path file : files.filter(f -> f.toString().endsWith(ForkContract.HISTOGRAM_SUFFIX)).sorted().toList())
            {
                final String name = file.getFileName().toString();
                final String log = name.substring(0, name.indexOf('-') > 0 ? name.indexOf('-') : name.length()
                    - ForkContract.HISTOGRAM_SUFFIX.length());
                final HistogramLogReader reader = new HistogramLogReader(file.toFile());
                EncodableHistogram interval;
                while ((interval = reader.nextIntervalHistogram()) != null)
                {
                    final Histogram h = (Histogram)interval;
                    intervalsByLog.computeIfAbsent(log, k -> new ArrayList<>()).add(h);
                    byTag.computeIfAbsent(ForkContract.histogramName(log, h.getTag()),
                        k -> new Histogram(h.getHighestTrackableValue(), 3)).add(h);
                    byLog.computeIfAbsent(log + ForkContract.placementSuffix(h.getTag()),
                        k -> new Histogram(h.getHighestTrackableValue(), 3)).add(h);
                }
            }
        }
        for (final Map.Entry<String, List<Histogram>> entry : intervalsByLog.entrySet())
        {
            final List<Histogram> intervals = entry.getValue();
            intervals.sort(Comparator.comparingLong(Histogram::getStartTimeStamp));
            try (PrintStream stream = new PrintStream(out.resolve(entry.getKey()
                + ForkContract.HISTOGRAM_SUFFIX).toFile(),
                StandardCharsets.UTF_8))
            {
                final HistogramLogWriter writer = new HistogramLogWriter(stream);
                final long start = intervals.get(0).getStartTimeStamp();
                writer.outputLogFormatVersion();
                writer.outputStartTime(start);
                writer.setBaseTime(start);
                writer.outputComment("pinbench " + entry.getKey() + " latency in ns; one interval per JMH measurement"
                    + " iteration, tagged STRATEGY.BACKEND");
                writer.outputLegend();
                intervals.forEach(writer::outputIntervalHistogram);
            }
        }
        for (final Map.Entry<String, Histogram> entry : byTag.entrySet())
        {
            try (PrintStream stream = new PrintStream(out.resolve(entry.getKey() + ForkContract.PERCENTILES_SUFFIX).toFile(),
                StandardCharsets.UTF_8))
            {
                entry.getValue().outputPercentileDistribution(stream, 1.0);
            }
        }
        Bundle.deleteTree(raw);
        byTag.putAll(byLog);
        return byTag;
    }
}
