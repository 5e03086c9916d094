package pinbench.run.exec;

import pinbench.run.cli.UsageException;
import pinbench.sys.LibC;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A results bundle being written. Everything goes into a hidden {@code .partial-NAME-PID} directory
 * next to where the bundle will be; {@link #publish()} renames it into place in one step, so a
 * bundle is either complete or absent, and never replaces an earlier one. {@link #close()} removes
 * an unpublished directory; one left by a killed run is removed by the next run.
 */
public final class Bundle implements AutoCloseable
{
    private static final String PARTIAL = ".partial-";

    private final Path outDir;
    private final String name;
    private final Path work;
    private final List<String> cleaned;
    private volatile boolean published;

    private Bundle(final Path outDir, final String name, final Path work, final List<String> cleaned)
    {
        this.outDir = outDir;
        this.name = name;
        this.work = work;
        this.cleaned = cleaned;
    }

    /**
     * Creates the working directory inside {@code outDir} (made if missing).
     *
     * @throws UsageException when the directory cannot be created or written, before anything runs.
     */
    public static Bundle create(final Path outDir, final String name) throws UsageException
    {
        if (Files.exists(outDir) && !Files.isDirectory(outDir))
        {
            throw new UsageException("--out " + outDir + " is a file, not a directory");
        }
        try
        {
            Files.createDirectories(outDir);
            final List<String> cleaned = removeStalePartials(outDir);
            final Path work = Files.createDirectory(outDir.resolve(PARTIAL + name + "-" + ProcessHandle.current().pid()));
            return new Bundle(outDir, name, work, cleaned);
        }
        catch (final IOException | SecurityException ex)
        {
            throw new UsageException("cannot write results in " + outDir + ": " + describe(ex)
                + "; choose a writable directory with --out DIR");
        }
    }

    private static String describe(final Exception ex)
    {
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied";
        }
        if (ex instanceof NoSuchFileException || ex instanceof FileSystemException fs
            && fs.getReason() != null && fs.getReason().contains("No such file"))
        {
            return "it cannot be created (" + ex.getMessage() + ")";
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            return ex.getMessage() + " exists and is not a directory";
        }
        return ex.toString();
    }

    /**
     * Deletes working directories of runs whose process is gone (killed, or the machine rebooted).
     *
     * @return a line per directory removed, for the user.
     */
    private static List<String> removeStalePartials(final Path outDir) throws IOException
    {
        final List<String> cleaned = new ArrayList<>();
        try (Stream<Path> entries = Files.list(outDir))
        {
            for (final Path dir : entries.filter(p -> p.getFileName().toString().startsWith(PARTIAL)).toList())
            {
                final String n = dir.getFileName().toString();
                final long pid;
                try
                {
                    pid = Long.parseLong(n.substring(n.lastIndexOf('-') + 1));
                }
                catch (final NumberFormatException ex)
                {
                    continue;
                }
                if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                {
                    continue;
                }
                deleteTree(dir);
                cleaned.add("removed " + dir + ", the unfinished bundle of a run (pid " + pid
                    + ") that ended without finishing (killed?)");
            }
        }
        return cleaned;
    }

    /** What {@link #create} cleaned up before this run: a line per directory a dead run left. */
    public List<String> cleaned()
    {
        return cleaned;
    }

    /** Where files are written until {@link #publish()}. */
    public Path dir()
    {
        return work;
    }

    /**
     * Moves the finished bundle to {@code outDir/NAME} (or {@code NAME-2}, ... if that exists).
     *
     * @return the published directory.
     */
    public Path publish() throws IOException
    {
        for (int attempt = 1; ; attempt++)
        {
            final Path target = outDir.resolve(attempt == 1 ? name : name + "-" + attempt);
            if (Files.exists(target))
            {
                continue;
            }
            try
            {
                moveNoReplace(work, target);
                published = true;
                return target;
            }
            catch (final FileAlreadyExistsException | DirectoryNotEmptyException ex)
            {
                // another run took the name between the check and the move (rename(2) says ENOTEMPTY): try the next one
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                throw new IOException("cannot rename " + work + " into place atomically", ex);
            }
        }
    }

    /**
     * Renames {@code from} to {@code to}, atomically, and never over anything: rename(2) alone would
     * replace an empty directory that appeared at {@code to} since {@link #publish} looked.
     */
    public static void moveNoReplace(final Path from, final Path to) throws IOException
    {
        if (!LibC.renameNoReplace(from, to))
        {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE); // no RENAME_NOREPLACE here: the check before it
        }
    }

    @Override
    public void close()
    {
        if (!published)
        {
            try
            {
                deleteTree(work);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException("cannot remove the unfinished bundle " + work, ex);
            }
        }
    }

    /** Deletes a directory tree, if it exists. */
    public static void deleteTree(final Path dir) throws IOException
    {
        if (!Files.exists(dir))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir))
        {
            for (final Path p : walk.sorted(Comparator.reverseOrder()).toList())
            {
                Files.deleteIfExists(p);
            }
        }
    }
}
