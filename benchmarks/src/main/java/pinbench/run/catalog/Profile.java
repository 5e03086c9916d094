package pinbench.run.catalog;

import pinbench.Family;
import pinbench.idle.IdleStrategy;
import pinbench.ref.RefStrategy;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How long each benchmark runs. JMH options given after {@code --} override any of these. Many
 * short measurement iterations rather than a few long ones: JMH's 99.9% interval is a Student-t
 * half-width over iterations, so 3 iterations multiply the spread by 31.6 and 10 by 4.8. Latency
 * benchmarks measure longer per iteration, to collect the samples their tails need.
 */
public enum Profile
{
    /**
     * A first look in a few minutes: one fork, twenty short iterations (t = 3.9 at 19 degrees of
     * freedom, and twice the samples of ten), after a warm-up long enough that the first measured
     * iterations are not still slower than the rest (with both CPUs of this VM busy, JIT threads
     * finish later: after 0.4-0.6 s the first iterations were still up to 80% slower).
     */
    QUICK(1, 4, 200, 20, 50, 200),
    /** Numbers to publish: three forks, so fork-to-fork variance shows in the error. */
    FULL(3, 5, 500, 10, 500, 1000),
    /**
     * A check of the scaling claims on a bigger machine in minutes ({@code scripts/bench-device}):
     * only the tables whose columns are the thread sweep or a single point, the floors they divide
     * by and the catalog's strategies (the parameter studies, the physical floors and the Java
     * alternatives stay with quick and full); unless the command line says otherwise, the
     * {@link #DEVICE_FAMILIES} with one design of each kind ({@link #DEVICE_STRATEGIES}) under every
     * placement policy the CPUs can give. Eight short iterations after a short warm-up: intervals
     * wide enough to check a shape with (does it scale, where does it bend), not to publish.
     */
    DEVICE(1, 2, 100, 8, 50, 50);

    /** The families the device profile runs by default. */
    public static final List<Family> DEVICE_FAMILIES = List.of(Family.REF, Family.IDLE);
    /**
     * Its default strategies, one of each design: one shared word, striped cells, per-thread slots
     * with a membarrier kill (whose parallel kills queue); a spinning and a parked waiter.
     */
    public static final Set<String> DEVICE_STRATEGIES = Set.of(RefStrategy.CAS_LOOP.name(), RefStrategy.STRIPED.name(),
        RefStrategy.SLOTS_MEMBARRIER.name(), IdleStrategy.SPIN.name(), IdleStrategy.PARK_SLOT.name());

    /** Measured here: a fork of the shaded jar costs about this much before its first iteration. */
    public static final long FORK_OVERHEAD_MILLIS = 1_100;
    /**
     * Measured here: a run whose threads fill every CPU took about this much longer (2.3-2.7 s for a
     * device-profile pair run at 2 and 4 threads, 1.5 s at 1): its fork's start-up, compilation and
     * exit have no CPU to themselves.
     */
    public static final long FILLED_CPUS_OVERHEAD_MILLIS = 1_000;

    public final int forks;
    public final int warmupIterations;
    public final int warmupMillis;
    public final int measurementIterations;
    public final int measurementMillis;
    /** Measurement iteration time of latency benchmarks (sampled time or own histograms). */
    public final int latencyMeasurementMillis;

    Profile(final int forks, final int warmupIterations, final int warmupMillis,
        final int measurementIterations, final int measurementMillis, final int latencyMeasurementMillis)
    {
        this.forks = forks;
        this.warmupIterations = warmupIterations;
        this.warmupMillis = warmupMillis;
        this.measurementIterations = measurementIterations;
        this.measurementMillis = measurementMillis;
        this.latencyMeasurementMillis = latencyMeasurementMillis;
    }

    /** Whether this profile runs a table. */
    public boolean covers(final Table table)
    {
        return this != DEVICE || table.axis().sweepsThreads() || table.axis().isSingle();
    }

    /** Whether this profile runs a source of a table it covers, given the floors its tables divide by. */
    public boolean covers(final Table table, final Source source, final Set<Benchmark> floorsUsed)
    {
        if (this != DEVICE)
        {
            return true;
        }
        return table == Tables.FLOORS ? floorsUsed.contains(source.benchmark())
            : table.family() == null || source.rows() instanceof Rows.Strategies;
    }

    /** Measurement iteration time of a table's runs. */
    public int measurementMillis(final Kind kind)
    {
        return kind == Kind.PAIR ? measurementMillis : latencyMeasurementMillis;
    }

    /** Lower-case name as typed on the command line. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line for {@code list} and the results. */
    public String describe()
    {
        return forks + (forks == 1 ? " fork, " : " forks, ") + warmupIterations + " x " + warmupMillis
            + " ms warm-up, " + measurementIterations + " x " + measurementMillis + " ms measurement per benchmark ("
            + latencyMeasurementMillis + " ms for latencies)";
    }
}
