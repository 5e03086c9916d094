package pinbench.run.cli;

import java.nio.file.Path;

/**
 * {@code scripts/bench compare A B [--fail-on-regression PCT]}.
 *
 * @param a                the baseline bundle (or its {@code jmh.json}).
 * @param b                the bundle compared with it.
 * @param failOnRegression exit 1 when anything is slower by more than this many percent, or {@code null}.
 */
public record CompareCommand(Path a, Path b, Double failOnRegression) implements Command
{
}
