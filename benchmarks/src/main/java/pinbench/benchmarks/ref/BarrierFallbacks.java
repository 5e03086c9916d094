package pinbench.benchmarks.ref;

import pinbench.ref.RefStrategy;

/**
 * Fails an iteration whose kills completed through the safepoint fallback
 * ({@link RefStrategy#barrierFallbacks()}): its latencies would be the fallback's under the
 * design's name. Both kill benchmarks check at the end of every iteration.
 */
final class BarrierFallbacks
{
    private long seen = RefStrategy.barrierFallbacks();

    /** @throws IllegalStateException if any kill fell back since the last check. */
    void requireNoneSinceLastCheck(final RefStrategy strategy)
    {
        final long now = RefStrategy.barrierFallbacks();
        final long fellBack = now - seen;
        seen = now;
        if (fellBack > 0)
        {
            throw new IllegalStateException(fellBack + " kills of " + strategy + " fell back to a JVM safepoint because"
                + " their own barrier failed (membarrier(2) refused?): this iteration measured the fallback, not "
                + strategy);
        }
    }
}
