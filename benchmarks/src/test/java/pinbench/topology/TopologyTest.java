package pinbench.topology;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopologyTest
{
    @Test
    void readsWhatSysfsSaysOfEachFixture(@TempDir final Path tmp) throws IOException
    {
        for (final Topology fixture : List.of(Fixtures.TWO_CPUS, Fixtures.EIGHT_CORES_SMT, Fixtures.TWO_SOCKETS))
        {
            final Path root = Files.createDirectories(tmp.resolve(fixture.source().replace(' ', '-')));
            Fixtures.writeSysfs(fixture, root);
            assertEquals(fixture.cpus(), Topology.read(root).cpus(), fixture.source());
        }
    }

    @Test
    void onlyOnlineCpusAndNodeZeroWithoutNodeDirectory(@TempDir final Path root) throws IOException
    {
        Fixtures.writeSysfs(Fixtures.EIGHT_CORES_SMT, root);
        Files.writeString(root.resolve("cpu/online"), "0-3,8-10\n");
        deleteTree(root.resolve("node"));
        final Topology t = Topology.read(root);
        assertEquals(List.of(0, 1, 2, 3, 8, 9, 10), t.ids());
        assertTrue(t.cpus().stream().allMatch(c -> c.node() == 0));
        assertEquals(List.of(List.of(0, 8), List.of(1, 9), List.of(2, 10), List.of(3)), t.cores(),
            "a sibling that is offline (11) is not part of its core here");
    }

    @Test
    void withoutCpuTopologyEachCpuIsItsOwnCoreAndTheSourceSaysSo(@TempDir final Path root) throws IOException
    {
        Files.createDirectories(root.resolve("cpu"));
        Files.writeString(root.resolve("cpu/online"), "0-2\n");
        final Topology t = Topology.read(root);
        assertEquals(List.of(0, 1, 2), t.ids());
        assertEquals(3, t.cores().size());
        assertTrue(t.source().startsWith("assumed"), t.source());
    }

    @Test
    void describesPackagesCoresSmtCachesAndNodes()
    {
        assertEquals("2 CPUs (0-1): 1 package, 2 cores, 1 CPU per core (no SMT), 1 last-level cache, 1 NUMA node",
            Fixtures.TWO_CPUS.describe());
        assertEquals("16 CPUs (0-15): 1 package, 8 cores, up to 2 CPUs per core (SMT), 1 last-level cache,"
            + " 1 NUMA node; cores 0,8 1,9 2,10 3,11 4,12 5,13 6,14 7,15", Fixtures.EIGHT_CORES_SMT.describe());
        assertEquals("112 CPUs (0-111): 2 packages, 56 cores, up to 2 CPUs per core (SMT), 2 last-level caches,"
            + " 2 NUMA nodes", Fixtures.TWO_SOCKETS.describe());
    }

    @Test
    void restrictingKeepsWhatTheModelKnowsOfEachAllowedCpu()
    {
        final Topology socket1 = Fixtures.TWO_SOCKETS.restrictTo(List.of(28, 29, 84, 85));
        assertEquals(1, socket1.packages());
        assertEquals(List.of(List.of(28, 84), List.of(29, 85)), socket1.cores());
        assertEquals(Fixtures.TWO_SOCKETS, Fixtures.TWO_SOCKETS.restrictTo(List.of()), "no mask: the whole machine");
        assertEquals(Fixtures.TWO_CPUS.cpu(1), Fixtures.TWO_CPUS.restrictTo(List.of(1)).cpu(1));
    }

    @Test
    void aCpuListedTwiceIsRefused()
    {
        final Topology.Cpu cpu = new Topology.Cpu(0, 0, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> new Topology(List.of(cpu, cpu), "twice"));
    }

    private static void deleteTree(final Path dir) throws IOException
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            for (final Path p : paths.sorted(Comparator.reverseOrder()).toList())
            {
                Files.delete(p);
            }
        }
    }
}
