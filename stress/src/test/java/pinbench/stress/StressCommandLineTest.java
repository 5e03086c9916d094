package pinbench.stress;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinbench.Family;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong invocations of {@code scripts/stress}: one message naming the valid choices, exit 2, nothing run or written. */
class StressCommandLineTest
{
    @Test
    void familiesAndStrategiesSelectCasesInTheFamilyOrderGiven()
    {
        assertEquals(List.of("idle SPIN", "ref RCUREF on HEAP", "ref RCUREF on TMPFS"), Stress.select(List.of(
            Family.IDLE, Family.REF), List.of("rcuref", "SPIN")).stream().map(Stress.Case::label).toList());
        assertEquals(Stress.cases(), Stress.select(List.of(), List.of()), "no selection: every case");
        assertEquals(List.of("pin CAS_BATCH"), Stress.select(List.of(), List.of("cas_batch")).stream()
            .map(Stress.Case::label).toList());
        assertEquals(List.of("pin CAS_BATCH", "idle PARK_SLOT"), Stress.select(List.of(Family.PIN, Family.IDLE),
            List.of(" cas-batch", "park_slot ")).stream().map(Stress.Case::label).toList(),
            "spelt as scripts/bench takes them: blanks around a name, '-' for '_'");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--soak abc       | --soak needs a number of minutes above 0",
        "--soak 0         | --soak needs a number of minutes above 0",
        "--soak -1        | got '-1'",
        "--soak 99999     | at most a week",
        "--soak           | --soak needs a value",
        "--mode fast      | unknown mode 'fast'; valid: short, quick, default, tough",
        "--mode quick --soak 1 | --mode and --soak are separate runs",
        "--frobnicate     | unknown argument '--frobnicate'",
        "--family nope    | unknown family 'nope'; valid: ref, pin, idle",
        "--family ref,    | --family 'ref,': entry 2 of 2 is empty",
        "--strategies spin,,monitor | --strategies 'spin,,monitor': entry 2 of 3 is empty",
        "--strategies nope | unknown strategy 'nope'; valid: CAS_LOOP, RCUREF, STRIPED, SLOTS_FENCED",
        "--family ref --strategies park_slot | unknown strategy 'park_slot' for family ref; valid: CAS_LOOP,",
        "--soak 1 --strategies | --strategies needs a value",
        "--family ref --family pin | --family given twice"})
    void isRefusedBeforeAnythingRuns(final String args, final String expected, @TempDir final Path cwd)
        throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", System.getProperty("java.class.path"), Stress.class.getName()));
        command.addAll(List.of(args.trim().split("\\s+")));
        final Process p = new ProcessBuilder(command).directory(cwd.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertTrue(err.startsWith("stress: ") && err.contains(expected) && err.lines().count() == 1, err);
        assertTrue(err.contains("usage: scripts/stress"), err);
        assertEquals("", out, "nothing started");
        try (Stream<Path> files = Files.list(cwd))
        {
            assertEquals(0, files.count(), "nothing written");
        }
    }
}
