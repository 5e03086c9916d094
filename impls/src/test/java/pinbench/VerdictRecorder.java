package pinbench;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Records, per catalog entry of one family, whether its contract tests passed in this build:
 * {@code target/verdicts/contract-<family label>.properties} with lines {@code STRATEGY=passed|failed}.
 * A test class registers one for the family it tests; the entry of a parameterized test is its first
 * argument from that family's catalog. Tests without one (not per strategy) are not recorded.
 * {@code scripts/bench} reads these files to put a verdict next to every strategy it measures.
 */
public final class VerdictRecorder implements InvocationInterceptor, TestWatcher, AfterAllCallback
{
    private final Family family;
    /** The strategy of each test invocation that has one, by JUnit's unique id of the invocation. */
    private final Map<String, Described> strategies = new HashMap<>();
    private final Map<String, String> verdicts = new TreeMap<>();

    public VerdictRecorder(final Family family)
    {
        this.family = family;
    }

    @Override
    public void interceptTestTemplateMethod(final Invocation<Void> invocation,
        final ReflectiveInvocationContext<Method> invocationContext, final ExtensionContext extensionContext)
        throws Throwable
    {
        invocationContext.getArguments().stream().filter(family.catalog()::isInstance).findFirst()
            .ifPresent(a -> remember(extensionContext, (Described)a));
        invocation.proceed();
    }

    private synchronized void remember(final ExtensionContext context, final Described strategy)
    {
        strategies.put(context.getUniqueId(), strategy);
    }

    @Override
    public synchronized void testSuccessful(final ExtensionContext context)
    {
        strategy(context).ifPresent(s -> verdicts.putIfAbsent(s, "passed"));
    }

    @Override
    public synchronized void testFailed(final ExtensionContext context, final Throwable cause)
    {
        strategy(context).ifPresent(s -> verdicts.put(s, "failed"));
    }

    @Override
    public synchronized void testAborted(final ExtensionContext context, final Throwable cause)
    {
        strategy(context).ifPresent(s -> verdicts.put(s, "failed"));
    }

    @Override
    public void testDisabled(final ExtensionContext context, final Optional<String> reason)
    {
        // a disabled test says nothing about the strategy
    }

    private Optional<String> strategy(final ExtensionContext context)
    {
        return Optional.ofNullable(strategies.get(context.getUniqueId())).map(Described::name);
    }

    @Override
    public synchronized void afterAll(final ExtensionContext context)
    {
        final StringBuilder lines = new StringBuilder("# contract tests of " + context.getDisplayName() + "\n");
        verdicts.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        try
        {
            final Path dir = Files.createDirectories(Path.of("target", "verdicts"));
            Files.writeString(dir.resolve("contract-" + family.label() + ".properties"), lines);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
