package pinbench.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The kernel's list format for CPUs and NUMA nodes ({@code 0-3,8,10-11}), as sysfs files such as
 * {@code cpu/online}, {@code node/has_memory} and {@code cache/indexN/shared_cpu_list} write it.
 */
public final class IdList
{
    private IdList()
    {
    }

    /** The ids in a sysfs list file; empty when the file is missing, empty or not a list. */
    public static List<Integer> read(final Path file)
    {
        try
        {
            return parse(Files.readString(file).trim());
        }
        catch (final IOException | IllegalArgumentException ex)
        {
            return List.of();
        }
    }

    /**
     * {@code 0-3,8,10-11} as {@code [0, 1, 2, 3, 8, 10, 11]}, sorted, without repeats.
     *
     * @throws IllegalArgumentException when it is not such a list.
     */
    public static List<Integer> parse(final String list)
    {
        final Set<Integer> ids = new TreeSet<>();
        if (list.isEmpty())
        {
            return List.of();
        }
        for (final String part : list.split(","))
        {
            final int dash = part.indexOf('-');
            try
            {
                final int from = Integer.parseInt(part.substring(0, dash < 0 ? part.length() : dash).trim());
                final int to = dash < 0 ? from : Integer.parseInt(part.substring(dash + 1).trim());
                if (from < 0 || to < from)
                {
                    throw new IllegalArgumentException("not a CPU or node list: " + list);
                }
                for (int i = from; i <= to; i++)
                {
                    ids.add(i);
                }
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not a CPU or node list: " + list, ex);
            }
        }
        return List.copyOf(ids);
    }

    /** Ids in that format, runs folded: {@code [0, 1, 2, 3, 8]} as {@code 0-3,8}. */
    public static String format(final Collection<Integer> ids)
    {
        final List<Integer> sorted = new TreeSet<>(ids).stream().toList();
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < sorted.size(); i++)
        {
            int j = i;
            while (j + 1 < sorted.size() && sorted.get(j + 1) == sorted.get(j) + 1)
            {
                j++;
            }
            b.append(b.length() == 0 ? "" : ",").append(sorted.get(i));
            if (j > i)
            {
                b.append('-').append(sorted.get(j));
            }
            i = j;
        }
        return b.toString();
    }
}
