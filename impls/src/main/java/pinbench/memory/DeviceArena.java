package pinbench.memory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands out non-overlapping, aligned ranges of a device-DAX device, so every {@link Cells} mapped
 * from one device in this JVM gets its own bytes; closed ranges are reused first-fit.
 */
final class DeviceArena
{
    private static final Map<Path, DeviceArena> ARENAS = new ConcurrentHashMap<>();

    private final long size;
    private final List<long[]> free = new ArrayList<>();

    private DeviceArena(final long size)
    {
        this.size = size;
        free.add(new long[] {0, size});
    }

    static DeviceArena of(final Path device, final long size)
    {
        return ARENAS.computeIfAbsent(device.toAbsolutePath().normalize(), d -> new DeviceArena(size));
    }

    /** An offset of {@code length} free bytes (a multiple of the alignment). */
    synchronized long take(final long length)
    {
        for (final long[] chunk : free)
        {
            if (chunk[1] >= length)
            {
                final long offset = chunk[0];
                chunk[0] += length;
                chunk[1] -= length;
                return offset;
            }
        }
        throw new IllegalStateException("device-DAX device of " + size + " bytes has no free " + length
            + "-byte range left for more counters");
    }

    /** Returns a range taken before. */
    synchronized void give(final long offset, final long length)
    {
        free.add(0, new long[] {offset, length});
    }
}
