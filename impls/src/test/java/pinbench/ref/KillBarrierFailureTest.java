package pinbench.ref;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pinbench.TestMemory;
import pinbench.memory.Backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A kill whose barrier fails at run time (a membarrier the kernel refuses): it completes through the
 * safepoint fallback, correct under concurrent gets and puts; and when the fallback fails too it
 * throws with the count live and killable again. Once a failing membarrier left the count half
 * killed for ever: dying, never folded, never released.
 */
@Timeout(60)
class KillBarrierFailureTest
{
    /** The fence-free slot protocol with a barrier that fails on demand, and a fallback that may too. */
    private static final class FailingBarrierRef extends FenceFreeSlotRef
    {
        final AtomicBoolean barrierFails = new AtomicBoolean(true);
        final AtomicBoolean fallbackFails = new AtomicBoolean();

        FailingBarrierRef(final Backend backend, final Runnable release)
        {
            super(TestMemory.of(backend), release, Integer.MAX_VALUE, CHUNK);
        }

        @Override
        void awaitVisibleStores()
        {
            if (barrierFails.get())
            {
                throw new IllegalStateException("membarrier failed with errno 1 (test)");
            }
            SlotsSafepointRef.SAFEPOINT.await(); // a barrier that works everywhere
        }

        @Override
        void fallbackBarrier()
        {
            if (fallbackFails.get())
            {
                throw new IllegalStateException("safepoint failed (test)");
            }
            super.fallbackBarrier();
        }
    }

    @ParameterizedTest
    @MethodSource("pinbench.TestMemory#backends")
    void aFailedBarrierFallsBackAndTheKillStaysCorrectUnderLoad(final Backend backend) throws Exception
    {
        final AtomicInteger releases = new AtomicInteger();
        final AtomicReference<String> early = new AtomicReference<>();
        final AtomicBoolean stop = new AtomicBoolean();
        try (FailingBarrierRef ref = new FailingBarrierRef(backend, releases::incrementAndGet))
        {
            final long fallbacksBefore = RefStrategy.barrierFallbacks();
            final List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++)
            {
                final RefCount.Handle h = ref.handle();
                h.get(); // held until the thread stops
                threads.add(new Thread(() ->
                {
                    while (!stop.get())
                    {
                        h.get();
                        h.put();
                        if (releases.get() > 0)
                        {
                            early.compareAndSet(null, "released while a reference was held");
                        }
                    }
                    h.put();
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(20);
            ref.kill();
            assertTrue(ref.isDying());
            assertEquals(1, RefStrategy.barrierFallbacks() - fallbacksBefore, "the kill fell back once");
            Thread.sleep(20);
            assertEquals(0, releases.get(), "two references are held");
            stop.set(true);
            for (final Thread thread : threads)
            {
                thread.join();
            }
            assertNull(early.get());
            assertEquals(1, releases.get(), "released once, by the last put");
            assertEquals(0, ref.count());
        }
    }

    @ParameterizedTest
    @MethodSource("pinbench.TestMemory#backends")
    void whenNoBarrierRunsKillThrowsAndTheCountStaysLive(final Backend backend)
    {
        final AtomicInteger releases = new AtomicInteger();
        try (FailingBarrierRef ref = new FailingBarrierRef(backend, releases::incrementAndGet))
        {
            ref.fallbackFails.set(true);
            final RefCount.Handle h = ref.handle();
            h.get();
            final IllegalStateException thrown = assertThrows(IllegalStateException.class, ref::kill);
            assertTrue(thrown.getMessage().contains("the count is live and unchanged"), thrown.getMessage());
            assertFalse(ref.isDying());
            assertEquals(2, ref.count());
            assertTrue(h.tryGetLive(), "live again: tryGetLive succeeds");
            h.put();
            ref.barrierFails.set(false);
            ref.kill(); // killable again, with a working barrier
            assertEquals(1, ref.count());
            assertEquals(0, releases.get());
            h.put();
            assertEquals(1, releases.get());
        }
    }
}
