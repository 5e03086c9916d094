package pinbench.run;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code scripts/setup-pmem}: a dry run by default; applying needs a named namespace. */
class SetupPmemScriptTest
{
    private static final Path SCRIPT = Path.of("..", "scripts", "setup-pmem").toAbsolutePath().normalize();

    private record Run(int status, String out, String err)
    {
    }

    private static Run run(final String... args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        final Process p = new ProcessBuilder(command).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out, err);
    }

    @Test
    void theDefaultIsADryRunThatPrintsEveryStep() throws Exception
    {
        final Run r = run();
        assertEquals(0, r.status(), r.err());
        for (final String step : List.of("== What this machine has", "memmap=4G!12G", "--mode=fsdax", "mount -o dax",
            "--mode=devdax", "--overwrite-device", "nothing was changed"))
        {
            assertTrue(r.out().contains(step), () -> step + " missing from\n" + r.out());
        }
    }

    @Test
    void applyingNeedsAModeAndANamedNamespaceBeforeAnythingElse() throws Exception
    {
        final Run noNamespace = run("--apply", "--mode", "fsdax");
        assertEquals(2, noNamespace.status());
        assertTrue(noNamespace.err().contains("--apply needs --namespace NAME"), noNamespace.err());
        assertEquals("", noNamespace.out(), "refused before checking or printing anything");
        final Run noMode = run("--apply", "--namespace", "namespace0.0");
        assertTrue(noMode.err().contains("--apply needs --mode"), noMode.err());
        final Run badName = run("--namespace", "/dev/pmem0");
        assertEquals(2, badName.status());
        assertTrue(badName.err().contains("give a libnvdimm namespace name"), badName.err());
        final Run unknown = run("--bogus");
        assertEquals(2, unknown.status());
        assertTrue(unknown.err().contains("unknown option '--bogus'"), unknown.err());
    }
}
