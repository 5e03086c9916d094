package pinbench.topology;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementPolicyTest
{
    private static final List<Topology> FIXTURES = List.of(Fixtures.TWO_CPUS, Fixtures.EIGHT_CORES_SMT,
        Fixtures.TWO_SOCKETS);

    private static List<Integer> range(final int from, final int to)
    {
        return IntStream.range(from, to).boxed().toList();
    }

    @Test
    void everyPolicyTheMachineHonoursOrdersEveryCpuOnce()
    {
        for (final Topology t : FIXTURES)
        {
            for (final PlacementPolicy p : PlacementPolicy.values())
            {
                if (p.problem(t) == null)
                {
                    final List<Integer> order = p.order(t);
                    assertEquals(t.ids(), order.stream().sorted().toList(), p + " on " + t.source());
                }
            }
        }
    }

    @Test
    void onTwoCpusWithoutSmtSpreadAndCompactAgreeAndTheOthersAreRefused()
    {
        assertEquals(List.of(0, 1), PlacementPolicy.SPREAD.order(Fixtures.TWO_CPUS));
        assertEquals(List.of(0, 1), PlacementPolicy.COMPACT.order(Fixtures.TWO_CPUS));
        final IllegalArgumentException smt = assertThrows(IllegalArgumentException.class,
            () -> PlacementPolicy.SMT.order(Fixtures.TWO_CPUS));
        assertEquals("placement smt needs a core with two CPUs (SMT siblings) among the CPUs this process may use;"
            + " it saw 2 CPUs (0-1): 1 package, 2 cores, 1 CPU per core (no SMT), 1 last-level cache, 1 NUMA node",
            smt.getMessage());
        assertTrue(PlacementPolicy.CROSS_SOCKET.problem(Fixtures.TWO_CPUS).startsWith("needs CPUs on two packages"));
    }

    @Test
    void spreadTakesEveryCoreBeforeAnySiblingAndCompactFillsEachCore()
    {
        final Topology t = Fixtures.EIGHT_CORES_SMT;
        assertEquals(range(0, 16), PlacementPolicy.SPREAD.order(t));
        final List<Integer> compact = new ArrayList<>();
        for (int c = 0; c < 8; c++)
        {
            compact.addAll(List.of(c, c + 8));
        }
        assertEquals(compact, PlacementPolicy.COMPACT.order(t));
        assertEquals(compact, PlacementPolicy.SMT.order(t), "two threads per core: smt pairs are compact's");
        assertTrue(PlacementPolicy.CROSS_SOCKET.problem(t) != null, "one package");
    }

    @Test
    void onTwoSocketsSpreadFillsOnePackageFirstAndCrossSocketAlternates()
    {
        final Topology t = Fixtures.TWO_SOCKETS;
        final List<Integer> spread = PlacementPolicy.SPREAD.order(t);
        assertEquals(range(0, 28), spread.subList(0, 28), "package 0's cores first");
        assertEquals(range(28, 56), spread.subList(28, 56), "then package 1's, before any sibling");
        assertEquals(range(56, 112), spread.subList(56, 112));
        final List<Integer> cross = PlacementPolicy.CROSS_SOCKET.order(t);
        for (int k = 0; k + 1 < cross.size(); k += 2)
        {
            assertNotEquals(t.cpu(cross.get(k)).socket(), t.cpu(cross.get(k + 1)).socket(), "pair " + k / 2);
            assertNotEquals(t.cpu(cross.get(k)).node(), t.cpu(cross.get(k + 1)).node(), "pair " + k / 2);
        }
        assertEquals(List.of(0, 28, 1, 29), cross.subList(0, 4), "distinct cores of each package first");
        final List<Integer> smt = PlacementPolicy.SMT.order(t);
        for (int k = 0; k < t.cpus().size(); k += 2)
        {
            assertEquals(t.cpu(smt.get(k)).core(), t.cpu(smt.get(k + 1)).core(), "pair " + k / 2);
            assertNotEquals(smt.get(k), smt.get(k + 1));
        }
    }

    @Test
    void smtPairsFirstSiblingsThenTheRestWhenCoresHaveMoreThanTwo()
    {
        final Topology smt4 = Fixtures.uniform(1, 2, 4, 1); // cores {0,2,4,6} and {1,3,5,7}
        assertEquals(List.of(0, 2, 1, 3, 4, 6, 5, 7), PlacementPolicy.SMT.order(smt4));
        assertEquals(List.of(0, 2, 4, 6, 1, 3, 5, 7), PlacementPolicy.COMPACT.order(smt4));
    }

    @Test
    void whatTheProcessMayUseDecidesNotTheWholeMachine()
    {
        final Topology socket0 = Fixtures.TWO_SOCKETS.restrictTo(range(0, 28));
        assertTrue(PlacementPolicy.CROSS_SOCKET.problem(socket0).contains("it saw 28 CPUs (0-27): 1 package"));
        assertTrue(PlacementPolicy.SMT.problem(socket0) != null, "no sibling of 0-27 is allowed");
        assertNull(PlacementPolicy.SMT.problem(Fixtures.TWO_SOCKETS.restrictTo(List.of(0, 56))));
    }

    @Test
    void labelsAreWhatUsersType()
    {
        assertEquals("spread, compact, smt, cross-socket", PlacementPolicy.labels());
        assertEquals(PlacementPolicy.CROSS_SOCKET, PlacementPolicy.byLabel("Cross-Socket"));
        assertEquals(PlacementPolicy.CROSS_SOCKET, PlacementPolicy.byLabel("CROSS_SOCKET"));
        assertNull(PlacementPolicy.byLabel("numa"));
    }
}
