package pinbench.ref;

import org.agrona.collections.IntArrayList;
import pinbench.memory.Cells;
import pinbench.memory.Memory;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per-thread slots with a kill handshake: the shape of Linux {@code percpu_ref}, without RCU.
 * <p>
 * While live, a handle counts in its own slot with plain stores: no lock prefix, no shared line.
 * An operation: (1) store {@code slot + delta}, (2) read the mode; if live, done. Kill: (a) store
 * mode dead, (b) make sure every slot store made before (a) was seen by any thread is visible,
 * (c) take every slot by exchange ({@code getAndSet} to {@link #FOLDED}) and add what it held to
 * the shared {@link ZoneWord}, which turns it dead and drops the initial reference.
 * <p>
 * Why no reference is lost: (1)-(2) and (a)-(b) are a Dekker pair. An operation that reads live
 * stored before kill's (a) took effect for it, so (c) finds its store. An operation that reads dead
 * does not know whether (c) took its slot before or after its store, so it asks the slot: a CAS
 * from its stored value back to the value before. The CAS succeeds if and only if the exchange did
 * not come between the store and the CAS (kill takes each slot once and nobody else writes it),
 * and then the delta is not counted and the operation uses the shared word; if the CAS fails, kill
 * folded the delta. Until the fold the shared word is live and cannot reach zero, so slow-path
 * drops during kill cannot release early. Neither side waits for the other: a descheduled pinner
 * cannot hold up a kill, and an operation on the killing thread itself (from a {@link KillProbe})
 * cannot deadlock. Subclasses choose how (1)-(2) and (a)-(b) get their StoreLoad ordering.
 * <p>
 * Slots come in chunks of {@code chunkSize} cells, allocated as handles register, so any number of
 * threads count on their own slots; {@link Handle#close()} gives a slot back with its count, for
 * the next handle to continue. Each chunk has its own copy of the mode, in the same {@link Cells} as
 * its slots, so (1)-(2) touch one object whose addresses are computed once. A new chunk copies the
 * mode under the lock that kill holds while it marks every chunk's mode dead, so no chunk is missed:
 * the argument above holds per chunk. Handles beyond {@code maxSlots} (all non-owners of
 * {@link BiasedRef}) count on the shared word directly, which stays correct on its own.
 * <p>
 * A slot drifts when references are taken on one handle and dropped on another; it is kept within
 * {@link RefCount#MAX_COUNT} either way, far from {@link #FOLDED}: an operation that would carry it
 * past goes to the shared word instead, as one on a folded slot does.
 */
abstract class SlotRef extends AbstractRef
{
    static final int SHARED = 0;
    static final int MODE = 1;
    /** Slots allocated at a time, as handles register: one allocation (a mapping) per this many threads. */
    static final int CHUNK = 64;
    private static final int FIRST_SLOT = 2;
    static final long LIVE = 0;
    private static final long DEAD = 1;
    /** What kill leaves in a slot it has folded; far outside the counts a slot can hold. */
    private static final long FOLDED = Long.MIN_VALUE;

    private final Memory memory;
    private final ZoneWord shared;
    private final int maxSlots;
    private final int chunkSize;
    private static final AtomicLong FALLBACKS = new AtomicLong();

    private final AtomicBoolean dying = new AtomicBoolean();
    /** Copy-on-write under {@code this}; kill and count read it without the lock. */
    private volatile Chunk[] chunks;
    /** Slots handed out at least once; written under {@code this}, after {@link #chunks} covers them. */
    private volatile int used;
    /** Slots given back by closed handles, each still holding its count; guarded by {@code this}. */
    private final IntArrayList free = new IntArrayList();

    SlotRef(final Memory memory, final Runnable release, final int maxSlots, final int chunkSize)
    {
        super(memory, FIRST_SLOT + chunkSize, release);
        this.memory = memory;
        this.maxSlots = maxSlots;
        this.chunkSize = chunkSize;
        this.chunks = new Chunk[] {new Chunk(cells, MODE, FIRST_SLOT)}; // one allocation (one mapping) for most counts
        this.shared = new ZoneWord(cells, SHARED, release, 1);
        cells.setVolatile(MODE, LIVE);
    }

    /** Slots {@code first} to {@code first + chunkSize - 1} of {@code cells}, and their copy of the mode. */
    private record Chunk(Cells cells, int mode, int first)
    {
    }

    /** Steps (1)-(2): stores {@code word} into the slot, then reads the mode cell of the same cells, StoreLoad-ordered. */
    abstract long storeThenReadMode(Cells slots, int slot, long word, int mode);

    /** Step (b): after the mode store, makes every slot store ordered before a live mode read visible. */
    abstract void awaitVisibleStores();

    /**
     * Step (b) when {@link #awaitVisibleStores()} failed (a {@code membarrier(2)} refused at run
     * time): a JVM safepoint, which orders the same stores ({@link SlotsSafepointRef}), more slowly.
     */
    void fallbackBarrier()
    {
        SlotsSafepointRef.SAFEPOINT.await();
    }

    /** Kills whose barrier failed and that completed through {@link #fallbackBarrier()}, since the JVM started. */
    static long barrierFallbacks()
    {
        return FALLBACKS.get();
    }

    @Override
    public final synchronized Handle handle()
    {
        final int id;
        if (!free.isEmpty())
        {
            id = free.popInt();
        }
        else if (used < maxSlots)
        {
            id = used;
            if (id == chunks.length * chunkSize)
            {
                final long mode = cells.getVolatile(MODE); // before allocating: a closed count throws, leaking nothing
                final Cells added = memory.allocate(1 + chunkSize);
                added.setVolatile(0, mode); // read under the lock markModes takes: not stale
                final Chunk[] grown = Arrays.copyOf(chunks, chunks.length + 1);
                grown[grown.length - 1] = new Chunk(added, 0, 1);
                chunks = grown;
            }
            used = id + 1;
        }
        else
        {
            return shared.handle();
        }
        final Chunk chunk = chunks[id / chunkSize];
        return new SlotHandle(this, chunk.cells, chunk.first + id % chunkSize, chunk.mode, id);
    }

    private synchronized void giveBack(final int id)
    {
        free.pushInt(id);
    }

    @Override
    public final void kill(final KillProbe probe)
    {
        if (!dying.compareAndSet(false, true))
        {
            throw killedTwice();
        }
        markModes(DEAD);
        probe.reached(KillProbe.Phase.MARK_DYING);
        barrier();
        probe.reached(KillProbe.Phase.BARRIER);
        // a slot handed out after this read belongs to a handle registered after the mode store: it reads dead
        final int handedOut = used;
        final Chunk[] all = chunks; // read after used: covers it
        long folded = 0;
        for (int id = 0; id < handedOut; id++)
        {
            final Chunk chunk = all[id / chunkSize];
            folded += chunk.cells.getAndSet(chunk.first + id % chunkSize, FOLDED);
        }
        probe.reached(KillProbe.Phase.FOLD);
        shared.kill(folded);
        probe.reached(KillProbe.Phase.DROP_INITIAL);
    }

    /**
     * Step (b), by this design's barrier or, when that fails, by the fallback, so the kill completes
     * either way. When both fail, nothing has been folded yet: the modes go back to live and kill
     * throws, the count live, unchanged (operations that read dead meanwhile used the shared word,
     * still live) and killable again.
     */
    private void barrier()
    {
        try
        {
            awaitVisibleStores();
        }
        catch (final RuntimeException | Error failed)
        {
            try
            {
                fallbackBarrier();
                FALLBACKS.incrementAndGet();
            }
            catch (final RuntimeException | Error alsoFailed)
            {
                failed.addSuppressed(alsoFailed);
                markModes(LIVE);
                dying.set(false);
                throw new IllegalStateException("kill() could not order the slots' stores (" + failed.getMessage()
                    + ", and the safepoint fallback: " + alsoFailed.getMessage() + "); the count is live and unchanged",
                    failed);
            }
        }
    }

    /** Step (a) for every chunk (or its undo); the lock keeps a chunk from being added with a stale copy meanwhile. */
    private synchronized void markModes(final long mode)
    {
        for (final Chunk chunk : chunks)
        {
            chunk.cells.setVolatile(chunk.mode, mode);
        }
    }

    @Override
    public final boolean isDying()
    {
        return dying.get();
    }

    @Override
    public final long count()
    {
        long sum = shared.count();
        if (shared.isLive())
        {
            final int handedOut = used;
            final Chunk[] all = chunks;
            for (int id = 0; id < handedOut; id++)
            {
                final Chunk chunk = all[id / chunkSize];
                sum += chunk.cells.getVolatile(chunk.first + id % chunkSize);
            }
        }
        return sum;
    }

    /** Number of slots allocated, for tests: they grow in chunks and are reused after {@code close}. */
    final synchronized int slotsAllocated()
    {
        return chunks.length * chunkSize;
    }

    @Override
    public void close()
    {
        final Chunk[] all = chunks;
        for (int i = 1; i < all.length; i++) // the first is in the count's own cells
        {
            all[i].cells.close();
        }
        super.close();
    }

    /**
     * Steps (1)-(2) on a slot, and the CAS that decides when the mode read dead.
     *
     * @return whether {@code delta} is counted: in the slot, or in the fold of the kill; {@code false}
     *     also when the slot would leave its range (or was folded), without touching it.
     */
    private boolean addToSlot(final Cells slots, final int slot, final int mode, final long delta)
    {
        final long word = slots.getPlain(slot); // only this handle writes its slot while live
        final long next = word + delta;
        if (next > MAX_COUNT || next < -MAX_COUNT)
        {
            return false;
        }
        if (storeThenReadMode(slots, slot, next, mode) == LIVE)
        {
            return true;
        }
        return !slots.compareAndSet(slot, next, word);
    }

    /** Whether a slot operation of {@code delta} would stay in the slot's range; read on the slow path only. */
    private static boolean fitsIn(final Cells slots, final int slot, final long delta)
    {
        final long next = slots.getPlain(slot) + delta;
        return next <= MAX_COUNT && next >= -MAX_COUNT;
    }

    private static final class SlotHandle implements Handle
    {
        private final SlotRef ref;
        private final Cells slots;
        private final int slot;
        private final int mode;
        private final int id;
        private boolean closed;

        SlotHandle(final SlotRef ref, final Cells slots, final int slot, final int mode, final int id)
        {
            this.ref = ref;
            this.slots = slots;
            this.slot = slot;
            this.mode = mode;
            this.id = id;
        }

        private void checkOpen()
        {
            if (closed)
            {
                throw new IllegalStateException("handle used after close(): its slot may belong to another handle");
            }
        }

        @Override
        public void getMany(final long n)
        {
            checkOpen();
            RefCount.requireReferences(n);
            if (!ref.addToSlot(slots, slot, mode, n))
            {
                ref.shared.getMany(n);
            }
        }

        @Override
        public boolean tryGetLive()
        {
            checkOpen();
            // refused by the slot: dying, or the slot is full (or folded) and the shared word decides while live
            return ref.addToSlot(slots, slot, mode, 1)
                || !fitsIn(slots, slot, 1) && slots.getVolatile(mode) == LIVE && ref.shared.tryGetLive();
        }

        @Override
        public void putMany(final long n)
        {
            checkOpen();
            RefCount.requireReferences(n);
            if (!ref.addToSlot(slots, slot, mode, -n))
            {
                ref.shared.putMany(n);
            }
        }

        @Override
        public void close()
        {
            checkOpen();
            closed = true;
            ref.giveBack(id);
        }
    }
}
