package pinbench.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import pinbench.idle.IdleWaiter;
import pinbench.pin.PageMap;
import pinbench.pin.UnpinHook;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The last unpin racing the waiter's registration, for the wakeup strategy named by
 * {@code -Dpinbench.stress.idle}. r1: the folio was idle when the waiter returned (never early);
 * r2: references left. A lost wakeup leaves the waiter blocked, which jcstress reports as a hung
 * test.
 */
@JCStressTest
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "woken, and only once idle")
@Outcome(expect = FORBIDDEN, desc = "returned early")
@State
public class LastUnpinWakeup
{
    private final IdleWaiter waiter = Subjects.idle().create(1);
    private final PageMap map = Subjects.pageMap(1, UnpinHook.STATIC_KEY, waiter);
    private final PageMap.Handle holder = map.handle();

    public LastUnpinWakeup()
    {
        holder.request(0, 1);
    }

    @Actor
    public void truncate(final II_Result r)
    {
        try
        {
            waiter.awaitIdle(map::isIdle, 0);
            r.r1 = map.isIdle(0) ? 1 : 0;
        }
        catch (final InterruptedException ex)
        {
            r.r1 = -1;
        }
    }

    @Actor
    public void lastUnpin()
    {
        holder.release(0, 1);
    }

    @Arbiter
    public void check(final II_Result r)
    {
        r.r2 = (int)map.refs(0);
        map.close();
    }
}
