package pinbench.run.report;

import org.junit.jupiter.api.Test;
import pinbench.benchmarks.Placement;
import pinbench.run.catalog.Tables;
import pinbench.run.exec.Execution;
import pinbench.run.plan.Row;
import pinbench.run.plan.RunSpec;
import pinbench.topology.PlacementPolicy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which runs a table marks for where their threads ran, from what the forks observed. */
class PlacementVerdictTest
{
    private static final RunSpec SPEC = new RunSpec(7, Tables.FLOORS,
        new Row(Tables.PLAIN_FLOOR, "floor: plain pair", "thread-confined", PlacementPolicy.SPREAD,
            Map.of()), "2");
    private static final List<Integer> TWO = List.of(0, 1);

    private static String verdict(final Placement.Placed... threads)
    {
        return Cells.placement(SPEC, new Execution(Map.of(), List.of(), List.of(threads), List.of(), Instant.EPOCH,
            Instant.EPOCH, Map.of(), null, null, List.of()));
    }

    private static Placement.Placed thread(final int index, final int of, final List<Integer> cpus,
        final Integer intended, final Map<Integer, Integer> observed)
    {
        return thread(index, of, cpus, intended, observed, 4242);
    }

    private static Placement.Placed thread(final int index, final int of, final List<Integer> cpus,
        final Integer intended, final Map<Integer, Integer> observed, final long pid)
    {
        return new Placement.Placed(SPEC.index(), "FloorBench.plainPair", index, of, cpus, "spread", intended,
            observed, 0, 1000, intended == null ? "not pinned" : null, pid);
    }

    @Test
    void eachForkPlacesItsOwnThreadsOnTheSameCpus()
    {
        assertNull(verdict(thread(0, 2, TWO, 0, Map.of(0, 9), 1), thread(1, 2, TWO, 1, Map.of(1, 9), 1),
            thread(0, 2, TWO, 0, Map.of(0, 9), 2), thread(1, 2, TWO, 1, Map.of(1, 9), 2)),
            "thread 0 of two forks on cpu 0 never ran at the same time");
        assertEquals("threads [0, 1] shared cpu 0", verdict(thread(0, 2, TWO, null, Map.of(0, 9), 1),
            thread(1, 2, TWO, null, Map.of(0, 9), 1), thread(0, 2, TWO, 0, Map.of(0, 9), 2)));
    }

    @Test
    void threadsOnTheirOwnCpusAreFine()
    {
        assertNull(verdict(thread(0, 2, TWO, 0, Map.of(0, 9)), thread(1, 2, TWO, 1, Map.of(1, 9))));
    }

    @Test
    void anotherRunsThreadsDoNotCount()
    {
        assertNull(verdict(new Placement.Placed(8, "x", 0, 4, TWO, "spread", null, Map.of(0, 9), 0, 1000, null, 4242)));
    }

    @Test
    void moreBusyThreadsThanCpusAreOversubscribed()
    {
        assertEquals("oversubscribed: 4 busy threads on 2 CPUs",
            verdict(thread(0, 4, TWO, null, Map.of(0, 9)), thread(1, 4, TWO, null, Map.of(1, 9))));
    }

    @Test
    void unpinnedThreadsSeenOnOneCpuShareIt()
    {
        assertEquals("threads [0, 1] shared cpu 0",
            verdict(thread(0, 2, TWO, null, Map.of(0, 9)), thread(1, 2, TWO, null, Map.of(0, 7, 1, 2))));
    }

    @Test
    void aPinnedThreadSeenElsewhereIsNamed()
    {
        assertEquals("thread 1 meant for cpu 1 ran mostly on cpu 0",
            verdict(thread(0, 2, TWO, 0, Map.of(0, 9)), thread(1, 2, TWO, 1, Map.of(0, 9))));
    }
}
