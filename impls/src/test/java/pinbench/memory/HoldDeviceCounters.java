package pinbench.memory;

import java.nio.file.Path;

/**
 * A process that maps counters on a (fake) device, sets them, says "ready" and waits to be killed:
 * the run that {@link MappedHeaderTest} kills with SIGKILL.
 */
public final class HoldDeviceCounters
{
    private HoldDeviceCounters()
    {
    }

    /** {@code FILE DEVICE_SIZE VALUE}. */
    public static void main(final String[] args) throws InterruptedException
    {
        final Cells cells = BufferCells.mapDevice(Path.of(args[0]), Long.parseLong(args[1]), MappedHeaderTest.ALIGN,
            MappedHeaderTest.CELLS, MappedHeaderTest.STRIDE, Durability.NONE);
        for (int i = 0; i < cells.size(); i++)
        {
            cells.setVolatile(i, Long.parseLong(args[2]));
        }
        System.out.println("ready");
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
