package pinbench.run;

import pinbench.run.cli.ParamCheck;

/**
 * The entry point of {@code benchmarks.jar}: JMH's own {@code Main}, with every JMH option, after
 * one check JMH leaves to each fork ({@link ParamCheck}): one message naming the valid choices and
 * exit status 2 before anything starts, instead of every run failing with "No enum constant".
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
        org.openjdk.jmh.Main.main(args);
    }
}
