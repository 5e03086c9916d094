package pinbench.run;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

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
final class ResultsIndex
{
    private ResultsIndex()
    {
    }

    static void write(final Path outDir) throws IOException
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

    private static String row(final Path bundle)
    {
        try
        {
            final JsonObject env = JsonParser.parseString(Files.readString(bundle.resolve("env.json"))).getAsJsonObject();
            final JsonObject host = env.getAsJsonObject("host");
            final List<String> memory = new ArrayList<>();
            for (final JsonElement m : env.getAsJsonArray("memory"))
            {
                final JsonObject o = m.getAsJsonObject();
                memory.add(o.get("backend").getAsString().toLowerCase() + (o.has("memory_kind")
                    ? " (" + o.get("memory_kind").getAsString() + ")" : ""));
            }
            final JsonObject code = env.getAsJsonObject("code");
            final String commit = code.has("git_commit") && !code.get("git_commit").isJsonNull()
                ? code.get("git_commit").getAsString().substring(0, 10)
                + (code.has("git_dirty") && code.get("git_dirty").getAsBoolean() ? " (dirty)" : "") : "unknown";
            return "| [" + bundle.getFileName() + "](" + bundle.getFileName() + "/REPORT.md) | "
                + env.get("started_utc").getAsString() + " | " + host.get("name").getAsString() + " | "
                + host.get("cpu_model").getAsString() + ", " + host.get("cpus_available_to_jvm").getAsInt() + " CPUs | "
                + String.join(", ", memory) + " | " + env.getAsJsonObject("jmh").get("profile").getAsString() + " | "
                + commit + " |\n";
        }
        catch (final IOException | RuntimeException ex)
        {
            return "| " + bundle.getFileName() + " | unreadable env.json: " + ex.getMessage() + " | | | | | |\n";
        }
    }
}
