package pinbench.run.check;

import java.util.List;

/**
 * The result of one check of a bundle.
 *
 * @param check  what was checked, one line.
 * @param level  ok, warning or failure.
 * @param detail why it is not ok, or {@code null}.
 * @param rows   the table rows it concerns ({@code table: implementation memory, params}).
 */
public record Finding(String check, Level level, String detail, List<String> rows)
{
    /** How bad a finding is. */
    public enum Level
    {
        /** Nothing wrong. */
        OK,
        /** The numbers may mislead: read them knowing this. */
        WARNING,
        /** The numbers are not what they claim to be. */
        FAILURE
    }

    static Finding ok(final String check)
    {
        return new Finding(check, Level.OK, null, List.of());
    }

    /** One line per finding, then one per row it concerns (at most {@code maxRows}). */
    public String render(final int maxRows)
    {
        final StringBuilder b = new StringBuilder(String.format("%-8s %s", level.name().toLowerCase(), check));
        if (detail != null)
        {
            b.append(": ").append(detail);
        }
        b.append('\n');
        rows.stream().limit(maxRows).forEach(r -> b.append("           ").append(r).append('\n'));
        if (rows.size() > maxRows)
        {
            b.append("           ... and ").append(rows.size() - maxRows).append(" more\n");
        }
        return b.toString();
    }
}
