package pinbench.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code scripts/bench-device}, which is {@code scripts/bench --profile device}: a profile of its own is refused up front. */
class BenchDeviceScriptTest
{
    private static final Path SCRIPT = Path.of("..", "scripts", "bench-device").toAbsolutePath().normalize();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"--profile gc", "--threads 1 --profile=full"})
    void aProfileOfItsOwnIsRefusedWithTheWayToAddAProfiler(final String args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args.split(" ")));
        final Process p = new ProcessBuilder(command).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "refused at once, not building or running");
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, p.exitValue(), err);
        assertTrue(err.startsWith("bench-device: --profile") && err.contains("scripts/bench --profile device,gc")
            && err.lines().count() == 1, err);
        assertEquals("", out, "nothing started");
    }
}
