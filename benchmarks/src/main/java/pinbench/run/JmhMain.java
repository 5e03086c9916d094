package pinbench.run;

import pinbench.benchmarks.BenchDefaults;
import pinbench.run.cli.ParamCheck;

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
        org.openjdk.jmh.Main.main(withRequiredJvmArgs(args));
    }

    /**
     * JMH's {@code -jvmArgsAppend} replaces {@code @Fork(jvmArgsAppend)}, where the benchmarks carry
     * what every fork needs (Agrona's {@code --add-exports}: without it a mapped backend fails each
     * fork with an IllegalAccessError). So each {@code -jvmArgsAppend} value gets those in front of it,
     * where the user's own still come later and win.
     */
    static String[] withRequiredJvmArgs(final String[] args)
    {
        final String required = String.join(" ", BenchDefaults.REQUIRED_JVM_ARGS) + " ";
        final String option = "-jvmArgsAppend";
        final String[] out = args.clone();
        for (int i = 0; i < out.length; i++)
        {
            if (out[i].equals(option) && i + 1 < out.length)
            {
                out[i + 1] = required + out[i + 1];
                i++;
            }
            else if (out[i].startsWith(option + "="))
            {
                out[i] = option + "=" + required + out[i].substring(option.length() + 1);
            }
        }
        return out;
    }
}
