package pinbench.ref;

import pinbench.memory.Memory;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Per-thread slots with a kill handshake: the shape of Linux {@code percpu_ref}, without RCU.
 * <p>
 * While live, a handle with a slot counts in it with plain stores: no lock prefix, no shared line.
 * A slot word is {@code 2 * count}, plus a <em>busy</em> bit (bit 0) while an operation is between
 * reading the mode and writing its result. An operation: (1) mark the slot busy, (2) read the mode,
 * (3) if live, store {@code word + 2 * delta} (this also clears busy), else clear busy and use the
 * shared word. Kill: (a) store mode dead, (b) make sure every busy mark stored before (a) is
 * visible, (c) wait until every slot is not busy and fold the slot counts into the shared
 * {@link ZoneWord}, which turns it dead and drops the initial reference.
 * <p>
 * Why no reference is lost: (1)-(2) and (a)-(b) are a Dekker pair. Either the operation's mode
 * read (2) sees dead, and it never touches its slot's count; or the killer sees its busy mark (or
 * the final value stored after it), and waits for and folds its result. After the scan no
 * operation can change a slot count, so the fold is exact. Until the fold the shared word is live
 * and cannot reach zero, so slow-path drops during kill cannot release early. Handles registered
 * while kill runs read the mode after kill stored it (the registration counter orders them) and so
 * never use their slot. Subclasses choose how (1)-(2) and (a)-(b) get their StoreLoad ordering.
 * <p>
 * Handles beyond the slot capacity, and all non-owner handles of {@link BiasedRef}, count on the
 * shared word directly: it is the same {@link ZoneWord} as {@link RcuRef}, so they stay correct.
 */
abstract class SlotRef extends AbstractRef
{
    static final int SHARED = 0;
    static final int MODE = 1;
    private static final int FIRST_SLOT = 2;
    static final long LIVE = 0;
    private static final long DEAD = 1;
    private static final long BUSY = 1;
    private static final int SPINS_BEFORE_YIELD = 256;

    private final ZoneWord shared;
    private final int capacity;
    private final AtomicInteger registered = new AtomicInteger();
    private final AtomicBoolean dying = new AtomicBoolean();

    SlotRef(final Memory memory, final Runnable release, final int capacity)
    {
        super(memory, FIRST_SLOT + capacity, release);
        this.capacity = capacity;
        this.shared = new ZoneWord(cells, SHARED, release, 1);
        cells.setVolatile(MODE, LIVE);
    }

    /** Step (1)-(2): stores {@code busy} into {@code slot}, then reads the mode, StoreLoad-ordered. */
    abstract long markBusyThenReadMode(int slot, long busy);

    /** Step (3), and clearing busy on the slow path: count and busy bit are one word, so one store publishes both. */
    abstract void storeSlot(int slot, long word);

    /** Step (b): after the mode store, makes every busy mark stored before it visible to this thread. */
    abstract void awaitVisibleMarks();

    @Override
    public final Handle handle()
    {
        final int index = registered.getAndIncrement();
        return index < capacity ? new SlotHandle(FIRST_SLOT + index) : new SharedHandle();
    }

    @Override
    public final void kill(final KillProbe probe)
    {
        if (!dying.compareAndSet(false, true))
        {
            throw killedTwice();
        }
        cells.setVolatile(MODE, DEAD);
        probe.reached(KillProbe.Phase.MARK_DYING);
        awaitVisibleMarks();
        probe.reached(KillProbe.Phase.BARRIER);
        final int used = Math.min(registered.get(), capacity);
        long folded = 0;
        for (int slot = FIRST_SLOT; slot < FIRST_SLOT + used; slot++)
        {
            folded += awaitNotBusy(slot) >> 1;
        }
        probe.reached(KillProbe.Phase.FOLD);
        shared.kill(folded);
        probe.reached(KillProbe.Phase.DROP_INITIAL);
    }

    private long awaitNotBusy(final int slot)
    {
        long word;
        int spins = 0;
        while (((word = cells.getVolatile(slot)) & BUSY) != 0)
        {
            if (++spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield(); // the owner may be descheduled mid-operation
            }
        }
        return word;
    }

    @Override
    public final boolean isDying()
    {
        return dying.get();
    }

    @Override
    public final long count()
    {
        if (!shared.isLive())
        {
            return shared.count();
        }
        long sum = shared.count();
        final int used = Math.min(registered.get(), capacity);
        for (int slot = FIRST_SLOT; slot < FIRST_SLOT + used; slot++)
        {
            sum += cells.getVolatile(slot) >> 1;
        }
        return sum;
    }

    /**
     * Steps (1)-(3) on the caller's slot.
     *
     * @return {@code false} if the count is dying: nothing was counted.
     */
    private boolean addToSlot(final int slot, final long twiceDelta)
    {
        final long word = cells.getPlain(slot); // only this handle writes its slot
        if (markBusyThenReadMode(slot, word | BUSY) == LIVE)
        {
            storeSlot(slot, word + twiceDelta);
            return true;
        }
        storeSlot(slot, word);
        return false;
    }

    private final class SlotHandle implements Handle
    {
        private final int slot;

        SlotHandle(final int slot)
        {
            this.slot = slot;
        }

        @Override
        public void getMany(final long n)
        {
            if (!addToSlot(slot, 2 * n))
            {
                shared.getMany(n);
            }
        }

        @Override
        public boolean tryGetLive()
        {
            return addToSlot(slot, 2);
        }

        @Override
        public void putMany(final long n)
        {
            if (!addToSlot(slot, -2 * n))
            {
                shared.putMany(n);
            }
        }
    }

    private final class SharedHandle implements Handle
    {
        @Override
        public void getMany(final long n)
        {
            shared.getMany(n);
        }

        @Override
        public boolean tryGetLive()
        {
            return shared.tryGetLive();
        }

        @Override
        public void putMany(final long n)
        {
            shared.putMany(n);
        }
    }
}
