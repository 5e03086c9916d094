package pinbench.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;
import pinbench.ref.RefCount;

import java.util.concurrent.atomic.AtomicInteger;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * {@code tryGetLive}+{@code put} racing {@code kill} on the reference count named by
 * {@code -Dpinbench.stress.ref}, and a third thread dropping a reference through a new handle that
 * reuses the slot a closed handle gave back with that reference in it. r1: the get succeeded; r2:
 * the release had already run while the reference was held; r3: releases; r4: the final count.
 * Catches a kill handshake that misses a slot update (the Dekker pair of the slot strategies), a
 * slot that changes hands losing its count, a lost or doubled release, and a release while a
 * reference is held.
 */
@JCStressTest
@Outcome(id = {"1, 0, 1, 0", "0, 0, 1, 0"}, expect = ACCEPTABLE, desc = "the get won or lost; released once, after")
@Outcome(expect = FORBIDDEN, desc = "released while held, not exactly once, or a count left over")
@State
public class RefKillRace
{
    private final AtomicInteger releases = new AtomicInteger(); // atomic: two racing releases must count as two
    private final RefCount ref = Subjects.ref().create(Subjects.memory(), releases::incrementAndGet);
    private final RefCount.Handle getter = ref.handle();

    public RefKillRace()
    {
        final RefCount.Handle closed = ref.handle();
        closed.get(); // the dropper's to drop: the state is made by one thread, so no race yet
        closed.close();
    }

    @Actor
    public void getter(final IIII_Result r)
    {
        if (getter.tryGetLive())
        {
            r.r1 = 1;
            r.r2 = releases.get();
            getter.put();
        }
    }

    @Actor
    public void killer()
    {
        ref.kill();
    }

    @Actor
    public void dropper()
    {
        final RefCount.Handle reused = ref.handle();
        reused.put();
        reused.close();
    }

    @Arbiter
    public void check(final IIII_Result r)
    {
        r.r3 = releases.get();
        r.r4 = (int)ref.count();
        ref.close();
    }
}
