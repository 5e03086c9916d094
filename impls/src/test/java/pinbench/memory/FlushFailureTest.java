package pinbench.memory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pinbench.TestMemory;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.ref.RefCount;
import pinbench.ref.RefStrategy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flushes that fail under {@code --durability flush} ({@code msync(2)} returning EIO, say): every
 * update stands, each failure is counted in {@link FlushFailures}, and no protocol stops halfway.
 * Once the exception went up through the operation: a kill whose fold flush failed left the count
 * dying with the slots it had taken lost, never released, and not killable again.
 */
@Timeout(60)
class FlushFailureTest
{
    private static final BufferCells.Flusher EIO = offset ->
    {
        throw new UncheckedIOException(new IOException("msync: Input/output error (test)"));
    };

    @AfterEach
    void flushesWorkAgain()
    {
        BufferCells.injectedFault = null;
    }

    static Stream<Arguments> refsOnFiles()
    {
        final List<Arguments> all = new ArrayList<>();
        for (final RefStrategy strategy : RefStrategy.values())
        {
            flushedFileMemories().forEach(m -> all.add(Arguments.of(strategy, m.backend())));
        }
        return all.stream();
    }

    static Stream<Arguments> pageMapsOnFiles()
    {
        final List<Arguments> all = new ArrayList<>();
        int i = 0;
        for (final PinStrategy strategy : PinStrategy.values())
        {
            for (final Memory m : flushedFileMemories())
            {
                all.add(Arguments.of(strategy, m.backend(), RefStrategy.values()[i++ % RefStrategy.values().length]));
            }
        }
        return all.stream();
    }

    private static List<Memory> flushedFileMemories()
    {
        return TestMemory.backends().stream().filter(Backend::usesPath)
            .map(b -> TestMemory.of(b).withDurability(Durability.FLUSH)).toList();
    }

    /** Flushes fail from the first get on: the count still counts, kills, and releases once at zero. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("refsOnFiles")
    void aCountWhoseFlushesFailStillCountsKillsAndReleasesOnce(final RefStrategy strategy, final Backend backend)
    {
        final AtomicInteger releases = new AtomicInteger();
        try (RefCount ref = strategy.create(TestMemory.of(backend).withDurability(Durability.FLUSH),
            releases::incrementAndGet))
        {
            final RefCount.Handle a = ref.handle();
            final RefCount.Handle b = ref.handle();
            final long before = FlushFailures.count();
            BufferCells.injectedFault = EIO;
            a.getMany(3);
            b.get();
            a.put();
            assertEquals(4, ref.count(), "count while flushes fail: 3 and the initial reference");
            assertTrue(FlushFailures.count() > before, "failed flushes counted");
            ref.kill();
            assertEquals(3, ref.count(), "count after a kill whose flushes failed");
            assertTrue(ref.isDying(), "dying");
            assertFalse(b.tryGetLive(), "tryGetLive after kill");
            b.put();
            a.putMany(2);
            assertEquals(0, ref.count(), "count after the last put");
            assertEquals(1, releases.get(), "released exactly once, by the last put");
            assertTrue(FlushFailures.first().contains("Input/output error"), FlushFailures.first());
        }
    }

    /** Flushes fail only during kill, the case that once left the count dying for ever. */
    @ParameterizedTest(name = "{0} on {1}")
    @MethodSource("refsOnFiles")
    void aKillWhoseFoldFlushesFailCompletes(final RefStrategy strategy, final Backend backend)
    {
        final AtomicInteger releases = new AtomicInteger();
        try (RefCount ref = strategy.create(TestMemory.of(backend).withDurability(Durability.FLUSH),
            releases::incrementAndGet))
        {
            final List<RefCount.Handle> handles = new ArrayList<>();
            for (int i = 0; i < 4; i++)
            {
                final RefCount.Handle h = ref.handle();
                h.get();
                handles.add(h);
            }
            BufferCells.injectedFault = EIO;
            ref.kill();
            BufferCells.injectedFault = null;
            assertEquals(4, ref.count(), "count after the kill");
            handles.forEach(RefCount.Handle::put);
            assertEquals(1, releases.get(), "released exactly once, after the last of 4 puts");
        }
    }

    /** A page map whose flushes fail pins, releases its range at kill once the last folio is idle. */
    @ParameterizedTest(name = "{0} on {1}, range {2}")
    @MethodSource("pageMapsOnFiles")
    void aPageMapWhoseFlushesFailStillPinsAndReleasesItsRange(final PinStrategy strategy, final Backend backend,
        final RefStrategy range)
    {
        final AtomicInteger rangeReleases = new AtomicInteger();
        try (PageMap map = strategy.create(PinConfig.of(4, 0, IdleAt.ZERO, range,
            TestMemory.of(backend).withDurability(Durability.FLUSH), rangeReleases::incrementAndGet)))
        {
            final PageMap.Handle h = map.handle();
            BufferCells.injectedFault = EIO;
            assertTrue(h.request(0, 2), "request of folios 0-1 while flushes fail");
            assertTrue(h.pinForDma(2), "DMA pin while flushes fail");
            assertEquals(1, map.refs(1), "folio 1 references");
            assertTrue(map.maybeDmaPinned(2), "folio 2 DMA pinned");
            map.kill();
            assertFalse(h.request(3, 1), "request after kill");
            h.release(0, 2);
            assertEquals(0, rangeReleases.get(), "range held by the DMA pin");
            h.unpinForDma(2);
            assertTrue(map.isIdle(0) && map.isIdle(1) && map.isIdle(2), "idle");
            assertEquals(1, rangeReleases.get(), "range released once, by the last unpin");
        }
    }
}
