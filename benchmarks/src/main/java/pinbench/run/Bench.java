package pinbench.run;

import pinbench.Times;
import pinbench.benchmarks.ForkContract;
import pinbench.memory.Memory;
import pinbench.run.check.BundleCheck;
import pinbench.run.check.Finding;
import pinbench.run.cli.CheckCommand;
import pinbench.run.cli.Command;
import pinbench.run.cli.CommandLine;
import pinbench.run.cli.CompareCommand;
import pinbench.run.cli.RunCommand;
import pinbench.run.cli.Usage;
import pinbench.run.cli.UsageException;
import pinbench.run.exec.Bundle;
import pinbench.run.exec.Execution;
import pinbench.run.exec.Executor;
import pinbench.run.exec.Profilers;
import pinbench.run.plan.Planner;
import pinbench.run.plan.RunPlan;
import pinbench.run.report.Compare;
import pinbench.run.report.Environment;
import pinbench.run.report.Publisher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code scripts/bench}: one way through, each stage a package of its own: the command line
 * ({@code cli}) becomes a plan ({@code plan}) of runs over the catalog's tables ({@code catalog}),
 * which {@code exec} runs through JMH; {@code report} computes every published cell once and
 * writes the bundle's artifacts from them.
 * Exit status: 0 done, 1 some benchmark failed (the bundle lists which), 2 wrong invocation or
 * nothing could be written (nothing was run).
 */
public final class Bench
{
    static final int EXIT_OK = 0;
    static final int EXIT_RUN_FAILED = 1;
    static final int EXIT_USAGE = 2;

    private final PrintStream out;
    private final PrintStream err;
    private final Path home;

    Bench(final PrintStream out, final PrintStream err, final Path home)
    {
        this.out = out;
        this.err = err;
        this.home = home;
    }

    public static void main(final String[] args)
    {
        final String home = System.getenv().getOrDefault("PINBENCH_HOME", ".");
        System.exit(new Bench(System.out, System.err, Path.of(home)).run(List.of(args)));
    }

    int run(final List<String> args)
    {
        try
        {
            final Command command = CommandLine.parse(args, home.resolve("results"));
            if (command instanceof Command.Help)
            {
                out.print(Usage.usage());
                return EXIT_OK;
            }
            if (command instanceof Command.ListCatalog)
            {
                out.print(Usage.list());
                return EXIT_OK;
            }
            if (command instanceof CompareCommand compare)
            {
                return compare(compare);
            }
            if (command instanceof CheckCommand check)
            {
                return check(check);
            }
            return run((RunCommand)command);
        }
        catch (final UsageException ex)
        {
            err.println("bench: " + ex.getMessage());
            return EXIT_USAGE;
        }
    }

    private int compare(final CompareCommand command) throws UsageException
    {
        final Map<String, Compare.Measurement> ma;
        final Map<String, Compare.Measurement> mb;
        try
        {
            ma = Compare.load(command.a());
            mb = Compare.load(command.b());
        }
        catch (final IOException | RuntimeException ex)
        {
            throw new UsageException("compare: cannot read JMH results: " + ex.getMessage());
        }
        final List<Compare.Row> rows = Compare.compare(ma, mb);
        out.print(Compare.render(command.a(), command.b(), rows, ma, mb));
        if (command.failOnRegression() != null)
        {
            final List<Compare.Row> regressed = Compare.regressions(rows, command.failOnRegression());
            if (!regressed.isEmpty())
            {
                err.println("bench: " + regressed.size() + " benchmark(s) regressed by more than "
                    + command.failOnRegression() + "%: " + String.join("; ",
                    regressed.stream().map(Compare.Row::key).toList()));
                return EXIT_RUN_FAILED;
            }
        }
        return EXIT_OK;
    }

    private int check(final CheckCommand command) throws UsageException
    {
        final List<Finding> findings;
        try
        {
            findings = BundleCheck.check(command.bundle());
        }
        catch (final IOException ex)
        {
            throw new UsageException("check: cannot read " + command.bundle() + ": " + ex.getMessage());
        }
        out.print(BundleCheck.render(findings, Integer.MAX_VALUE));
        return BundleCheck.failed(findings) ? EXIT_RUN_FAILED : EXIT_OK;
    }

    private int run(final RunCommand command) throws UsageException
    {
        final RunPlan plan = Planner.plan(command, home);
        final Profilers profilers = Profilers.prepare(command.profilers(), command.jmh(), home);
        for (final Memory memory : plan.memories())
        {
            memory.clearLeftovers().forEach(line -> out.println("pinbench: " + line));
        }
        final String name = Times.stamp(Instant.now()) + "-" + Environment.hostName();
        try (Bundle bundle = Bundle.create(command.out(), name))
        {
            bundle.cleaned().forEach(line -> out.println("pinbench: " + line));
            final Thread cleanup = new Thread(bundle::close, "pinbench-cleanup");
            Runtime.getRuntime().addShutdownHook(cleanup);
            try
            {
                return execute(plan, profilers, bundle, command.out(), name);
            }
            finally
            {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            }
        }
    }

    private int execute(final RunPlan plan, final Profilers profilers, final Bundle bundle, final Path outDir,
        final String name)
    {
        final ForkContract.Settings settings = Executor.forkSettings(plan.selection(), bundle.dir(), name);
        final Execution execution;
        try
        {
            execution = new Executor(plan, profilers, out).run(bundle.dir(), settings);
        }
        catch (final IOException ex)
        {
            err.println("bench: cannot write " + bundle.dir() + ": " + ex.getMessage());
            return EXIT_USAGE;
        }
        final Publisher.Published published;
        try
        {
            published = Publisher.publish(plan, execution, bundle, home, outDir);
        }
        catch (final IOException ex)
        {
            err.println("bench: cannot write the results bundle: " + ex.getMessage() + " (nothing was published)");
            return EXIT_USAGE;
        }
        out.println();
        out.print(published.summary());
        out.println();
        out.println("pinbench: results bundle " + published.bundle());
        out.print(BundleCheck.render(published.findings(), 3));
        final int failed = execution.failed().size();
        if (failed > 0)
        {
            err.println("bench: " + failed + " of " + plan.specs().size() + " runs failed; see summary.md and jmh-log.txt");
            return EXIT_RUN_FAILED;
        }
        return EXIT_OK;
    }
}
