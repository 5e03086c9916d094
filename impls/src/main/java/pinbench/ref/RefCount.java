package pinbench.ref;

/**
 * A lifetime reference count in the style of Linux {@code percpu_ref}: the range reference
 * ({@code pgmap->ref}) that every pinned page of a device range holds.
 * <p>
 * The count starts at one (the initial reference, owned by whoever created it). Threads take and
 * drop references through a {@link Handle}, obtained once per thread so that per-thread state costs
 * nothing on the hot path. {@link #kill()} marks the count dying and drops the initial reference;
 * the release callback given at construction then runs exactly once, in whichever thread drops the
 * count to zero, and never while any reference is still held.
 * <p>
 * A reference taken through one handle may be dropped through another (a pin taken on one CPU and
 * dropped on another); only the sum over all handles is meaningful.
 */
public interface RefCount extends AutoCloseable
{
    /**
     * Registers the calling thread and returns its handle. Call once per thread, outside the hot
     * path; a handle is used by one thread at a time, and closed when that thread is done.
     */
    Handle handle();

    /**
     * Marks the count dying and drops the initial reference. After it returns no
     * {@link Handle#tryGetLive()} succeeds. Call at most once.
     * <p>
     * A kill whose barrier fails at run time (a {@code membarrier(2)} the kernel refuses) completes
     * through a slower one, a JVM safepoint, and is counted in {@link RefStrategy#barrierFallbacks()}:
     * the count is killed as usual. Only if that fails too does kill throw, with the count left live,
     * unchanged and killable again; a {@code tryGetLive} that ran while that kill was under way may
     * have been refused, as it would be by a kill that went on to complete (Linux's
     * {@code percpu_ref_tryget_live} fails once the kill has begun, too).
     *
     * @throws IllegalStateException if already killed, or if no barrier could be run.
     */
    default void kill()
    {
        kill(KillProbe.NONE);
    }

    /**
     * {@link #kill()}, telling {@code probe} as each phase of it completes.
     *
     * @throws IllegalStateException if already killed.
     */
    void kill(KillProbe probe);

    /** Whether {@link #kill()} has started. */
    boolean isDying();

    /** The number of references held; exact when no operation is in flight, for diagnostics only. */
    long count();

    /**
     * Frees the counter memory (unmaps a mapped file). Any later operation on the count or its
     * handles throws {@link IllegalStateException}; a second close does nothing. Close only once
     * every thread is done with the count: an operation racing with close may touch freed memory.
     */
    @Override
    void close();

    /**
     * The most references a count holds at once, and the most one {@code getMany} or {@code putMany}
     * takes: 2^48, far past any device range (2^48 pages of 4 KiB are 1 EiB) and far enough below the
     * bits each strategy tells its states apart by (a dead bias, a sign, a folded slot) that no word
     * reaches them. A get that would take the count past it throws {@link IllegalStateException} and
     * leaves the count unchanged: exactly at {@code MAX_COUNT} in the one-word strategies (CAS_LOOP,
     * RCUREF) and in every strategy once killed. A strategy that splits the count (per-thread slots,
     * striped cells) keeps each part within {@code MAX_COUNT}, moving what would pass it to its shared
     * word, which refuses past {@code MAX_COUNT} in turn; so while live it may hold somewhat more.
     */
    long MAX_COUNT = 1L << 48;

    /**
     * Refuses a number of references no {@code getMany}/{@code putMany} takes: {@code n} must be
     * from 1 to {@link #MAX_COUNT} (a negative {@code getMany} would act as a put and corrupt the
     * count instead of failing). Free on {@code get()}/{@code put()}, whose constant 1 the JIT folds
     * the test away for.
     *
     * @throws IllegalArgumentException when {@code n < 1} or {@code n > MAX_COUNT}.
     */
    static void requireReferences(final long n)
    {
        if (n < 1 || n > MAX_COUNT)
        {
            throw new IllegalArgumentException("getMany and putMany take 1 to 2^48 (MAX_COUNT) references at once, got " + n);
        }
    }

    /** What a get that would take a count past {@link #MAX_COUNT} throws. */
    static IllegalStateException tooMany(final long held, final long n)
    {
        return new IllegalStateException("a count holds at most 2^48 (MAX_COUNT) references: taking " + n
            + " more with " + held + " held is refused, the count unchanged");
    }

    /** A thread's access to the count. */
    interface Handle extends AutoCloseable
    {
        /** Takes a reference unconditionally: legal only while the caller already holds one. */
        default void get()
        {
            getMany(1);
        }

        /**
         * Takes {@code n} references at once ({@code percpu_ref_get_many}); legal only while holding one.
         *
         * @throws IllegalArgumentException when {@code n} is outside 1 to {@link #MAX_COUNT}, the count unchanged.
         * @throws IllegalStateException when the count would pass {@link #MAX_COUNT}, the count unchanged.
         */
        void getMany(long n);

        /**
         * Takes a reference if the count has not been killed; {@code false} otherwise.
         *
         * @throws IllegalStateException when the count would pass {@link #MAX_COUNT}, the count unchanged.
         */
        boolean tryGetLive();

        /** Drops a reference; the drop that reaches zero after {@code kill} runs the release callback. */
        default void put()
        {
            putMany(1);
        }

        /**
         * Drops {@code n} references at once ({@code percpu_ref_put_many}).
         *
         * @throws IllegalArgumentException when {@code n} is outside 1 to {@link #MAX_COUNT}, the count unchanged.
         */
        void putMany(long n);

        /**
         * Compare-and-set attempts on this handle's operations that lost a race and were retried, since
         * the handle was made: a diagnostic of contention (Linux {@code rcuref} was motivated by 8 retries
         * per operation at 112 CPUs). Read by the handle's own thread. The default: no CAS on the paths.
         */
        default long casRetries()
        {
            return 0;
        }

        /**
         * Gives back what the handle holds for its thread (a per-thread slot), for a later handle to
         * reuse, so a pool that churns threads does not run out of slots. References taken through
         * this handle stay counted and may be dropped through any other. Call once, when the thread
         * is done with the count; a strategy with per-thread state then refuses the handle with
         * {@link IllegalStateException}, one without keeps serving it. The default has nothing to give back.
         */
        @Override
        default void close()
        {
        }
    }
}
