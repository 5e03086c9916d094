package pinbench.memory;

import pinbench.Described;

/**
 * Where counter words live. The catalog of memory backends: benchmarks take it as a parameter and
 * {@code scripts/bench --backend} accepts these names (case-insensitively, {@code -} for {@code _});
 * the name is the backend's one spelling, in tables, tags and file names too.
 */
public enum Backend implements Described
{
    /** A {@code long[]} on the Java heap, accessed through a {@link java.lang.invoke.VarHandle}. */
    HEAP("long[] on the Java heap (VarHandle accesses)", Kind.NO_PATH),
    /** Page-aligned direct memory, no file. */
    DIRECT("page-aligned direct memory outside the heap, no file (raw address accesses)", Kind.NO_PATH),
    /** A file on tmpfs mapped shared. */
    TMPFS("file in a tmpfs directory (default /dev/shm), mapped shared (raw address accesses)", Kind.DIRECTORY),
    /** A file on a DAX-mounted filesystem, mapped shared. */
    FSDAX("file on a filesystem mounted with -o dax (fsdax namespace), mapped shared", Kind.DIRECTORY),
    /** A file on a DAX-mounted filesystem, mapped with MAP_SYNC: force() writes cache lines back. */
    FSDAX_SYNC("file on a DAX filesystem mapped with MAP_SYNC (ExtendedMapMode.READ_WRITE_SYNC)", Kind.DIRECTORY),
    /** A device-DAX character device, mapped natively; its contents are overwritten. */
    DEVDAX("device-DAX character device /dev/daxX.Y, native mmap of an aligned length; overwrites it",
        Kind.DEVICE);

    /** What {@code --path} names for a backend. */
    public enum Kind
    {
        /** No path: memory comes from the JVM. */
        NO_PATH,
        /** A directory in which a unique file is created and unlinked after mapping. */
        DIRECTORY,
        /** The device itself. */
        DEVICE
    }

    private final String description;
    private final Kind kind;

    Backend(final String description, final Kind kind)
    {
        this.description = description;
        this.kind = kind;
    }

    @Override
    public String description()
    {
        return description;
    }

    /** What {@code --path} means for this backend. */
    public Kind kind()
    {
        return kind;
    }

    /**
     * Why {@code --mem-node} cannot choose the NUMA node of this backend's pages, or {@code null}
     * when it can: a tmpfs mapping or direct memory is bound before its pages are used.
     */
    public String nodePlacementProblem()
    {
        return switch (this)
        {
            case DIRECT, TMPFS -> null;
            case HEAP -> "backend HEAP is the Java heap, which the JVM places and moves; bind the whole JVM with"
                + " numactl --membind=N instead, or use --backend DIRECT or TMPFS";
            case FSDAX, FSDAX_SYNC, DEVDAX -> "backend " + name() + " maps persistent memory, whose pages are the"
                + " namespace's own, on the node of its region (env.json's memory.numa_node); choose a namespace"
                + " on the node you want instead";
        };
    }

    /** Whether this backend puts its counters in files under {@code --path}, or in the device it names. */
    public boolean usesPath()
    {
        return kind != Kind.NO_PATH;
    }
}
