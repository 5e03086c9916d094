package pinbench.ref;

import pinbench.memory.Memory;

/**
 * One shared word where every operation is a single {@code getAndAdd} and the dead zone is told by
 * sign, as Linux {@code rcuref}: no CAS loop, so contention costs one cache-line transfer per
 * operation instead of a retry storm. See {@link ZoneWord} for the layout.
 */
final class RcuRef extends AbstractRef
{
    private final ZoneWord word;

    RcuRef(final Memory memory, final Runnable release)
    {
        super(memory, 1, release);
        word = new ZoneWord(cells, 0, release, 1);
    }

    @Override
    public Handle handle()
    {
        return word.handle();
    }

    @Override
    public void kill(final KillProbe probe)
    {
        word.kill(0);
        probe.reached(KillProbe.Phase.DROP_INITIAL);
    }

    @Override
    public boolean isDying()
    {
        return !word.isLive();
    }

    @Override
    public long count()
    {
        return word.count();
    }
}
