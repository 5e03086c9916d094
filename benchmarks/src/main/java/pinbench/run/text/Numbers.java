package pinbench.run.text;

import java.util.Locale;

/** How the runner prints a measured number. */
public final class Numbers
{
    private Numbers()
    {
    }

    /** Three significant digits, no exponent; {@code n/a} for NaN. */
    public static String number(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        final double a = Math.abs(Double.parseDouble(String.format(Locale.ROOT, "%.3g", v))); // 99.96 prints as 100
        if (a >= 100)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1)
        {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
