package pinbench.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The machine-wide CPU time counters of {@code /proc/stat} (the {@code cpu} line, in clock ticks),
 * read around each run to say how much time the hypervisor took from this guest (steal).
 *
 * @param total every field summed.
 * @param steal time the hypervisor ran something else while this guest wanted the CPU.
 */
public record CpuTimes(long total, long steal)
{
    private static final Path STAT = Path.of("/proc/stat");
    private static final int STEAL_FIELD = 8;

    /** Now, or {@code null} where {@code /proc/stat} cannot be read. */
    public static CpuTimes now()
    {
        try
        {
            final String cpu = Files.readAllLines(STAT).stream().filter(l -> l.startsWith("cpu ")).findFirst()
                .orElse(null);
            if (cpu == null)
            {
                return null;
            }
            final long[] fields = Arrays.stream(cpu.substring(4).trim().split("\\s+")).mapToLong(Long::parseLong)
                .toArray();
            return new CpuTimes(Arrays.stream(fields).limit(STEAL_FIELD + 1).sum(),
                fields.length > STEAL_FIELD - 1 ? fields[STEAL_FIELD - 1] : 0);
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
    }

    /** The share of CPU time stolen between {@code before} and this, in percent; {@code null} when unknown. */
    public Double stealPercentSince(final CpuTimes before)
    {
        if (before == null || total <= before.total)
        {
            return null;
        }
        return 100.0 * (steal - before.steal) / (total - before.total);
    }
}
