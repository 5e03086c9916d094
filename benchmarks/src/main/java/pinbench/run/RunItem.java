package pinbench.run;

import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import pinbench.benchmarks.BenchDefaults;
import pinbench.memory.Backend;
import pinbench.memory.Memory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One JMH run of the plan: one benchmark method with one set of parameters and one thread count.
 *
 * @param family   the family whose table it feeds, or {@code null} for the floor.
 * @param scenario the table.
 * @param bench    the method.
 * @param strategy the strategy name, or {@code null} for a fixed implementation.
 * @param backend  the memory backend, or {@code null} for a fixed implementation.
 * @param threads  JMH threads, or background pinners for a latency benchmark.
 */
record RunItem(Family family, Scenario scenario, Scenario.Bench bench, String strategy, Backend backend, int threads)
{
    /** Expands the selection into runs: the floor first, then each family's scenarios in order. */
    static List<RunItem> plan(final Options options)
    {
        final List<RunItem> plan = new ArrayList<>();
        for (final int threads : options.threads)
        {
            plan.add(new RunItem(null, Scenario.FLOOR, Scenario.FLOOR.benches().get(0), null, null, threads));
        }
        for (final Family family : options.families)
        {
            for (final Scenario scenario : family.scenarios())
            {
                for (final Scenario.Bench bench : scenario.benches())
                {
                    for (final int threads : options.threads)
                    {
                        if (!bench.perStrategy())
                        {
                            plan.add(new RunItem(family, scenario, bench, null, null, threads));
                            continue;
                        }
                        for (final String strategy : family.strategies().keySet())
                        {
                            if (!options.strategies.isEmpty() && !options.strategies.contains(strategy))
                            {
                                continue;
                            }
                            for (final Backend backend : options.backends)
                            {
                                plan.add(new RunItem(family, scenario, bench, strategy, backend, threads));
                            }
                        }
                    }
                }
            }
        }
        return plan;
    }

    /** One line for progress output. */
    String describe()
    {
        final StringBuilder b = new StringBuilder(bench.shortName());
        if (strategy != null)
        {
            b.append(" strategy=").append(strategy).append(" backend=").append(backend);
        }
        b.append(bench.pinners() ? " pinners=" : " threads=").append(threads);
        return b.toString();
    }

    /**
     * JMH options for this run: the user's JMH options as the parent, so anything they set wins over
     * the profile; the selection (benchmark, parameters, threads) is always the runner's.
     */
    org.openjdk.jmh.runner.options.Options jmhOptions(final Options options)
    {
        final CommandLineOptions user = options.jmh;
        final Profile profile = options.profile;
        final ChainedOptionsBuilder b = new OptionsBuilder().parent(user)
            .include("^" + Pattern.quote(bench.benchmark()) + "$")
            .threads(bench.pinners() ? 1 : threads)
            .jvmArgsPrepend(jvmArgsPrepend(options));
        if (strategy != null)
        {
            b.param("strategy", strategy).param("backend", backend.name());
        }
        if (bench.pinners())
        {
            b.param("pinners", Integer.toString(threads));
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
    static String[] jvmArgsPrepend(final Options options)
    {
        final List<String> args = new ArrayList<>(List.of(BenchDefaults.REQUIRED_JVM_ARGS));
        args.add("-D" + Memory.PATH_PROPERTY + "=" + options.path);
        options.jmh.getJvmArgsPrepend().orElse(List.of()).forEach(args::add);
        return args.toArray(String[]::new);
    }
}
