package pinbench;

import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.memory.Memory;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The memories the contract tests run on: every catalog backend that this machine can allocate,
 * with counter files in {@code /dev/shm} or {@code -Dpinbench.test.path}. Here: heap, direct and
 * tmpfs; on a machine with a DAX mount, {@code ./mvnw verify -Dpinbench.test.path=/mnt/pmem}
 * covers fsdax too.
 */
public final class TestMemory
{
    private TestMemory()
    {
    }

    /** The system property naming the directory for the tests' counter files. */
    public static final String PATH_PROPERTY = "pinbench.test.path";

    public static List<Backend> backends()
    {
        return Arrays.stream(Backend.values()).filter(b -> of(b).problem() == null).toList();
    }

    /** The backend with the tests' directory. */
    public static Memory of(final Backend backend)
    {
        final String path = System.getProperty(PATH_PROPERTY, "");
        return path.isEmpty() ? Memory.of(backend) : new Memory(backend, Path.of(path), Memory.DEFAULT_STRIDE,
            Durability.NONE, false);
    }
}
