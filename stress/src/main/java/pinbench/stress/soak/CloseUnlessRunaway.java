package pinbench.stress.soak;

import pinbench.concurrent.Workers;

/**
 * Closes what a round made (a count, a page map) at the end of the round, unless one of the round's
 * threads outlived its interrupt: that thread may still be using it, and closing would unmap memory
 * under it (a JVM crash on a mapped backend instead of a report). Then it is left open for good, one
 * leaked mapping against a soak that goes on and reports the thread.
 */
final class CloseUnlessRunaway implements AutoCloseable
{
    private final Runnable close;
    private boolean allEnded = true;

    CloseUnlessRunaway(final Runnable close)
    {
        this.close = close;
    }

    /** Notes a run of the round's threads and passes it on. */
    Workers.Failures note(final Workers.Failures failures)
    {
        allEnded &= failures.allEnded();
        return failures;
    }

    @Override
    public void close()
    {
        if (allEnded)
        {
            close.run();
        }
    }
}
