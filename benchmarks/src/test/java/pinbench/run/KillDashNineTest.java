package pinbench.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import pinbench.memory.Agrona;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kill -9} in the middle of a run, for real: the runner is a separate JVM, killed while it
 * writes its bundle. No half-written bundle is ever visible, the earlier bundle is untouched, and
 * the next run removes the dead run's working directory.
 */
@Timeout(180)
class KillDashNineTest
{
    private static Process start(final Path out, final String iterations) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), Agrona.ADD_EXPORTS, "-cp",
            System.getProperty("java.class.path"), "pinbench.run.Bench", "--family", "ref", "--strategies", "rcuref",
            "--threads", "1", "--backend", "heap", "--out", out.toString(), "--", "-f", "0", "-wi", "0", "-i",
            iterations, "-r", "100ms"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    }

    private static List<String> names(final Path dir) throws IOException
    {
        try (Stream<Path> entries = Files.list(dir))
        {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aKilledRunLeavesNoBundleAndTheNextRunCleansUp(@TempDir final Path home) throws Exception
    {
        final Path out = Files.createDirectories(home.resolve("results"));
        final Path earlier = Files.createDirectories(out.resolve("20260101T000000Z-host"));
        Files.writeString(earlier.resolve("summary.md"), "earlier");

        final Process victim = start(out, "1000");
        Path partial = null;
        for (int i = 0; i < 600 && partial == null; i++)
        {
            Thread.sleep(100);
            partial = names(out).stream().filter(n -> n.startsWith(".partial-")).map(out::resolve)
                .filter(p -> Files.exists(p.resolve("jmh-log.txt"))).findFirst().orElse(null);
        }
        assertTrue(partial != null, "the run never started writing");
        Thread.sleep(1500); // into the benchmarks
        victim.destroyForcibly(); // SIGKILL: no shutdown hook runs
        assertTrue(victim.waitFor(30, TimeUnit.SECONDS));

        final List<String> afterKill = names(out);
        assertEquals(2, afterKill.size(), afterKill::toString);
        assertTrue(afterKill.contains(earlier.getFileName().toString()));
        assertTrue(afterKill.stream().anyMatch(n -> n.startsWith(".partial-")), "only a hidden working directory");
        assertEquals("earlier", Files.readString(earlier.resolve("summary.md")));

        final Process next = start(out, "1");
        assertTrue(next.waitFor(120, TimeUnit.SECONDS));
        assertEquals(Bench.EXIT_OK, next.exitValue());
        final List<String> afterNext = names(out);
        assertFalse(Files.exists(partial), "the dead run's working directory is removed");
        assertTrue(afterNext.stream().noneMatch(n -> n.startsWith(".partial-")), afterNext::toString);
        assertEquals(3, afterNext.size(), "earlier bundle, new bundle, index: " + afterNext);
        assertEquals("earlier", Files.readString(earlier.resolve("summary.md")));
    }
}
