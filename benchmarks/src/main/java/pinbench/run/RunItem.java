package pinbench.run;

import org.openjdk.jmh.profile.AsyncProfiler;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.Placement;
import pinbench.benchmarks.idle.LatencyLog;
import pinbench.memory.Memory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * One JMH run of the plan: one benchmark method, one row's parameters, one column.
 *
 * @param family   the family whose table it feeds, or {@code null} for the floors.
 * @param scenario the table.
 * @param bench    the method.
 * @param row      the row (parameters).
 * @param column   the column value (thread count or parameter value).
 */
record RunItem(Family family, Scenario scenario, Scenario.Bench bench, Scenario.Row row, String column)
{
    /** Expands the selection into runs: the floors (and core-to-core) first, then each family's scenarios in order. */
    static List<RunItem> plan(final Options options)
    {
        final List<RunItem> plan = new ArrayList<>();
        final Set<Integer> floorThreads = new LinkedHashSet<>(options.threads);
        for (final Family family : options.families)
        {
            for (final Scenario scenario : family.scenarios())
            {
                if (scenario.floor() != null && scenario.columns().fixedThreads() > 0)
                {
                    floorThreads.add(scenario.columns().fixedThreads());
                }
            }
        }
        for (final Scenario.Bench floor : Scenario.FLOORS.benches())
        {
            for (final int threads : floorThreads)
            {
                plan.add(new RunItem(null, Scenario.FLOORS, floor, floor.rowsFor(null, options).get(0),
                    String.valueOf(threads)));
            }
        }
        final Scenario.Bench pingPong = Scenario.CORE_TO_CORE.benches().get(0);
        plan.add(new RunItem(null, Scenario.CORE_TO_CORE, pingPong, pingPong.rowsFor(null, options).get(0), ""));
        for (final Family family : options.families)
        {
            for (final Scenario scenario : family.scenarios())
            {
                for (final Scenario.Bench bench : scenario.benches())
                {
                    for (final String column : scenario.columns().values(options))
                    {
                        for (final Scenario.Row row : bench.rowsFor(family, options))
                        {
                            plan.add(new RunItem(family, scenario, bench, row, column));
                        }
                    }
                }
            }
        }
        return plan;
    }

    /** JMH threads of this run. */
    int threads()
    {
        return scenario.columns().threadsFor(column);
    }

    /** All JMH parameters this run sets. */
    Map<String, String> params()
    {
        final Map<String, String> params = new LinkedHashMap<>(row.params());
        params.putAll(scenario.columns().paramsFor(column));
        return params;
    }

    /** One line for progress output. */
    String describe()
    {
        final StringBuilder b = new StringBuilder(bench.shortName());
        params().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.append(" threads=").append(threads()).toString();
    }

    /**
     * JMH options for this run: the user's JMH options as the parent, so anything they set wins over
     * the profile; the selection (benchmark, parameters, threads) is always the runner's.
     */
    org.openjdk.jmh.runner.options.Options jmhOptions(final Options options, final Path histograms)
    {
        return jmhOptions(options, histograms, null);
    }

    /** As above; {@code asyncProfiler} is the {@code -prof async} option string when {@code --profile async}. */
    org.openjdk.jmh.runner.options.Options jmhOptions(final Options options, final Path histograms,
        final String asyncProfiler)
    {
        final CommandLineOptions user = options.jmh;
        final Profile profile = options.profile;
        final ChainedOptionsBuilder b = new OptionsBuilder().parent(user)
            .include("^" + Pattern.quote(bench.benchmark()) + "$")
            .threads(threads())
            .jvmArgsPrepend(jvmArgsPrepend(options, histograms));
        params().forEach(b::param);
        if (options.profilers.contains("gc"))
        {
            b.addProfiler(GCProfiler.class);
        }
        if (asyncProfiler != null)
        {
            b.addProfiler(AsyncProfiler.class, asyncProfiler);
        }
        if (!user.getForkCount().hasValue())
        {
            b.forks(profile.forks);
        }
        if (!user.getWarmupIterations().hasValue())
        {
            b.warmupIterations(profile.warmupIterations);
        }
        if (!user.getWarmupTime().hasValue())
        {
            b.warmupTime(TimeValue.milliseconds(profile.warmupMillis));
        }
        if (!user.getMeasurementIterations().hasValue())
        {
            b.measurementIterations(profile.measurementIterations);
        }
        if (!user.getMeasurementTime().hasValue())
        {
            b.measurementTime(TimeValue.milliseconds(profile.measurementMillis));
        }
        return b.build();
    }

    /** What every fork needs, then the user's own {@code -jvmArgsPrepend}. */
    static String[] jvmArgsPrepend(final Options options, final Path histograms)
    {
        final List<String> args = new ArrayList<>(List.of(BenchDefaults.REQUIRED_JVM_ARGS));
        args.add("-D" + Memory.PATH_PROPERTY + "=" + options.path);
        args.add("-D" + Memory.STRIDE_PROPERTY + "=" + options.stride);
        args.add("-D" + Placement.PROPERTY + "=" + options.affinity);
        if (options.overwriteDevice)
        {
            args.add("-D" + Memory.OVERWRITE_PROPERTY + "=true");
        }
        args.add("-D" + LatencyLog.DIR_PROPERTY + "=" + histograms);
        final String runId = System.getProperty(Memory.RUN_ID_PROPERTY, "");
        if (!runId.isEmpty())
        {
            args.add("-D" + Memory.RUN_ID_PROPERTY + "=" + runId);
        }
        options.jmh.getJvmArgsPrepend().orElse(List.of()).forEach(args::add);
        return args.toArray(String[]::new);
    }
}
