package pinbench.stress.soak;

import pinbench.concurrent.Workers;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** What one soak case has done so far: rounds, operations, and the invariant violations seen. */
public final class Tally
{
    private static final int EXAMPLES = 5;

    private final LongAdder ops = new LongAdder();
    private final AtomicLong violations = new AtomicLong();
    private final AtomicLong rounds = new AtomicLong();
    private final Queue<String> examples = new ConcurrentLinkedQueue<>();

    /** Counts {@code n} operations done. */
    public void ops(final long n)
    {
        ops.add(n);
    }

    /** Records a broken invariant; the first few are kept word for word. */
    public void violation(final String what)
    {
        if (violations.incrementAndGet() <= EXAMPLES)
        {
            examples.add(what);
        }
    }

    /**
     * Records what went wrong on a run of workers: each throw, each thread still running at the
     * deadline as {@code hung} (what that means in this round), that one also saying so when it went
     * on running after its interrupt, whose count or page map the round then leaves open
     * ({@link CloseUnlessRunaway}): one violation a thread.
     */
    void failures(final String hung, final Workers.Failures failures)
    {
        failures.thrown().forEach(t -> violation(t.thread() + " threw " + t.cause()));
        failures.hung().stream().filter(thread -> !failures.runaway().contains(thread))
            .forEach(thread -> violation(thread + ": " + hung));
        failures.runaway().forEach(thread -> violation(thread + ": " + hung + "; it went on running after its"
            + " interrupt: what it uses was left open, not freed under it"));
    }

    void round()
    {
        rounds.incrementAndGet();
    }

    public long ops()
    {
        return ops.sum();
    }

    public long violations()
    {
        return violations.get();
    }

    public long rounds()
    {
        return rounds.get();
    }

    /** The first violations, as recorded. */
    public List<String> examples()
    {
        return List.copyOf(examples);
    }
}
