package pinbench.ref;

import pinbench.memory.Cells;
import pinbench.memory.Memory;

import java.util.Objects;

/** What every strategy holds: its words and the callback to run once at zero. */
abstract class AbstractRef implements RefCount
{
    final Cells cells;
    final Runnable release;

    AbstractRef(final Memory memory, final int cellCount, final Runnable release)
    {
        this.release = Objects.requireNonNull(release, "release");
        this.cells = memory.allocate(cellCount);
    }

    static IllegalStateException killedTwice()
    {
        return new IllegalStateException("kill() called twice: a reference count is killed once");
    }

    @Override
    public void close()
    {
        cells.close();
    }

    @Override
    public String toString()
    {
        return getClass().getSimpleName() + "[count=" + count() + ", dying=" + isDying() + "]";
    }
}
