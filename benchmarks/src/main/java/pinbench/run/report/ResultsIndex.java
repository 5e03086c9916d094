package pinbench.run.report;

import com.google.gson.JsonParseException;
import pinbench.benchmarks.ForkContract;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code results/README.md}: one line per bundle in the results directory (date, host, memory,
 * profile, commit), rewritten after each run from the bundles' {@code env.json}.
 */
public final class ResultsIndex
{
    private ResultsIndex()
    {
    }

    /** Rewrites {@code outDir/README.md} from every bundle there. */
    public static void write(final Path outDir) throws IOException
    {
        final List<String> rows = new ArrayList<>();
        try (Stream<Path> entries = Files.list(outDir))
        {
            for (final Path bundle : entries.filter(p -> Files.isRegularFile(p.resolve("env.json"))).sorted().toList())
            {
                rows.add(row(bundle));
            }
        }
        final StringBuilder md = new StringBuilder("# Results\n\n")
            .append("One directory per run of `scripts/bench` (`<UTC time>-<host>`); each has `REPORT.md` (tables and")
            .append(" plots), `summary.md`, `jmh.json`, `env.json` and, when measured, HdrHistogram files. Local runs")
            .append(" are git-ignored; the ones in git were published on purpose.\n\n")
            .append("| bundle | started (UTC) | host | CPU | memory | profile | commit |\n|---|---|---|---|---|---|---|\n");
        rows.forEach(md::append);
        final Path tmp = Files.createTempFile(outDir, ".README", ".tmp");
        Files.writeString(tmp, md);
        Files.move(tmp, outDir.resolve("README.md"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The part of a bundle's {@code env.json} the index shows; older bundles have at least these. */
    private record Indexed(String startedUtc, Env.Host host, List<Env.Memory> memory, Env.Jmh jmh, Env.Code code)
    {
    }

    private static String row(final Path bundle)
    {
        try
        {
            final Indexed env = ForkContract.JSON.fromJson(Files.readString(bundle.resolve("env.json")), Indexed.class);
            if (env == null || env.host() == null || env.memory() == null || env.jmh() == null)
            {
                return "| " + bundle.getFileName() + " | env.json lacks host, memory or jmh | | | | | |\n";
            }
            final List<String> memory = new ArrayList<>();
            for (final Env.Memory m : env.memory())
            {
                memory.add(m.backend() + (m.memoryKind() != null ? " (" + m.memoryKind() + ")" : ""));
            }
            final Env.Code code = env.code();
            final String commit = code != null && code.gitCommit() != null ? code.gitCommit().substring(0, 10)
                + (Boolean.TRUE.equals(code.gitDirty()) ? " (dirty)" : "") : "unknown";
            return "| [" + bundle.getFileName() + "](" + bundle.getFileName() + "/REPORT.md) | "
                + env.startedUtc() + " | " + env.host().name() + " | "
                + env.host().cpuModel() + ", " + env.host().cpusAvailableToJvm() + " CPUs | "
                + String.join(", ", memory) + " | " + env.jmh().profile() + " | " + commit + " |\n";
        }
        catch (final IOException | JsonParseException ex)
        {
            return "| " + bundle.getFileName() + " | unreadable env.json: " + ex.getMessage() + " | | | | | |\n";
        }
    }
}
