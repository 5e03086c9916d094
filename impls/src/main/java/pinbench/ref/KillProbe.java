package pinbench.ref;

/**
 * Told as {@link RefCount#kill(KillProbe)} finishes each of its phases, so that a benchmark can
 * timestamp them. A strategy reports only the phases it has, in the order below; the caller marks
 * {@link Phase#AWAIT_RELEASE} itself. {@link #NONE} costs nothing where it is the only probe a JVM
 * passes (each fork of the benchmark): the call site sees one receiver and C2 removes the call. A
 * JVM that also times phases (JMH's {@code -f 0}) pays a type check per phase.
 */
@FunctionalInterface
public interface KillProbe
{
    /** Reports nothing. */
    KillProbe NONE = phase -> { };

    /** Called right after {@code phase} completed, in the killing thread. */
    void reached(Phase phase);

    /** The phases of a kill-to-release, in order. */
    enum Phase
    {
        /** The dying mark is stored (slots: the mode word), so no new fast-path reference is counted. */
        MARK_DYING,
        /** Every fast-path store ordered before a live mode read is visible to the killer (fence or membarrier). */
        BARRIER,
        /** Per-thread or per-stripe counts folded into one sum (slots: each taken once by an atomic exchange). */
        FOLD,
        /** The shared word turned dead with the folded sum and the initial reference dropped (releases at zero). */
        DROP_INITIAL,
        /** After kill returned: until the last holder's put ran the release. Marked by the caller, not kill. */
        AWAIT_RELEASE
    }
}
