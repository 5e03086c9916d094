package pinbench.memory;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names of counter files, and the removal of those killed runs left behind. A counter file is
 * unlinked as soon as it is mapped, so one survives only if its process died in between; its name
 * carries the pid and its header (when written) the process start, which tell a leftover from the
 * file of a run in progress.
 */
final class CounterFiles
{
    static final String SUFFIX = ".cells";
    private static final Pattern NAME = Pattern.compile("pinbench-(\\d+)-\\d+\\" + SUFFIX);
    /** A live process creates, maps and unlinks its file within microseconds; older ones are left over. */
    private static final Duration MIN_AGE = Duration.ofSeconds(10);

    private CounterFiles()
    {
    }

    /** File name prefix for this process: {@code pinbench-PID-}. */
    static String prefix()
    {
        return "pinbench-" + ProcessHandle.current().pid() + "-";
    }

    /**
     * Removes the counter files in {@code dir} whose process is gone.
     *
     * @return one line per file removed, naming it and the run that left it.
     */
    static List<String> removeLeftovers(final Path dir)
    {
        final List<String> removed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "pinbench-*" + SUFFIX))
        {
            for (final Path file : files)
            {
                final Matcher m = NAME.matcher(file.getFileName().toString());
                final String left = m.matches() ? leftBy(file, Long.parseLong(m.group(1))) : null;
                if (left != null && Files.deleteIfExists(file))
                {
                    removed.add("removed " + file + ", a counter file left by " + left);
                }
            }
        }
        catch (final IOException ex)
        {
            // a directory that cannot be listed fails the mapping that follows, with the reason
        }
        return removed;
    }

    /** Who left {@code file} if it is a leftover, else {@code null}. */
    private static String leftBy(final Path file, final long pid) throws IOException
    {
        if (Files.getLastModifiedTime(file).toInstant().isAfter(Instant.now().minus(MIN_AGE)))
        {
            return null;
        }
        final ByteBuffer bytes = ByteBuffer.allocate(MappedHeader.LENGTH);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            channel.read(bytes, 0);
        }
        final MappedHeader.Read header = MappedHeader.read(new UnsafeBuffer(bytes));
        return switch (header.found())
        {
            case NONE -> ProcessHandle.of(pid).isPresent() ? null : "pid " + pid + ", killed before its header"
                + " was written";
            case IN_USE -> null;
            case STALE, CLOSED -> header.owner() + ", which no longer runs";
        };
    }
}
