package pinbench.ref;

import pinbench.Described;
import pinbench.memory.Memory;

/**
 * The catalog of reference-count strategies: the only list of them. Benchmarks take it as a JMH
 * {@code @Param} (no values given, so JMH runs every constant), the contract tests run every
 * constant, and {@code scripts/bench --strategies} accepts these names case-insensitively.
 */
public enum RefStrategy implements Described
{
    /** One shared word; {@code tryGetLive} is a CAS loop, like the kernel's {@code refcount_inc_not_zero}. */
    CAS_LOOP("one shared word, tryGetLive by CAS loop (inc_not_zero)", CasLoopRef::new),

    /** One shared word, every operation a single {@code getAndAdd}, dead zone told by sign (Linux {@code rcuref}). */
    RCUREF("one shared word, getAndAdd only, dead zone told by sign (rcuref)", RcuRef::new),

    /** Padded cells chosen per thread, each killed by adding a dead bias (LongAdder-like). */
    STRIPED("padded cells picked per thread, getAndAdd, killed cell by cell", StripedRef::new),

    /** Per-thread slots updated without atomics; the fast path pays one StoreLoad fence. */
    SLOTS_FENCED("per-thread slots, plain updates, a StoreLoad fence on every operation", SlotsFencedRef::new),

    /** Per-thread slots without any fence on the fast path; kill forces fences with {@code membarrier(2)}. */
    SLOTS_MEMBARRIER("per-thread slots, no fence on the fast path, kill uses membarrier(2)", SlotsMembarrierRef::new),

    /** {@code SLOTS_MEMBARRIER} whose concurrent kills share one {@code membarrier(2)} call instead of queueing. */
    SLOTS_SHARED_BARRIER("per-thread slots, no fence on the fast path, concurrent kills share membarrier(2) calls",
        SlotsSharedBarrierRef::new),

    /** Per-thread slots without any fence on the fast path; kill's barrier is a JVM safepoint. */
    SLOTS_SAFEPOINT("per-thread slots, no fence on the fast path, kill's barrier is a JVM safepoint",
        SlotsSafepointRef::new),

    /** The first thread to take a handle owns a fence-free slot; all others share one atomic word. */
    BIASED("owner thread counts in a plain slot, other threads on a shared atomic word", BiasedRef::new);

    /** How a strategy is built: its constructor. */
    private interface Factory
    {
        RefCount create(Memory memory, Runnable release);
    }

    private final String description;
    private final Factory factory;

    RefStrategy(final String description, final Factory factory)
    {
        this.description = description;
        this.factory = factory;
    }

    /**
     * Kills in this JVM whose own barrier failed and that completed through a JVM safepoint instead
     * ({@link RefCount#kill()}): a kill benchmark that saw any measured the fallback, not the design.
     */
    public static long barrierFallbacks()
    {
        return SlotRef.barrierFallbacks();
    }

    /** One line for {@code scripts/bench list} and the results. */
    public String description()
    {
        return description;
    }

    /**
     * Creates a live count (one initial reference) with its words in {@code memory}.
     *
     * @param release run exactly once when the count reaches zero after {@link RefCount#kill()}.
     */
    public RefCount create(final Memory memory, final Runnable release)
    {
        return factory.create(memory, release);
    }
}
