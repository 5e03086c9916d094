package pinbench.memory;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Cache-line writeback of a native address range (CLWB/CLFLUSHOPT with the fences around them),
 * through the JDK's own {@code jdk.internal.misc.Unsafe.writebackMemory}: the same code that
 * {@code MappedByteBuffer.force} runs on a MAP_SYNC mapping. Needs {@link Agrona#ADD_EXPORTS}
 * (which Agrona needs anyway).
 */
final class Writeback
{
    private static final MethodHandle WRITEBACK;
    private static final String PROBLEM;

    static
    {
        MethodHandle handle = null;
        String problem = null;
        try
        {
            final Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            final Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            if (!(boolean)unsafeClass.getMethod("isWritebackEnabled").invoke(unsafe))
            {
                problem = "this CPU or JVM has no cache-line writeback (Unsafe.isWritebackEnabled() is false)";
            }
            else
            {
                handle = MethodHandles.lookup().findVirtual(unsafeClass, "writebackMemory",
                    MethodType.methodType(void.class, long.class, long.class)).bindTo(unsafe);
            }
        }
        catch (final ReflectiveOperationException | RuntimeException ex)
        {
            problem = "cannot reach jdk.internal.misc.Unsafe.writebackMemory (run with " + Agrona.ADD_EXPORTS
                + "): " + ex;
        }
        WRITEBACK = handle;
        PROBLEM = problem;
    }

    private Writeback()
    {
    }

    /** {@code null} if writeback works here, else why not. */
    static String problem()
    {
        return PROBLEM;
    }

    static void writeback(final long address, final long length)
    {
        try
        {
            WRITEBACK.invokeExact(address, length);
        }
        catch (final RuntimeException | Error ex)
        {
            throw ex;
        }
        catch (final Throwable ex)
        {
            throw new IllegalStateException(ex);
        }
    }
}
