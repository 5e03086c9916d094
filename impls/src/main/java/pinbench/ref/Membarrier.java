package pinbench.ref;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Linux {@code membarrier(2)} with {@code MEMBARRIER_CMD_PRIVATE_EXPEDITED}, through JNA (glibc has
 * no wrapper, so it goes through {@code syscall(2)}). The process registers once, on first use;
 * before registration the kernel answers EPERM.
 */
final class Membarrier
{
    private static final int CMD_PRIVATE_EXPEDITED = 1 << 3;
    private static final int CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4;

    private Membarrier()
    {
    }

    /** glibc's {@code long syscall(long number, ...)}. */
    private interface LibC extends Library
    {
        long syscall(long number, Object... args) throws LastErrorException;
    }

    /** Loaded and registered on first use; holds why it is unusable otherwise. */
    private static final class Holder
    {
        static final LibC LIBC;
        static final long SYS_MEMBARRIER;
        static final String PROBLEM;

        static
        {
            LibC libc = null;
            long number = -1;
            String problem = null;
            try
            {
                number = syscallNumber();
                if (number < 0)
                {
                    problem = "membarrier(2) is only wired up for Linux on x86-64 and aarch64, not "
                        + System.getProperty("os.name") + " on " + System.getProperty("os.arch");
                }
                else
                {
                    libc = Native.load(Platform.C_LIBRARY_NAME, LibC.class);
                    libc.syscall(number, CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
                }
            }
            catch (final LastErrorException ex)
            {
                problem = "membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) failed with errno "
                    + ex.getErrorCode() + " (" + ex.getMessage() + "); needs Linux 4.14 or later";
            }
            catch (final LinkageError ex)
            {
                problem = "cannot load the C library through JNA: " + ex;
            }
            LIBC = libc;
            SYS_MEMBARRIER = number;
            PROBLEM = problem;
        }

        private static long syscallNumber()
        {
            if (!Platform.isLinux())
            {
                return -1;
            }
            if (Platform.isIntel() && Platform.is64Bit())
            {
                return 324;
            }
            return Platform.isARM() && Platform.is64Bit() ? 283 : -1;
        }
    }

    /** {@code null} when membarrier works here, else why not. */
    static String problem()
    {
        return Holder.PROBLEM;
    }

    /** @throws UnsupportedOperationException with the reason, when membarrier cannot be used. */
    static void require()
    {
        if (Holder.PROBLEM != null)
        {
            throw new UnsupportedOperationException(Holder.PROBLEM);
        }
    }

    /** Runs a full memory barrier on every CPU running a thread of this process, and on this one. */
    static void barrierAllThreads()
    {
        Holder.LIBC.syscall(Holder.SYS_MEMBARRIER, CMD_PRIVATE_EXPEDITED, 0, 0);
    }
}
