package pinbench.sys;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;

/**
 * The C library calls pinbench makes, bound once per JVM through JNA: {@code membarrier(2)} (through
 * {@code syscall(2)}: glibc has no wrapper), thread placement, and mappings of what
 * {@code FileChannel.map} cannot map. JNA rather than JNI or the JDK 17 incubating foreign API: it
 * needs no compiler at build time and is stable on JDK 17. Linux only: elsewhere {@link #problem()}
 * says why nothing is bound.
 */
public final class LibC
{
    /**
     * The calls. JNA binds each method to the C function of the same name and, where the function
     * fails with -1 and sets errno, throws {@link LastErrorException} carrying it.
     */
    public interface Calls extends Library
    {
        /** {@code long syscall(long number, ...)}, for system calls glibc does not wrap. */
        long syscall(long number, Object... args) throws LastErrorException;

        /** {@code int open(const char *path, int flags)}. */
        int open(String path, int flags) throws LastErrorException;

        /** {@code void *mmap(void *addr, size_t length, int prot, int flags, int fd, off_t offset)}. */
        Pointer mmap(Pointer addr, long length, int prot, int flags, int fd, long offset) throws LastErrorException;

        /** {@code int munmap(void *addr, size_t length)}. */
        int munmap(Pointer addr, long length) throws LastErrorException;

        /** {@code int close(int fd)}. */
        int close(int fd) throws LastErrorException;

        /** {@code int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *mask)}; pid 0 is the calling thread. */
        int sched_setaffinity(int pid, int size, long[] mask) throws LastErrorException;

        /** {@code int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *mask)}; pid 0 is the calling thread. */
        int sched_getaffinity(int pid, int size, long[] mask) throws LastErrorException;

        /** {@code int sched_getcpu(void)}: the CPU the calling thread runs on. */
        int sched_getcpu() throws LastErrorException;

        /** {@code pid_t gettid(void)} (glibc 2.30+): the calling thread's id, as {@code /proc/self/task} names it. */
        int gettid();

        /** {@code pid_t getpid(void)}: the process, whose main thread's affinity mask is the process's own. */
        int getpid();

        /**
         * {@code int getrusage(int who, struct rusage *usage)}; on 64-bit Linux the struct is 18 longs,
         * {@code ru_nvcsw} and {@code ru_nivcsw} the last two. {@code who} 0 is the whole process.
         */
        int getrusage(int who, long[] usage) throws LastErrorException;
    }

    private static final int AT_FDCWD = -100;
    private static final long RENAME_NOREPLACE = 1;
    private static final int EEXIST = 17;
    private static final int ENOSYS = 38;
    private static final int EINVAL = 22;

    private static final Calls CALLS;
    private static final String PROBLEM;

    static
    {
        Calls calls = null;
        String problem = null;
        if (!Platform.isLinux())
        {
            problem = "the C library calls used here are Linux's, this is " + System.getProperty("os.name");
        }
        else
        {
            try
            {
                calls = Native.load(Platform.C_LIBRARY_NAME, Calls.class);
            }
            catch (final LinkageError ex)
            {
                problem = "cannot load the C library through JNA: " + ex;
            }
        }
        CALLS = calls;
        PROBLEM = problem;
    }

    private LibC()
    {
    }

    /** {@code null} when the C library is bound, else why not. */
    public static String problem()
    {
        return PROBLEM;
    }

    /**
     * A system call's number on this platform, or -1 where pinbench does not know it: only Linux on
     * x86-64 and aarch64 are wired up (the numbers differ per architecture).
     */
    public static long syscallNumber(final long x86, final long aarch64)
    {
        if (!Platform.isLinux() || !Platform.is64Bit())
        {
            return -1;
        }
        return Platform.isIntel() ? x86 : Platform.isARM() ? aarch64 : -1;
    }

    /**
     * Renames {@code from} to {@code to} only if nothing is there: {@code renameat2(2)} with
     * {@code RENAME_NOREPLACE}, where plain {@code rename(2)} would silently replace an empty
     * directory. JNA's {@code syscall(2)}: glibc before 2.28 has no wrapper.
     *
     * @return {@code false} when this kernel or filesystem cannot (not Linux x86-64 or aarch64,
     *         ENOSYS, EINVAL): the caller falls back to a plain rename.
     * @throws FileAlreadyExistsException when {@code to} exists.
     * @throws IOException naming the errno for any other failure.
     */
    public static boolean renameNoReplace(final Path from, final Path to)
        throws IOException
    {
        final long number = syscallNumber(316, 276);
        if (CALLS == null || number < 0)
        {
            return false;
        }
        try
        {
            CALLS.syscall(number, (long)AT_FDCWD, from.toString(), (long)AT_FDCWD, to.toString(), RENAME_NOREPLACE);
            return true;
        }
        catch (final LastErrorException ex)
        {
            switch (ex.getErrorCode())
            {
                case EEXIST:
                    throw new FileAlreadyExistsException(to.toString());
                case ENOSYS:
                case EINVAL:
                    return false;
                default:
                    throw new IOException("cannot rename " + from + " to " + to + ": errno " + ex.getErrorCode()
                        + " (" + ex.getMessage() + ")", ex);
            }
        }
    }

    /**
     * The bound C library.
     *
     * @throws UnsupportedOperationException with {@link #problem()} when it is not bound.
     */
    public static Calls calls()
    {
        if (CALLS == null)
        {
            throw new UnsupportedOperationException(PROBLEM);
        }
        return CALLS;
    }
}
