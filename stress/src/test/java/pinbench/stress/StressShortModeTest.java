package pinbench.stress;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short jcstress mode in {@code ./mvnw verify}: every catalog entry of every family through its
 * jcstress test, one configuration for half a second each. A forbidden outcome fails the build and names
 * the strategy; {@code scripts/stress} runs the same cases longer.
 */
class StressShortModeTest
{
    /** family.STRATEGY to passed/failed, written for scripts/bench to report next to its numbers. */
    private static final Map<String, String> VERDICTS = new TreeMap<>();

    static List<Stress.Case> cases()
    {
        return Stress.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jcstressSeesNoForbiddenOutcome(final Stress.Case c) throws Exception
    {
        final Stress.Outcome o = Stress.run(c, Stress.Mode.SHORT, Path.of("target", "jcstress"));
        synchronized (VERDICTS)
        {
            VERDICTS.merge(c.key(), o.passed() ? "passed" : "failed", (a, b) -> a.equals("failed") ? a : b);
        }
        assertTrue(o.passed(), () -> c.label() + " failed its jcstress test " + c.test().getSimpleName() + ":\n" + o.detail());
    }

    @AfterAll
    static void writeVerdicts() throws IOException
    {
        final StringBuilder lines = new StringBuilder("# jcstress short mode\n");
        VERDICTS.forEach((k, v) -> lines.append(k).append('=').append(v).append('\n'));
        Files.writeString(Files.createDirectories(Path.of("target", "verdicts")).resolve("jcstress.properties"), lines);
    }
}
