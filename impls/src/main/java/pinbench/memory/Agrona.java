package pinbench.memory;

/**
 * What a JVM needs on its command line before it touches pinbench's counters. Agrona 2.x reaches
 * into {@code jdk.internal.misc} (its buffers fail without the export), and {@link Writeback} calls
 * {@code jdk.internal.misc.Unsafe.writebackMemory} through the same export.
 */
public final class Agrona
{
    /**
     * The export, for JMH forks, test and child JVMs. A compile-time constant, so annotations such as
     * JMH's {@code @Fork(jvmArgsAppend = ...)} can name it.
     */
    public static final String ADD_EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private Agrona()
    {
    }
}
