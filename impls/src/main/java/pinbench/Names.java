package pinbench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** How the command lines ({@code scripts/bench}, {@code scripts/stress}) read a list of catalog names. */
public final class Names
{
    private Names()
    {
    }

    /** The catalog spelling of a name as typed: trimmed, upper case, '-' as '_'. */
    public static String canonical(final String name)
    {
        return name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * The entries of a comma-separated list, trimmed, as typed otherwise (messages echo them).
     *
     * @throws IllegalArgumentException naming the empty entry's position, for an empty or blank one.
     */
    public static List<String> list(final String option, final String value)
    {
        final List<String> names = new ArrayList<>();
        final String[] parts = value.split(",", -1);
        for (int k = 0; k < parts.length; k++)
        {
            if (parts[k].isBlank())
            {
                throw new IllegalArgumentException(option + " '" + value + "': entry " + (k + 1) + " of " + parts.length
                    + " is empty; give a comma-separated list without empty entries, e.g. a,b");
            }
            names.add(parts[k].trim());
        }
        return names;
    }
}
