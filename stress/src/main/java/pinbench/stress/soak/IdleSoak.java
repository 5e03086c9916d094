package pinbench.stress.soak;

import pinbench.concurrent.Workers;
import pinbench.idle.IdleWaiter;
import pinbench.memory.Memory;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.ref.RefStrategy;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;

/**
 * Page-idle wakeup: episode after episode, a folio is pinned several times, one or two truncating
 * threads wait for it to go idle while two unpinners drop the pins after random short delays. Nobody
 * pins the folio again during an episode, so: a waiter that returns while references remain
 * returned early; one still blocked {@link Round#HUNG_NANOS} after the last unpin lost its wakeup.
 */
public final class IdleSoak implements Round
{
    private static final int FOLIOS = 4;
    private static final int PINS = 4;
    private static final int UNPINNERS = 2;

    private final IntFunction<IdleWaiter> waiters;
    private final String name;
    private final Memory memory;

    /**
     * @param waiters a catalog entry's {@code create}, or a test's broken waiter.
     * @param name    what violations name.
     */
    public IdleSoak(final IntFunction<IdleWaiter> waiters, final String name, final Memory memory)
    {
        this.waiters = waiters;
        this.name = name;
        this.memory = memory;
    }

    @Override
    public void run(final long nanos, final Tally tally) throws InterruptedException
    {
        final IdleWaiter waiter = waiters.apply(FOLIOS);
        final long end = System.nanoTime() + nanos;
        try (PageMap map = PinStrategy.XADD_BATCH.create(PinConfig.of(FOLIOS, 0, IdleAt.ZERO, RefStrategy.RCUREF,
            memory, () -> { }).withHook(UnpinHook.STATIC_KEY, waiter)))
        {
            final PageMap.Handle pinner = map.handle();
            for (int episode = 0; System.nanoTime() < end; episode++)
            {
                final int folio = episode % FOLIOS;
                for (int i = 0; i < PINS; i++)
                {
                    pinner.request(folio, 1);
                }
                final int truncators = 1 + (episode & 1);
                tally.failures("waiter still blocked after the folio went idle: a lost wakeup",
                    Workers.run(truncators + UNPINNERS, "idle-soak", HUNG_NANOS, t ->
                    {
                        if (t < truncators)
                        {
                            waiter.awaitIdle(map::isIdle, folio);
                            if (map.refs(folio) != 0)
                            {
                                tally.violation(name + ": waiter returned with " + map.refs(folio)
                                    + " references still held: an early wakeup");
                            }
                            return;
                        }
                        final PageMap.Handle h = map.handle();
                        for (int i = 0; i < PINS / UNPINNERS; i++)
                        {
                            pause();
                            h.release(folio, 1);
                        }
                    }));
                tally.ops(truncators + PINS * 2L);
            }
        }
    }

    /** Up to a few microseconds, so the last unpin lands before, during or after the waiter's registration. */
    private static void pause()
    {
        final int spins = ThreadLocalRandom.current().nextInt(2_000);
        for (int i = 0; i < spins; i++)
        {
            Thread.onSpinWait();
        }
    }
}
