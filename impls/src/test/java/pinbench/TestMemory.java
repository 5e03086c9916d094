package pinbench;

import pinbench.memory.Backend;
import pinbench.memory.Memory;

import java.util.Arrays;
import java.util.List;

/**
 * The backends the contract tests run on: every catalog backend that this machine can allocate
 * with the default settings (-Dpinbench.path etc.). Here: heap, direct and tmpfs; on a machine
 * with a DAX mount, run the tests with {@code -Dpinbench.path=/mnt/pmem} to cover fsdax too.
 */
public final class TestMemory
{
    private TestMemory()
    {
    }

    public static List<Backend> backends()
    {
        return Arrays.stream(Backend.values()).filter(b -> Memory.of(b).problem() == null).toList();
    }
}
