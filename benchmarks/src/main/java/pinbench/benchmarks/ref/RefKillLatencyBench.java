package pinbench.benchmarks.ref;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.LatencyLog;
import pinbench.benchmarks.PlacedThread;
import pinbench.benchmarks.Placement;
import pinbench.benchmarks.Preemptions;
import pinbench.memory.Backend;
import pinbench.memory.Memory;
import pinbench.ref.KillProbe;
import pinbench.ref.RefCount;
import pinbench.ref.RefStrategy;

import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.stream.Stream;

/**
 * Kill-to-release latency: how long teardown waits from {@code kill()} until the release callback
 * has run, while {@code pinners} background threads keep taking and dropping references
 * ({@code tryGetLive} + {@code put}) on the same count. The kernel pays an RCU grace period here
 * (milliseconds); the strategies pay a handshake, a membarrier, or nothing.
 * <p>
 * Each invocation gets a fresh count (created in a per-invocation setup, outside the timing) that
 * every pinner has already used. The benchmark thread is the only JMH thread; pinners are plain
 * threads owned by the state, so their number is a parameter, not {@code -t}. JMH's own score is the
 * mean; the distribution comes from HdrHistograms of every kill of the measurement iterations:
 * <ul>
 * <li>log {@value #LOG}, tag {@code STRATEGY.BACKEND.pinners=N}: kills during which neither the
 * killer nor any pinner was preempted ({@link Preemptions}, read outside the timing): what the
 * mechanism costs, including any wait it imposes (a safepoint blocks every pinner: that is a
 * voluntary switch, and counts as the mechanism's);</li>
 * <li>log {@value #DESCHEDULED_LOG}, same tag: kills during which one of them was preempted, so
 * that the release may have waited for a thread that was not running: the scheduler's share, counted
 * apart instead of sitting in the mechanism's tail;</li>
 * <li>with {@code -p phases=true} instead: log {@value #PHASES_LOG}, tag
 * {@code STRATEGY.BACKEND.phase=NAME}, the time of each {@link KillProbe.Phase} the strategy has
 * (since the previous one) for the undisturbed kills. A timestamp per phase costs tens of ns, so
 * these runs write nothing to the other two logs.</li>
 * </ul>
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefKillLatencyBench -p pinners=1 -p phases=true -p strategy=SLOTS_MEMBARRIER}
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Threads(1)
public class RefKillLatencyBench extends BenchDefaults
{
    /** Name of the histogram log this benchmark writes. */
    public static final String LOG = "kill";
    /** The log of kills during which the killer or a pinner was preempted. */
    public static final String DESCHEDULED_LOG = "kill_descheduled";
    /** The log of per-phase times. */
    public static final String PHASES_LOG = "kill_phases";
    /** Give up on a release after this long: a count that never releases is a bug, not a sample. */
    private static final long RELEASE_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final int SPINS_BEFORE_YIELD = 1_000;

    /** One count and the flag its release callback sets. */
    static final class Generation
    {
        final long number;
        final RefCount ref;
        volatile boolean released;

        Generation(final long number, final RefStrategy strategy, final Memory memory)
        {
            this.number = number;
            this.ref = strategy.create(memory, () -> released = true);
        }
    }

    @State(Scope.Benchmark)
    public static class Teardown
    {
        @Param
        public RefStrategy strategy;

        @Param
        public Backend backend;

        /** Threads pinning the count while it is killed. */
        @Param("1")
        public int pinners;

        /** Timestamp each phase of a kill (and write only the phases log). */
        @Param("false")
        public boolean phases;

        private Memory memory;
        private LatencyLog log;
        private final BarrierFallbacks fallbacks = new BarrierFallbacks();
        private LatencyLog descheduledLog;
        private final LatencyLog[] phaseLogs = new LatencyLog[KillProbe.Phase.values().length];
        private final Preemptions preemptions = new Preemptions();
        /** The probe kill reports to: a clock when timing phases, else one C2 removes. */
        private KillProbe probe = KillProbe.NONE;
        private PhaseClock clock;
        private long preemptedBefore;
        /** The timed kill of the current invocation, from kill() to the release. */
        private long elapsed;
        private volatile Generation current;
        private volatile boolean stop;
        private AtomicLongArray seen;
        private Thread[] threads;
        private long generations;
        private IterationParams iteration;

        @Setup(Level.Trial)
        public void startPinners(final BenchmarkParams benchmark)
        {
            final String what = PlacedThread.describe(benchmark);
            Placement.place(0, 1 + pinners, what); // the killing thread, JMH's only one
            if (pinners < 0)
            {
                throw new IllegalArgumentException("pinners must be >= 0, was " + pinners);
            }
            memory = ForkContract.memory(backend);
            preemptions.addCurrentThread();
            if (phases)
            {
                clock = new PhaseClock();
                probe = clock;
            }
            else
            {
                final String tag = ForkContract.histogramTag(strategy.name(), backend, "pinners", String.valueOf(pinners));
                log = new LatencyLog(LOG, tag);
                descheduledLog = new LatencyLog(DESCHEDULED_LOG, tag);
            }
            current = new Generation(++generations, strategy, memory);
            seen = new AtomicLongArray(pinners);
            threads = new Thread[pinners];
            for (int i = 0; i < pinners; i++)
            {
                final int index = i;
                threads[i] = new Thread(() ->
                {
                    Placement.place(1 + index, 1 + pinners, what);
                    preemptions.addCurrentThread();
                    pin(index);
                }, "pinner-" + i);
                threads[i].setDaemon(true);
                threads[i].start();
            }
        }

        private void pin(final int index)
        {
            Generation mine = null;
            RefCount.Handle handle = null;
            while (!stop)
            {
                final Generation g = current;
                if (g != mine)
                {
                    mine = g;
                    handle = g.ref.handle();
                }
                if (handle.tryGetLive())
                {
                    handle.put();
                }
                seen.lazySet(index, g.number); // after this, the previous generation is never touched
            }
        }

        /** A fresh live count, in use by every pinner, before each kill; the old one is freed. */
        @Setup(Level.Invocation)
        public void freshCount()
        {
            final Generation old = current;
            final Generation next = new Generation(++generations, strategy, memory);
            current = next;
            for (int i = 0; i < pinners; i++)
            {
                while (seen.get(i) != next.number)
                {
                    Thread.yield(); // pinners may outnumber CPUs
                }
            }
            old.ref.close();
            preemptedBefore = preemptions.sum();
        }

        /** Files the invocation's kill by whether some thread was preempted during it (outside the timing). */
        @TearDown(Level.Invocation)
        public void file()
        {
            final long preemptedAfter = preemptions.sum();
            final boolean undisturbed = preemptedBefore >= 0 && preemptedAfter == preemptedBefore;
            if (!phases)
            {
                (undisturbed || preemptedBefore < 0 ? log : descheduledLog).record(elapsed);
                return;
            }
            if (undisturbed || preemptedBefore < 0)
            {
                long previous = clock.start;
                for (final KillProbe.Phase phase : KillProbe.Phase.values())
                {
                    final long at = clock.at[phase.ordinal()];
                    if (at != 0)
                    {
                        phaseLog(phase).record(at - previous);
                        previous = at;
                    }
                }
            }
        }

        /** The log of a phase, opened when a kill first reports it (strategies lack some phases). */
        private LatencyLog phaseLog(final KillProbe.Phase phase)
        {
            LatencyLog l = phaseLogs[phase.ordinal()];
            if (l == null)
            {
                l = new LatencyLog(PHASES_LOG, ForkContract.histogramTag(strategy.name(), backend, "phase",
                    phase.name()));
                l.startIteration(iteration);
                phaseLogs[phase.ordinal()] = l;
            }
            return l;
        }

        @Setup(Level.Iteration)
        public void startIteration(final IterationParams iteration)
        {
            this.iteration = iteration;
            logs().forEach(l -> l.startIteration(iteration));
        }

        @TearDown(Level.Iteration)
        public void endIteration()
        {
            logs().forEach(LatencyLog::endIteration);
            fallbacks.requireNoneSinceLastCheck(strategy);
        }

        private Stream<LatencyLog> logs()
        {
            return Stream.concat(Stream.of(log, descheduledLog), Arrays.stream(phaseLogs)).filter(Objects::nonNull);
        }

        @TearDown(Level.Trial)
        public void stopPinners() throws InterruptedException
        {
            logs().forEach(LatencyLog::close);
            preemptions.close();
            stop = true;
            for (final Thread thread : threads)
            {
                thread.join();
            }
            current.ref.close();
        }
    }

    @Benchmark
    public void killToRelease(final Teardown teardown)
    {
        final Generation g = teardown.current;
        final KillProbe probe = teardown.probe;
        final long start = System.nanoTime();
        if (teardown.clock != null)
        {
            teardown.clock.start(start);
        }
        g.ref.kill(probe);
        if (!g.released)
        {
            awaitRelease(g);
        }
        final long end = System.nanoTime();
        teardown.elapsed = end - start;
        if (teardown.clock != null)
        {
            teardown.clock.at[KillProbe.Phase.AWAIT_RELEASE.ordinal()] = end;
        }
    }

    /** When each phase of one kill completed ({@code 0}: the strategy has no such phase). */
    static final class PhaseClock implements KillProbe
    {
        final long[] at = new long[Phase.values().length];
        long start;

        void start(final long nanos)
        {
            Arrays.fill(at, 0);
            start = nanos;
        }

        @Override
        public void reached(final Phase phase)
        {
            at[phase.ordinal()] = System.nanoTime();
        }
    }

    private static void awaitRelease(final Generation g)
    {
        final long deadline = System.nanoTime() + RELEASE_TIMEOUT_NANOS;
        for (int spins = 0; !g.released; spins++)
        {
            if (spins < SPINS_BEFORE_YIELD)
            {
                Thread.onSpinWait();
            }
            else if (System.nanoTime() - deadline > 0)
            {
                throw new IllegalStateException("release did not run within 10 s of kill: " + g.ref);
            }
            else
            {
                Thread.yield(); // the last holder may be a descheduled pinner: give it the CPU
            }
        }
    }
}
