package pinbench.memory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinbench.sys.IdList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Counters bound to a NUMA node of this machine, the node their pages are read back on, and every refusal. */
class NumaTest
{
    private static final DaxProbe SYSTEM = DaxProbe.system();
    @TempDir(factory = ShmTempDir.class)
    Path shm;

    private Memory memory(final Backend backend, final int node)
    {
        return new Memory(backend, shm, Memory.DEFAULT_STRIDE, Durability.NONE, false, node);
    }

    /** A node of this machine with memory: every Linux machine with NUMA has one. */
    private static int nodeWithMemory()
    {
        final List<Integer> nodes = IdList.read(SYSTEM.nodeDir().resolve("has_memory"));
        assertFalse(nodes.isEmpty(), "this machine lists no node with memory in " + SYSTEM.nodeDir());
        return nodes.get(0);
    }

    @Test
    void boundCountersHaveEveryPageOnTheirNode()
    {
        final int node = nodeWithMemory();
        for (final Backend backend : new Backend[] {Backend.DIRECT, Backend.TMPFS})
        {
            final Memory memory = memory(backend, node);
            assertNull(memory.problem(SYSTEM, 1 << 20), backend.name());
            try (Cells cells = memory.allocate(100))
            {
                cells.setVolatile(99, 7);
                assertEquals(7, cells.getAndAdd(99, 1));
                final Numa.PageNodes pages = cells.pageNodes();
                assertTrue(pages.allOn(node), backend + ": " + pages.describe());
                final int total = pages.pagesByNode().values().stream().mapToInt(Integer::intValue).sum();
                assertTrue(total >= 100 * Memory.DEFAULT_STRIDE / 4096, backend + " counts whole pages: " + total);
                assertTrue(cells.describe().contains("bound to NUMA node " + node), cells.describe());
            }
        }
    }

    @Test
    void unboundMappingsAreTouchedWhenMappedSoEveryPageHasANode()
    {
        try (Cells cells = memory(Backend.TMPFS, Memory.ANY_NODE).allocate(64))
        {
            final Numa.PageNodes pages = cells.pageNodes();
            assertEquals(Map.of(), pages.pagesNotOnANode(), pages.describe());
            assertFalse(pages.pagesByNode().isEmpty());
            assertFalse(cells.describe().contains("NUMA"), cells.describe());
        }
        try (Cells heap = Memory.heap().allocate(4))
        {
            assertNull(heap.pageNodes(), "the heap is the JVM's to place: not read");
        }
    }

    @Test
    void aNodeThisMachineDoesNotHaveIsRefusedNamingTheNodesItHas() throws IOException
    {
        final List<Integer> online = IdList.read(SYSTEM.nodeDir().resolve("online"));
        final int missing = Collections.max(online) + 1;
        final String problem = memory(Backend.TMPFS, missing).problem(SYSTEM, 1 << 20);
        assertNotNull(problem);
        assertTrue(problem.startsWith("--mem-node " + missing + ": no such NUMA node; this machine has node"), problem);
        assertTrue(problem.contains(IdList.format(online)), problem);
        final IllegalStateException kernel = assertThrows(IllegalStateException.class,
            () -> BufferCells.direct(1, Memory.DEFAULT_STRIDE, missing), "the kernel refuses the binding itself");
        assertTrue(kernel.getMessage().contains("mbind(2) failed with errno"), kernel.getMessage());
        assertThrows(IllegalStateException.class,
            () -> BufferCells.mapTempFile(shm, 1, Memory.DEFAULT_STRIDE, false, Durability.NONE, missing));
        try (Stream<Path> left = Files.list(shm))
        {
            assertEquals(0, left.count(), "a mapping the kernel would not bind leaves no file");
        }
    }

    @Test
    void aMissingOrMemorylessNodeIsRefusedOnAFixtureMachine(@TempDir final Path root) throws IOException
    {
        final Path nodes = Files.createDirectories(root.resolve("sys/devices/system/node"));
        Files.writeString(nodes.resolve("online"), "0-1\n");
        Files.writeString(nodes.resolve("has_memory"), "0\n");
        final DaxProbe probe = new DaxProbe(root);
        assertNull(memory(Backend.DIRECT, 0).problem(probe, 1 << 20));
        assertEquals("--mem-node 1: NUMA node 1 has no memory of its own (CPUs only); nodes with memory here: 0",
            memory(Backend.TMPFS, 1).problem(probe, 1 << 20));
        assertEquals("--mem-node 2: no such NUMA node; this machine has nodes 0-1 (nodes with memory here: 0)",
            memory(Backend.DIRECT, 2).problem(probe, 1 << 20));
        final DaxProbe noNuma = new DaxProbe(root.resolve("elsewhere"));
        assertTrue(memory(Backend.DIRECT, 0).problem(noNuma, 1 << 20).contains("reports no NUMA nodes"));
        assertNull(memory(Backend.DIRECT, Memory.ANY_NODE).problem(noNuma, 1 << 20), "no binding asked: no check");
    }

    @Test
    void backendsWhosePagesPinbenchCannotPlaceAreRefusedWithWhatToDoInstead()
    {
        final String heap = memory(Backend.HEAP, 0).problem(SYSTEM, 1 << 20);
        assertTrue(heap.startsWith("--mem-node 0 cannot place these counters: backend HEAP"), heap);
        assertTrue(heap.contains("numactl --membind"), heap);
        assertThrows(IllegalStateException.class, () -> memory(Backend.HEAP, 0).allocate(1),
            "through the jar, where no check ran first");
        for (final Backend backend : new Backend[] {Backend.FSDAX, Backend.FSDAX_SYNC, Backend.DEVDAX})
        {
            final String problem = memory(backend, 0).problem(SYSTEM, 1 << 20);
            assertTrue(problem.contains("backend " + backend.name() + " maps persistent memory"), problem);
        }
        assertThrows(IllegalArgumentException.class, () -> memory(Backend.TMPFS, -2));
        assertEquals(3, memory(Backend.TMPFS, Memory.ANY_NODE).withMemNode(3).memNode());
        assertEquals(3, memory(Backend.TMPFS, 3).withStride(8).withDurability(Durability.FLUSH).memNode());
    }
}
