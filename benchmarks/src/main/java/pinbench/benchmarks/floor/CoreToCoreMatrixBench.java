package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.IterationParams;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.LatencyLog;
import pinbench.benchmarks.PaddedLong;
import pinbench.benchmarks.Placement;
import pinbench.sys.LibC;
import pinbench.topology.Topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * Core-to-core latency between every pair of the CPUs the run may use (on a machine with more pairs
 * than {@value #MAX_PAIRS}, a sample that holds every pair with the first CPU, so every level of the
 * topology, and random others). For each pair two fresh threads pin themselves to its CPUs and hand
 * one cache line back and forth as {@link CoreToCoreBench} does; the pinging one times batches of
 * {@value #BATCH} round trips (so its two {@code nanoTime} reads are about 1% of a sample) and
 * records each batch's mean round trip into log {@value #LOG}, tagged {@code cpuA.cpuB}. A batch
 * counts only if the pinging thread was on its CPU before and after it; the answering one pinned
 * itself, and where its pin fails nothing answers and the pair records nothing. One JMH operation visits every
 * pair once; its score is the time of that visit, the matrix is in the tags. The runner writes
 * {@code core-to-core.csv} and a heatmap from them, and summarises them by topology level. The
 * threads are pinned whatever {@code --affinity} says: unpinned, the matrix would mean nothing.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar CoreToCoreMatrixBench
 * -jvmArgsPrepend -Dpinbench.sideDir=/tmp/h}
 */
public class CoreToCoreMatrixBench extends BenchDefaults
{
    /** Name of the histogram log. */
    public static final String LOG = "core_to_core";
    /** Round trips per sample. */
    public static final int BATCH = 100;
    /** Samples per pair per visit: 2,000 round trips and two thread starts, well under a millisecond a pair. */
    static final int SAMPLES = 20;
    /** Beyond this many pairs, a sample of them. */
    static final int MAX_PAIRS = 256;
    /** A round trip this long means the other thread is gone: the pair is abandoned for this visit. */
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Every pair, its log, and the line they share. */
    @State(Scope.Benchmark)
    public static class Matrix
    {
        final Map<String, LatencyLog> logs = new LinkedHashMap<>();
        final List<int[]> pairs = new ArrayList<>();

        @Setup(Level.Trial)
        public void choosePairs()
        {
            final List<Integer> cpus = Placement.processCpus(ForkContract.current());
            if (LibC.problem() != null || cpus.size() < 2)
            {
                throw new IllegalStateException("a core-to-core matrix needs two CPUs and sched_setaffinity; here: "
                    + cpus.size() + " CPUs" + (LibC.problem() == null ? "" : ", " + LibC.problem()));
            }
            pairs.addAll(pairs(Topology.machine().restrictTo(cpus).ids(), MAX_PAIRS));
            for (final int[] pair : pairs)
            {
                logs.put(tag(pair[0], pair[1]), new LatencyLog(LOG, tag(pair[0], pair[1])));
            }
        }

        @Setup(Level.Iteration)
        public void startIteration(final IterationParams iteration)
        {
            logs.values().forEach(l -> l.startIteration(iteration));
        }

        @TearDown(Level.Iteration)
        public void endIteration()
        {
            logs.values().forEach(LatencyLog::endIteration);
        }

        @TearDown(Level.Trial)
        public void close()
        {
            logs.values().forEach(LatencyLog::close);
        }
    }

    /** A pair's histogram tag, here and in {@link PingBench}: {@code cpuA.cpuB}, the pinging thread's CPU first. */
    public static String tag(final int pinging, final int answering)
    {
        return "cpu" + pinging + ".cpu" + answering;
    }

    /**
     * The pairs to measure, lower CPU first: every pair when there are at most {@code max}, else
     * every pair with the first CPU (which reaches every level of the topology from it) and a seeded
     * random sample of the others up to {@code max}.
     */
    static List<int[]> pairs(final List<Integer> cpus, final int max)
    {
        final List<int[]> all = new ArrayList<>();
        for (int i = 0; i < cpus.size(); i++)
        {
            for (int j = i + 1; j < cpus.size(); j++)
            {
                all.add(new int[] {cpus.get(i), cpus.get(j)});
            }
        }
        if (all.size() <= max)
        {
            return all;
        }
        final List<int[]> chosen = new ArrayList<>(all.subList(0, Math.min(max, cpus.size() - 1)));
        final List<int[]> rest = new ArrayList<>(all.subList(cpus.size() - 1, all.size()));
        Collections.shuffle(rest, new Random(cpus.size()));
        chosen.addAll(rest.subList(0, Math.max(0, max - chosen.size())));
        return chosen;
    }

    @Benchmark
    public void visitEveryPair(final Matrix matrix) throws InterruptedException
    {
        for (final int[] pair : matrix.pairs)
        {
            measure(pair, matrix.logs.get(tag(pair[0], pair[1])));
        }
    }

    /** One pair: a pinging and an answering thread on its two CPUs, {@value #SAMPLES} batches. */
    private static void measure(final int[] pair, final LatencyLog log) throws InterruptedException
    {
        final PaddedLong line = new PaddedLong();
        final long[] samples = new long[SAMPLES];
        final int[] recorded = new int[1];
        final Thread answerer = new Thread(() -> answer(line, pair[1]), "pinbench-c2c-answer-" + pair[1]);
        final Thread pinger = new Thread(() -> recorded[0] = ping(line, pair[0], samples),
            "pinbench-c2c-ping-" + pair[0]);
        answerer.start();
        pinger.start();
        pinger.join();
        line.setVolatile(-1); // the answerer's signal to stop
        answerer.join();
        for (int i = 0; i < recorded[0]; i++)
        {
            log.record(samples[i]);
        }
    }

    /** Answers odd values with the next even one, on {@code cpu}, until the line holds -1. */
    private static void answer(final PaddedLong line, final int cpu)
    {
        Placement.pinTo(cpu);
        long v;
        while ((v = line.getVolatile()) != -1)
        {
            if ((v & 1) == 1)
            {
                line.setVolatile(v + 1);
            }
            Thread.onSpinWait();
        }
    }

    /**
     * Sends and awaits round trips on {@code cpu}, timing each batch; keeps a batch only when the
     * pinging thread was on its CPU before and after it (the answering one pinned itself, and a
     * failed pin leaves it dead and the batch unanswered). Returns how many samples it kept.
     */
    private static int ping(final PaddedLong line, final int cpu, final long[] samples)
    {
        Placement.pinTo(cpu);
        int kept = 0;
        long v = 0;
        for (int s = 0; s < samples.length; s++)
        {
            final boolean before = LibC.calls().sched_getcpu() == cpu;
            final long start = System.nanoTime();
            for (int i = 0; i < BATCH; i++)
            {
                line.setVolatile(++v);
                // the clock only every 64 Ki spins: a read per spin would be in every round trip
                for (int spins = 1; line.getVolatile() == v; spins++)
                {
                    Thread.onSpinWait();
                    if ((spins & 0xFFFF) == 0 && System.nanoTime() - start > GIVE_UP_NANOS)
                    {
                        return kept;
                    }
                }
                v++;
            }
            final long elapsed = System.nanoTime() - start;
            if (before && LibC.calls().sched_getcpu() == cpu)
            {
                samples[kept++] = elapsed / BATCH;
            }
        }
        return kept;
    }
}
