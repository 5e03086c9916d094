package pinbench.run.cli;

import java.nio.file.Path;

/**
 * {@code scripts/bench check BUNDLE}: every validity check on a results bundle.
 *
 * @param bundle the bundle directory.
 */
public record CheckCommand(Path bundle) implements Command
{
}
