package pinbench.benchmarks.idle;

import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.Placement;
import pinbench.idle.IdleStrategy;
import pinbench.idle.IdleWaiter;
import pinbench.memory.Backend;
import pinbench.pin.IdleAt;
import pinbench.pin.PageMap;
import pinbench.pin.PinConfig;
import pinbench.pin.PinStrategy;
import pinbench.pin.UnpinHook;
import pinbench.ref.RefStrategy;

/**
 * A page map wired to a waiter, plus one background thread that performs the unpins the benchmark
 * thread waits for. The benchmark thread hands it work with {@link #submit}; the helper spins for
 * it (it has a CPU of its own on a 2-CPU machine), so the wakeup path, not the helper, is measured.
 */
final class IdleRig implements AutoCloseable
{
    /** Work for the helper thread, run once per {@link #submit}. */
    interface Task
    {
        void run(PageMap.Handle helper);
    }

    final PageMap map;
    final IdleWaiter waiter;
    final PageMap.Handle handle;
    private final Thread helper;
    private volatile Task task;
    private volatile boolean stop;

    IdleRig(final IdleStrategy strategy, final UnpinHook hook, final Backend backend, final int folios,
        final String what)
    {
        final String problem = strategy.problemWith(hook);
        if (problem != null)
        {
            throw new IllegalArgumentException(problem); // -f 0, where the jar's own -p check did not run
        }
        Placement.place(0, 2, what); // the waiting thread, JMH's only one
        waiter = strategy.create(folios);
        map = PinStrategy.XADD_BATCH.create(PinConfig.of(folios, 0, IdleAt.ZERO, RefStrategy.RCUREF,
            ForkContract.memory(backend), () -> { }).withHook(hook, waiter));
        handle = map.handle();
        helper = new Thread(() ->
        {
            Placement.place(1, 2, what);
            serve();
        }, "unpinner");
        helper.setDaemon(true);
        helper.start();
    }

    private void serve()
    {
        final PageMap.Handle own = map.handle();
        while (!stop)
        {
            final Task t = task;
            if (t == null)
            {
                Thread.onSpinWait();
                continue;
            }
            t.run(own);
            task = null;
        }
    }

    /** Hands the helper a task; the previous one must be finished (see {@link #awaitHelperIdle}). */
    void submit(final Task t)
    {
        task = t;
    }

    /** Waits until the helper has finished its task. */
    void awaitHelperIdle()
    {
        while (task != null)
        {
            Thread.onSpinWait();
        }
    }

    /** Busy-waits until {@code System.nanoTime()} reaches {@code deadline}. */
    static void spinUntil(final long deadline)
    {
        while (System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
        }
    }

    @Override
    public void close()
    {
        stop = true;
        try
        {
            helper.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        map.close();
    }
}
