package pinbench.run.plan;

import pinbench.Described;
import pinbench.Family;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Whether each strategy passed its contract tests and its jcstress short mode in this checkout's
 * last build ({@code ./mvnw verify} writes {@code impls/target/verdicts/} and
 * {@code stress/target/verdicts/}). A verdict older than the newest strategy source is stale.
 */
public final class Verdicts
{
    static final String PASSED = "passed";
    static final String FAILED = "failed";

    /**
     * One strategy's verdicts.
     *
     * @param contract passed, failed, "not run" or "stale".
     * @param jcstress passed, failed, "not run" or "stale".
     */
    public record Verdict(String contract, String jcstress)
    {
        public boolean failed()
        {
            return FAILED.equals(contract) || FAILED.equals(jcstress);
        }

        public boolean passed()
        {
            return PASSED.equals(contract) && PASSED.equals(jcstress);
        }
    }

    private Verdicts()
    {
    }

    /** The verdicts of the strategies a run selected, keyed {@code family.STRATEGY}. */
    static Map<String, Verdict> of(final List<Family> families, final Predicate<String> selected, final Path home)
    {
        final FileTime sources = newest(List.of(home.resolve("impls/src/main"), home.resolve("stress/src/main")));
        final Properties jcstress = read(home.resolve("stress/target/verdicts/jcstress.properties"), sources);
        final Map<String, Verdict> verdicts = new LinkedHashMap<>();
        for (final Family family : families)
        {
            final Properties contract = read(home.resolve("impls/target/verdicts/contract-" + family.label()
                + ".properties"), sources);
            for (final Described strategy : family.strategies())
            {
                if (selected.test(strategy.name()))
                {
                    final String key = family.key(strategy);
                    verdicts.put(key, new Verdict(contract.getProperty(strategy.name(), "not run"),
                        jcstress.getProperty(key, "not run")));
                }
            }
        }
        return verdicts;
    }

    /** The file's verdicts; every value "stale" when it is older than the sources, none when missing. */
    private static Properties read(final Path file, final FileTime sources)
    {
        final Properties p = new Properties();
        if (!Files.isRegularFile(file))
        {
            return p;
        }
        try (Reader r = Files.newBufferedReader(file))
        {
            p.load(r);
            if (sources != null && Files.getLastModifiedTime(file).compareTo(sources) < 0)
            {
                p.replaceAll((k, v) -> "stale (sources changed after the tests ran)");
            }
        }
        catch (final IOException ex)
        {
            p.clear();
        }
        return p;
    }

    private static FileTime newest(final List<Path> dirs)
    {
        FileTime newest = null;
        for (final Path dir : dirs)
        {
            if (!Files.isDirectory(dir))
            {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir))
            {
                for (final Path f : files.filter(Files::isRegularFile).toList())
                {
                    final FileTime t = Files.getLastModifiedTime(f);
                    newest = newest == null || t.compareTo(newest) > 0 ? t : newest;
                }
            }
            catch (final IOException ex)
            {
                return null;
            }
        }
        return newest;
    }

    /** The selected strategies known to fail, as "family.STRATEGY (contract failed)". */
    public static List<String> failing(final Map<String, Verdict> verdicts)
    {
        final List<String> failing = new ArrayList<>();
        verdicts.forEach((k, v) ->
        {
            if (v.failed())
            {
                failing.add(k + " (contract " + v.contract() + ", jcstress " + v.jcstress() + ")");
            }
        });
        return failing;
    }
}
