package pinbench.memory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The mount a path lives on, read from {@code /proc/self/mountinfo} (the longest mount point that
 * is a prefix of the path). The proc root is a parameter so tests can use a fake tree.
 *
 * @param mountPoint where the filesystem is mounted.
 * @param fsType     filesystem type ({@code tmpfs}, {@code ext4}, {@code xfs}, ...).
 * @param source     device or pseudo-source.
 * @param options    per-mount and superblock options, comma-separated ({@code dax} shows here).
 */
public record MountInfo(String mountPoint, String fsType, String source, String options)
{
    /** The mount holding {@code path}, or {@code null} when mountinfo is unreadable. */
    public static MountInfo of(final Path procRoot, final Path path)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(procRoot.resolve("self/mountinfo"));
        }
        catch (final IOException ex)
        {
            return null;
        }
        Path target;
        try
        {
            target = path.toRealPath();
        }
        catch (final IOException ex)
        {
            target = path.toAbsolutePath().normalize();
        }
        MountInfo best = null;
        for (final String line : lines)
        {
            final MountInfo mount = parse(line);
            if (mount != null && target.startsWith(mount.mountPoint)
                && (best == null || mount.mountPoint.length() >= best.mountPoint.length()))
            {
                best = mount;
            }
        }
        return best;
    }

    /** One line: {@code id parent major:minor root mountpoint options [optional...] - fstype source superoptions}. */
    public static MountInfo parse(final String line)
    {
        final String[] f = line.split(" ");
        int dash = -1;
        for (int i = 6; i < f.length; i++)
        {
            if (f[i].equals("-"))
            {
                dash = i;
                break;
            }
        }
        if (f.length < 7 || dash < 0 || dash + 3 > f.length)
        {
            return null;
        }
        final String superOptions = dash + 3 < f.length ? f[dash + 3] : "";
        return new MountInfo(unescape(f[4]), f[dash + 1], unescape(f[dash + 2]), f[5] + "," + superOptions);
    }

    /** mountinfo escapes space, tab, newline and backslash as octal {@code \NNN}. */
    private static String unescape(final String s)
    {
        final StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            if (c == '\\' && isOctal(s, i + 1))
            {
                b.append((char)Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            }
            else
            {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static boolean isOctal(final String s, final int from)
    {
        if (from + 3 > s.length())
        {
            return false;
        }
        for (int i = from; i < from + 3; i++)
        {
            if (s.charAt(i) < '0' || s.charAt(i) > '7')
            {
                return false;
            }
        }
        return true;
    }
}
