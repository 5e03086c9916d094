package pinbench.run.cli;

/** What an invocation of {@code scripts/bench} asks for. */
public sealed interface Command permits Command.Help, Command.ListCatalog, RunCommand, CompareCommand, CheckCommand
{
    /** {@code --help}: print the usage. */
    record Help() implements Command
    {
    }

    /** {@code list}: print every family, strategy, backend and profile. */
    record ListCatalog() implements Command
    {
    }
}
