package pinbench.ref;

import com.sun.jna.LastErrorException;
import pinbench.sys.LibC;

/**
 * Linux {@code membarrier(2)} with {@code MEMBARRIER_CMD_PRIVATE_EXPEDITED}, through
 * {@link LibC#calls()}'s {@code syscall(2)} (glibc has no wrapper). The process registers once, on
 * first use; before registration the kernel answers EPERM.
 */
final class Membarrier
{
    private static final int CMD_PRIVATE_EXPEDITED = 1 << 3;
    private static final int CMD_REGISTER_PRIVATE_EXPEDITED = 1 << 4;

    /** {@link #barrierAllThreads()} shared by concurrent callers ({@link SlotsSharedBarrierRef}). */
    static final SharedBarrier SHARED = new SharedBarrier(Membarrier::barrierAllThreads);

    private Membarrier()
    {
    }

    /** Registered on first use; holds why membarrier is unusable otherwise. */
    private static final class Holder
    {
        static final long SYS_MEMBARRIER = LibC.syscallNumber(324, 283);
        static final String PROBLEM = register();

        private static String register()
        {
            if (SYS_MEMBARRIER < 0)
            {
                return "membarrier(2) is only wired up for Linux on x86-64 and aarch64, not "
                    + System.getProperty("os.name") + " on " + System.getProperty("os.arch");
            }
            if (LibC.problem() != null)
            {
                return LibC.problem();
            }
            try
            {
                LibC.calls().syscall(SYS_MEMBARRIER, CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0);
                return null;
            }
            catch (final LastErrorException ex)
            {
                return "membarrier(MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED) failed with errno "
                    + ex.getErrorCode() + " (" + ex.getMessage() + "); needs Linux 4.14 or later";
            }
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
        LibC.calls().syscall(Holder.SYS_MEMBARRIER, CMD_PRIVATE_EXPEDITED, 0, 0);
    }
}
