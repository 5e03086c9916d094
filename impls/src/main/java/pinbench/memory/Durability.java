package pinbench.memory;

import pinbench.Described;

/** Whether each counter update is made durable before the operation returns. */
public enum Durability implements Described
{
    /** Updates stay in the CPU cache (volatile counting). */
    NONE("no flush: updates stay in the CPU cache"),
    /**
     * After each update, the counter's line is written back: a cache-line writeback (CLWB) on a
     * MAP_SYNC or device-DAX mapping, an {@code msync(2)} system call on any other file mapping.
     * A flush that fails leaves its update in place and is counted in {@link FlushFailures}.
     */
    FLUSH("flush each update: cache-line writeback on MAP_SYNC/devdax mappings, msync(2) otherwise");

    private final String description;

    Durability(final String description)
    {
        this.description = description;
    }

    @Override
    public String description()
    {
        return description;
    }

    /** Whether this mode means anything on {@code backend}: only a file or device mapping can be flushed. */
    public boolean appliesTo(final Backend backend)
    {
        return this == NONE || backend.usesPath();
    }
}
