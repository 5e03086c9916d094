package pinbench.run;

import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import pinbench.benchmarks.BenchDefaults;
import pinbench.run.cli.ParamCheck;

import java.util.ArrayList;
import java.util.List;

/**
 * The entry point of {@code benchmarks.jar}: JMH's own {@code Main}, with every JMH option, after
 * one check JMH leaves to each fork ({@link ParamCheck}): one message naming the valid choices and
 * exit status 2 before anything starts, instead of every run failing with "No enum constant". A
 * {@code -jvmArgsAppend} keeps the JVM options every fork needs ({@link #withRequiredJvmArgs}).
 */
public final class JmhMain
{
    private JmhMain()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final String problem = ParamCheck.problem(args);
        if (problem != null)
        {
            System.err.println("benchmarks.jar: " + problem);
            System.exit(2);
        }
        final Options withRequired = withRequiredJvmArgs(args);
        if (withRequired == null)
        {
            org.openjdk.jmh.Main.main(args);
            return;
        }
        try
        {
            new Runner(withRequired).run();
        }
        catch (final NoBenchmarksException ex)
        {
            System.err.println("No matching benchmarks. Miss-spelled regexp? Try: java -jar benchmarks.jar -l");
            System.exit(1);
        }
        catch (final RunnerException ex)
        {
            System.err.print("ERROR: ");
            ex.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /**
     * JMH's {@code -jvmArgsAppend} replaces {@code @Fork(jvmArgsAppend)}, where the benchmarks carry
     * what every fork needs (Agrona's {@code --add-exports}: without it a mapped backend fails each
     * fork with an IllegalAccessError). So a run given one gets those in front of the user's own,
     * which come later and win. JMH's parser reads the command line, so every spelling it takes
     * counts ({@code --jvmArgsAppend=...}, an abbreviation, several occurrences, quotes).
     *
     * @return the options to run with, or {@code null} to leave the command line to JMH's
     *     {@code Main}: no {@code -jvmArgsAppend}, a command that runs nothing (help, lists), or one
     *     JMH refuses (its own message then says why).
     */
    static Options withRequiredJvmArgs(final String[] args)
    {
        final CommandLineOptions given;
        try
        {
            given = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            return null;
        }
        if (!given.getJvmArgsAppend().hasValue() || given.shouldHelp() || given.shouldList()
            || given.shouldListWithParams() || given.shouldListProfilers() || given.shouldListResultFormats())
        {
            return null;
        }
        final List<String> jvmArgs = new ArrayList<>(List.of(BenchDefaults.REQUIRED_JVM_ARGS));
        jvmArgs.addAll(given.getJvmArgsAppend().get());
        return new OptionsBuilder().parent(given).jvmArgsAppend(jvmArgs.toArray(String[]::new)).build();
    }
}
