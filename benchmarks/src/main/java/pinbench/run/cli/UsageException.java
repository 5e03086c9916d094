package pinbench.run.cli;

/** A wrong invocation: its message is printed as is, and nothing has been started. */
public final class UsageException extends Exception
{
    public UsageException(final String message)
    {
        super(message);
    }
}
