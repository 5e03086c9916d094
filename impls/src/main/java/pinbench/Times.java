package pinbench;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The two time formats the tools print: a UTC stamp for file names and a minutes:seconds clock. */
public final class Times
{
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
        .withZone(ZoneOffset.UTC);

    private Times()
    {
    }

    /** {@code 20261202T051500Z}: sorts as time does, and is a valid file name everywhere. */
    public static String stamp(final Instant instant)
    {
        return STAMP.format(instant);
    }

    /** {@code 12:05} for twelve minutes and five seconds; negative durations print as {@code 0:00}. */
    public static String clock(final Duration duration)
    {
        final long s = Math.max(0, duration.toSeconds());
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
