package pinbench.stress;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code scripts/bench} and {@code scripts/stress} when the jar must be built and the build fails:
 * exit 3 with one line saying so, not 2 (bad input), and nothing run. Each script runs in a copy of
 * the project that has no jar and a {@code mvnw} that fails.
 */
class ScriptBuildFailureTest
{
    @ParameterizedTest
    @ValueSource(strings = {"bench", "stress"})
    void aFailedBuildExitsThreeNotTwo(final String script, @TempDir final Path home) throws Exception
    {
        final Path scripts = Files.createDirectories(home.resolve("scripts"));
        final Path copy = scripts.resolve(script);
        Files.copy(projectRoot().resolve("scripts").resolve(script), copy, StandardCopyOption.COPY_ATTRIBUTES);
        final Path mvnw = home.resolve("mvnw");
        Files.writeString(mvnw, "#!/bin/sh\necho '[ERROR] COMPILATION ERROR (a fake build)' >&2\nexit 1\n");
        assertTrue(mvnw.toFile().setExecutable(true));
        final ProcessBuilder builder = new ProcessBuilder("bash", copy.toString(), "--help").directory(home.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        final Process p = builder.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(3, p.exitValue(), err);
        assertTrue(err.contains(script + ": the build failed, nothing was run"), err);
        assertEquals("", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertFalse(Files.exists(home.resolve("results")) || Files.exists(home.resolve("stress-results")), "nothing run");
    }

    private static Path projectRoot() throws IOException
    {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            if (Files.isDirectory(dir.resolve("scripts")) && Files.exists(dir.resolve("mvnw")))
            {
                return dir;
            }
        }
        throw new IOException("no project root above " + Path.of("").toAbsolutePath());
    }
}
