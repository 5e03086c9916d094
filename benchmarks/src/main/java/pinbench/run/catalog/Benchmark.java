package pinbench.run.catalog;

import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One benchmark, named by its class and method as JMH names it.
 *
 * @param type   the benchmark class.
 * @param method the {@code @Benchmark} method, or the {@code @Group} of an asymmetric benchmark.
 */
public record Benchmark(Class<?> type, String method)
{
    public Benchmark
    {
        if (Arrays.stream(type.getMethods()).noneMatch(m -> m.isAnnotationPresent(
            org.openjdk.jmh.annotations.Benchmark.class) && (m.getName().equals(method)
            || m.isAnnotationPresent(Group.class) && m.getAnnotation(Group.class).value().equals(method))))
        {
            throw new IllegalArgumentException(type.getName() + " has no @Benchmark method " + method);
        }
    }

    /** {@code package.Class.method}, as JMH's {@code -include} and {@code jmh.json} name it. */
    public String name()
    {
        return type.getName() + "." + method;
    }

    /** {@code Class.method}. */
    public String shortName()
    {
        return shortName(name());
    }

    /** {@code Class.method} of a JMH benchmark name, without the package. */
    public static String shortName(final String jmhName)
    {
        final int method = jmhName.lastIndexOf('.');
        return jmhName.substring(jmhName.lastIndexOf('.', method - 1) + 1);
    }

    /**
     * The values a parameter sweeps by default: every constant of an enum parameter, otherwise the
     * values its {@code @Param} lists.
     */
    public List<String> paramValues(final String param)
    {
        final Field field = paramFields(type).get(param);
        if (field == null)
        {
            throw new IllegalArgumentException(name() + " has no parameter " + param);
        }
        if (field.getType().isEnum())
        {
            return Arrays.stream(field.getType().getEnumConstants()).map(c -> ((Enum<?>)c).name()).toList();
        }
        return List.of(field.getAnnotation(Param.class).value());
    }

    /**
     * The {@code @Param} fields a benchmark class can use: its own and its superclasses', and those
     * of every {@code @State} reached through its benchmark and {@code @Setup} methods' arguments.
     */
    public static Map<String, Field> paramFields(final Class<?> benchmarkClass)
    {
        final Map<String, Field> params = new LinkedHashMap<>();
        final Deque<Class<?>> todo = new ArrayDeque<>(List.of(benchmarkClass));
        final Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty())
        {
            final Class<?> type = todo.poll();
            if (type == null || type == Object.class || !seen.add(type))
            {
                continue;
            }
            todo.add(type.getSuperclass());
            for (final Field f : type.getDeclaredFields())
            {
                if (f.isAnnotationPresent(Param.class))
                {
                    params.putIfAbsent(f.getName(), f);
                }
            }
            for (final Method m : type.getDeclaredMethods())
            {
                if (m.isAnnotationPresent(org.openjdk.jmh.annotations.Benchmark.class)
                    || m.isAnnotationPresent(Setup.class))
                {
                    todo.addAll(Arrays.asList(m.getParameterTypes()));
                }
            }
        }
        return params;
    }
}
