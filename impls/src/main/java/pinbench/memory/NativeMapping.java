package pinbench.memory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A shared mapping made with {@code mmap(2)} through JNA, for what {@code FileChannel.map} cannot
 * map: a device-DAX character device, whose size reads as 0. JNA rather than JNI or the JDK 17
 * incubating foreign API: it is the native-call library the project already uses for
 * {@code membarrier(2)}, needs no compiler at build time, and is stable on JDK 17.
 */
final class NativeMapping implements AutoCloseable
{
    private static final int O_RDWR = 2;
    private static final int PROT_READ_WRITE = 0x1 | 0x2;
    private static final int MAP_SHARED = 0x01;

    /** The few libc calls needed. */
    private interface LibC extends Library
    {
        LibC INSTANCE = Native.load(Platform.C_LIBRARY_NAME, LibC.class);

        int open(String path, int flags) throws LastErrorException;

        Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

        int munmap(Pointer addr, long length) throws LastErrorException;

        int close(int fd) throws LastErrorException;
    }

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
     */
    static NativeMapping map(final Path path, final long offset, final long length)
    {
        int fd = -1;
        try
        {
            fd = LibC.INSTANCE.open(path.toString(), O_RDWR);
            final Pointer p = LibC.INSTANCE.mmap(null, length, PROT_READ_WRITE, MAP_SHARED, fd, offset);
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
                LibC.INSTANCE.close(fd); // the mapping keeps the file referenced
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
            LibC.INSTANCE.munmap(address, length);
        }
    }
}
