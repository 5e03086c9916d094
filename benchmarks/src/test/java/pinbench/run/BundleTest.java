package pinbench.run;

import pinbench.run.cli.UsageException;
import pinbench.run.exec.Bundle;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BundleTest
{
    @Test
    void publishMovesTheWholeDirectoryIntoPlace(@TempDir final Path out) throws Exception
    {
        final Path published;
        try (Bundle bundle = Bundle.create(out, "b"))
        {
            assertTrue(bundle.dir().getFileName().toString().startsWith(".partial-b-"));
            Files.writeString(bundle.dir().resolve("summary.md"), "x");
            published = bundle.publish();
        }
        assertEquals(out.resolve("b"), published);
        assertEquals("x", Files.readString(published.resolve("summary.md")));
        try (var entries = Files.list(out))
        {
            assertEquals(1, entries.count(), "no working directory left behind");
        }
    }

    @Test
    void anEmptyDirectoryThatAppearsAtTheNameIsNotReplacedEither(@TempDir final Path out) throws Exception
    {
        final Path work = Files.createDirectories(out.resolve("work"));
        Files.writeString(work.resolve("summary.md"), "x");
        final Path empty = Files.createDirectories(out.resolve("b"));
        assertThrows(java.nio.file.FileAlreadyExistsException.class, () -> Bundle.moveNoReplace(work, empty),
            "rename(2) would have replaced it");
        assertTrue(Files.isDirectory(empty) && Files.exists(work.resolve("summary.md")));
        final Path free = out.resolve("c");
        Bundle.moveNoReplace(work, free);
        assertEquals("x", Files.readString(free.resolve("summary.md")));
    }

    @Test
    void anEarlierBundleWithTheSameNameIsNeverReplaced(@TempDir final Path out) throws Exception
    {
        Files.createDirectories(out.resolve("b"));
        Files.writeString(out.resolve("b/summary.md"), "earlier");
        try (Bundle bundle = Bundle.create(out, "b"))
        {
            Files.writeString(bundle.dir().resolve("summary.md"), "later");
            assertEquals(out.resolve("b-2"), bundle.publish());
        }
        assertEquals("earlier", Files.readString(out.resolve("b/summary.md")));
        assertEquals("later", Files.readString(out.resolve("b-2/summary.md")));
    }

    @Test
    void anUnpublishedBundleIsRemovedOnClose(@TempDir final Path out) throws Exception
    {
        final Path work;
        try (Bundle bundle = Bundle.create(out, "b"))
        {
            work = bundle.dir();
            Files.writeString(work.resolve("jmh.json"), "[]");
        }
        assertFalse(Files.exists(work));
        assertFalse(Files.exists(out.resolve("b")));
    }

    @Test
    void partialsOfDeadRunsAreCleanedAndLiveOnesKept(@TempDir final Path out) throws Exception
    {
        final long deadPid = deadPid();
        final Path dead = Files.createDirectories(out.resolve(".partial-old-" + deadPid));
        Files.writeString(dead.resolve("jmh.json"), "[");
        final Path live = Files.createDirectories(out.resolve(".partial-other-" + ProcessHandle.current().pid()));
        try (Bundle bundle = Bundle.create(out, "b"))
        {
            assertFalse(Files.exists(dead), "a killed run's partial bundle is removed");
            assertEquals(List.of("removed " + dead + ", the unfinished bundle of a run (pid " + deadPid
                + ") that ended without finishing (killed?)"), bundle.cleaned(), "and the user is told");
            assertTrue(Files.exists(live), "a running run's partial bundle is left alone");
        }
    }

    @Test
    void anUnwritableOrFileOutIsRefusedUpFront(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("file"), "");
        assertTrue(assertThrows(UsageException.class, () -> Bundle.create(file, "b")).getMessage()
            .contains("is a file, not a directory"));
        final Path below = file.resolve("sub");
        assertTrue(assertThrows(UsageException.class, () -> Bundle.create(below, "b")).getMessage()
            .contains("cannot write results in " + below));
    }

    private static long deadPid() throws Exception
    {
        final Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }
}
