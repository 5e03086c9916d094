package pinbench.stress.soak;

/** One soak round of a case: fresh state, threads racing for about {@code nanos}, invariants checked throughout. */
@FunctionalInterface
public interface Round
{
    /** Time a thread waits beyond the round before it counts as hung (a lost wakeup, a killer that never returns). */
    long HUNG_NANOS = 10_000_000_000L;

    void run(long nanos, Tally tally) throws InterruptedException;
}
