package pinbench.memory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import pinbench.sys.LibC;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A shared mapping made with {@code mmap(2)} through {@link LibC}, for what {@code FileChannel.map}
 * cannot map: a device-DAX character device, whose size reads as 0.
 */
final class NativeMapping implements AutoCloseable
{
    private static final int O_RDWR = 2;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED = 0x01;

    private final Pointer address;
    private final long length;
    private boolean closed;

    private NativeMapping(final Pointer address, final long length)
    {
        this.address = address;
        this.length = length;
    }

    /**
     * Maps {@code length} bytes of {@code path} from {@code offset}, shared, read-write. Offset and
     * length must be multiples of the device's alignment for device DAX.
     *
     * @throws UnsupportedOperationException where {@link LibC} is not bound (not Linux).
     */
    static NativeMapping map(final Path path, final long offset, final long length)
    {
        final LibC.Calls libc = LibC.calls();
        int fd = -1;
        try
        {
            fd = libc.open(path.toString(), O_RDWR);
            final Pointer p = libc.mmap(null, length, PROT_READ_WRITE, MAP_SHARED, fd, offset);
            return new NativeMapping(p, length);
        }
        catch (final LastErrorException ex)
        {
            throw new UncheckedIOException(new IOException("cannot mmap " + length + " bytes of " + path + ": errno "
                + ex.getErrorCode() + " (" + ex.getMessage() + ")", ex));
        }
        finally
        {
            if (fd >= 0)
            {
                libc.close(fd); // the mapping keeps the file referenced
            }
        }
    }

    long address()
    {
        return Pointer.nativeValue(address);
    }

    long length()
    {
        return length;
    }

    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            LibC.calls().munmap(address, length);
        }
    }
}
