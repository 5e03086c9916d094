package pinbench.run.cli;

import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.VerboseMode;
import pinbench.idle.IdleStrategy;
import pinbench.pin.UnpinHook;
import pinbench.run.catalog.Benchmark;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The check JMH leaves to each fork: that a {@code -p name=values} names a parameter of the selected
 * benchmarks and values its type accepts (a catalog constant, a whole number). Without it a typo
 * fails every run of every selected benchmark with "No enum constant".
 */
public final class ParamCheck
{
    private ParamCheck()
    {
    }

    /** What is wrong with the {@code -p} options of a JMH command line, or {@code null} (JMH reports its own errors). */
    public static String problem(final String[] args)
    {
        final CommandLineOptions options;
        try
        {
            options = new CommandLineOptions(args);
        }
        catch (final CommandLineOptionException ex)
        {
            return null;
        }
        final Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i++)
        {
            final int eq = args[i + 1].indexOf('=');
            if (args[i].equals("-p") && eq > 0)
            {
                given.put(args[i + 1].substring(0, eq), args[i + 1].substring(eq + 1));
            }
        }
        if (given.isEmpty())
        {
            return null;
        }
        final List<String> includes = options.getIncludes().isEmpty() ? List.of(".*") : options.getIncludes();
        final Set<BenchmarkListEntry> selected = BenchmarkList.defaultList().find(
            OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
                VerboseMode.SILENT), includes, options.getExcludes());
        final Map<String, Map<String, Field>> fields = new LinkedHashMap<>();
        for (final BenchmarkListEntry e : selected)
        {
            fields.computeIfAbsent(e.getUserClassQName(), ParamCheck::paramFields);
        }
        for (final Map.Entry<String, String> p : given.entrySet())
        {
            final String problem = problem(p.getKey(), p.getValue(), fields);
            if (problem != null)
            {
                return problem;
            }
        }
        return fields.values().stream().map(f -> waiterProblem(f, given)).filter(Objects::nonNull).findFirst()
            .orElse(null);
    }

    /** A hook and a waiter of one benchmark that cannot work together, among the values it will run. */
    private static String waiterProblem(final Map<String, Field> fields, final Map<String, String> given)
    {
        final Field hook = fields.get("hook");
        final Field strategy = fields.get("strategy");
        if (hook == null || strategy == null || hook.getType() != UnpinHook.class
            || strategy.getType() != IdleStrategy.class)
        {
            return null;
        }
        for (final String h : values(hook, given))
        {
            for (final String s : values(strategy, given))
            {
                final String problem = IdleStrategy.valueOf(s).problemWith(UnpinHook.valueOf(h));
                if (problem != null)
                {
                    return "-p hook=" + h + " with strategy " + s + ": " + problem;
                }
            }
        }
        return null;
    }

    /** The values a parameter will run with: given by -p, else its {@code @Param} default, else every constant. */
    private static List<String> values(final Field field, final Map<String, String> given)
    {
        final String values = given.get(field.getName());
        if (values != null)
        {
            return Arrays.stream(values.split(",")).map(String::trim).toList();
        }
        final Param param = field.getAnnotation(Param.class);
        final String[] declared = param == null ? new String[0] : param.value();
        return declared.length > 0 && !declared[0].equals(Param.BLANK_ARGS) ? List.of(declared)
            : Arrays.stream(field.getType().getEnumConstants()).map(c -> ((Enum<?>)c).name()).toList();
    }

    private static Map<String, Field> paramFields(final String className)
    {
        try
        {
            return Benchmark.paramFields(Class.forName(className, false, ParamCheck.class.getClassLoader()));
        }
        catch (final ClassNotFoundException ex)
        {
            return Map.of();
        }
    }

    private static String problem(final String name, final String values, final Map<String, Map<String, Field>> fields)
    {
        final Set<String> known = new TreeSet<>();
        boolean declared = false;
        for (final Map.Entry<String, Map<String, Field>> benchmark : fields.entrySet())
        {
            known.addAll(benchmark.getValue().keySet());
            final Field field = benchmark.getValue().get(name);
            if (field == null)
            {
                continue;
            }
            declared = true;
            for (final String value : values.split(",", -1))
            {
                final String valid = validChoices(field.getType(), value.trim());
                if (valid != null)
                {
                    return "-p " + name + "=" + values + ": '" + value.trim() + "' is not a value of " + name + " in "
                        + simpleName(benchmark.getKey()) + " (" + field.getType().getSimpleName() + "); valid: " + valid
                        + (fields.size() > 1 ? "; choose the benchmarks with a pattern, e.g. "
                        + simpleName(benchmark.getKey()) : "");
                }
            }
        }
        return declared ? null : fields.isEmpty() ? null : "-p " + name + ": no selected benchmark has a parameter '"
            + name + "'; their parameters: " + String.join(", ", known);
    }

    /** {@code null} when {@code value} suits the type, else what would. */
    private static String validChoices(final Class<?> type, final String value)
    {
        if (type.isEnum())
        {
            final Object[] constants = type.getEnumConstants();
            return Arrays.stream(constants).anyMatch(c -> ((Enum<?>)c).name().equals(value)) ? null
                : String.join(", ", Arrays.stream(constants).map(c -> ((Enum<?>)c).name()).toList());
        }
        if (type == int.class || type == long.class)
        {
            try
            {
                Long.parseLong(value);
                return null;
            }
            catch (final NumberFormatException ex)
            {
                return "a whole number";
            }
        }
        return null;
    }

    private static String simpleName(final String className)
    {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
