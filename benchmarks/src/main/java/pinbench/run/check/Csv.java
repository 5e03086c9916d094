package pinbench.run.check;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads RFC 4180 text, as {@code tables.csv} is written: fields separated by commas, quoted with
 * {@code "} when they hold a comma, a quote or a line break. (Small enough not to add a library for.)
 */
public final class Csv
{
    private Csv()
    {
    }

    /** Each record after the header, as column name to field. */
    public static List<Map<String, String>> read(final String text)
    {
        final List<List<String>> records = records(text);
        final List<Map<String, String>> rows = new ArrayList<>();
        if (records.isEmpty())
        {
            return rows;
        }
        final List<String> header = records.get(0);
        for (final List<String> record : records.subList(1, records.size()))
        {
            final Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++)
            {
                row.put(header.get(i), i < record.size() ? record.get(i) : "");
            }
            rows.add(row);
        }
        return rows;
    }

    private static List<List<String>> records(final String text)
    {
        final List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        final StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            any = true;
            if (quoted)
            {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"')
                {
                    field.append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                record.add(field.toString());
                field.setLength(0);
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n')
                {
                    i++;
                }
                record.add(field.toString());
                field.setLength(0);
                records.add(record);
                record = new ArrayList<>();
                any = false;
            }
            else
            {
                field.append(c);
            }
        }
        if (any)
        {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
