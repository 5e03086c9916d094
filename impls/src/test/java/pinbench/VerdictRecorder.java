package pinbench;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Records, per catalog entry, whether its contract tests passed in this build:
 * {@code target/verdicts/contract-<family>.properties} with lines {@code STRATEGY=passed|failed}.
 * The entry is the first word of a parameterized test's display name ("CAS_LOOP on HEAP"); the
 * family is the test's package ({@code pinbench.ref}). Tests that are not per strategy are skipped.
 * {@code scripts/bench} reads these files to put a verdict next to every strategy it measures.
 */
public final class VerdictRecorder implements TestWatcher, AfterAllCallback
{
    private final Map<String, String> verdicts = new TreeMap<>();

    private static String strategy(final ExtensionContext context)
    {
        final String first = context.getDisplayName().split(" ")[0];
        return first.matches("[A-Z][A-Z0-9_]+") ? first : "";
    }

    @Override
    public synchronized void testSuccessful(final ExtensionContext context)
    {
        verdicts.putIfAbsent(strategy(context), "passed");
    }

    @Override
    public synchronized void testFailed(final ExtensionContext context, final Throwable cause)
    {
        verdicts.put(strategy(context), "failed");
    }

    @Override
    public synchronized void testAborted(final ExtensionContext context, final Throwable cause)
    {
        verdicts.put(strategy(context), "failed");
    }

    @Override
    public void testDisabled(final ExtensionContext context, final Optional<String> reason)
    {
        // a disabled test says nothing about the strategy
    }

    @Override
    public synchronized void afterAll(final ExtensionContext context)
    {
        verdicts.remove("");
        final String family = context.getRequiredTestClass().getPackageName().replaceAll(".*\\.", "");
        final StringBuilder lines = new StringBuilder("# contract tests of " + context.getDisplayName() + "\n");
        verdicts.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        try
        {
            final Path dir = Files.createDirectories(Path.of("target", "verdicts"));
            Files.writeString(dir.resolve("contract-" + family + ".properties"), lines);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
