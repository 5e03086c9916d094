package pinbench.stress;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short jcstress mode in {@code ./mvnw verify}: every catalog entry of every family through its
 * jcstress test, one configuration for half a second each. A forbidden outcome fails the build and names
 * the strategy; {@code scripts/stress} runs the same cases longer.
 */
class StressShortModeTest
{
    static List<Stress.Case> cases()
    {
        return Stress.cases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void jcstressSeesNoForbiddenOutcome(final Stress.Case c) throws Exception
    {
        final Stress.Outcome o = Stress.run(c, Stress.Mode.SHORT, Path.of("target", "jcstress"));
        assertTrue(o.passed(), () -> c.label() + " failed its jcstress test " + c.test() + ":\n" + o.detail());
    }
}
