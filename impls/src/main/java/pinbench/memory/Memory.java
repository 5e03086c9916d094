package pinbench.memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A memory backend with its settings: where strategies allocate their {@link Cells}.
 *
 * @param backend where the words live.
 * @param dir     directory for the mapped files of file backends (ignored by the heap).
 * @param stride  bytes between two cells: 128 keeps every cell on its own pair of 64-byte lines,
 *                so the adjacent-line prefetcher does not couple neighbours.
 */
public record Memory(Backend backend, Path dir, int stride)
{
    /** Default cell stride in bytes. */
    public static final int DEFAULT_STRIDE = 128;
    /** Default directory for file-backed cells. */
    public static final Path DEFAULT_DIR = Path.of("/dev/shm");
    /** System property naming the directory for file-backed cells in benchmark forks. */
    public static final String PATH_PROPERTY = "pinbench.path";

    public Memory
    {
        Objects.requireNonNull(backend, "backend");
        Objects.requireNonNull(dir, "dir");
    }

    /** Heap memory with the default stride. */
    public static Memory heap()
    {
        return new Memory(Backend.HEAP, DEFAULT_DIR, DEFAULT_STRIDE);
    }

    /** The backend with the directory named by {@value #PATH_PROPERTY} (default {@code /dev/shm}). */
    public static Memory of(final Backend backend)
    {
        final String dir = System.getProperty(PATH_PROPERTY);
        return new Memory(backend, dir == null || dir.isEmpty() ? DEFAULT_DIR : Path.of(dir), DEFAULT_STRIDE);
    }

    /** The same backend and directory with another stride. */
    public Memory withStride(final int newStride)
    {
        return new Memory(backend, dir, newStride);
    }

    /**
     * Checks that this memory can be allocated, without allocating it.
     *
     * @return {@code null} when usable, otherwise one sentence saying what is wrong.
     */
    public String problem()
    {
        if (!backend.usesPath())
        {
            return null;
        }
        if (!Files.exists(dir))
        {
            return "path " + dir + " does not exist (backend " + backend.name().toLowerCase() + " needs a directory)";
        }
        if (!Files.isDirectory(dir))
        {
            return "path " + dir + " is not a directory (backend " + backend.name().toLowerCase()
                + " creates its files inside one)";
        }
        if (!Files.isWritable(dir))
        {
            return "path " + dir + " is not writable";
        }
        return null;
    }

    /** Allocates {@code size} zeroed cells. */
    public Cells allocate(final int size)
    {
        return backend.allocate(size, stride, dir);
    }
}
