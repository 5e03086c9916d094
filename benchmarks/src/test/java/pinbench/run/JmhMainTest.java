package pinbench.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pinbench.benchmarks.BenchDefaults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code benchmarks.jar}'s entry point with JMH's own options. */
class JmhMainTest
{
    private static final String REQUIRED = String.join(" ", BenchDefaults.REQUIRED_JVM_ARGS);

    @Test
    void eachJvmArgsAppendKeepsWhatEveryForkNeedsInFrontOfTheUsersOwn()
    {
        assertArrayEquals(new String[] {"RefGetPutBench", "-jvmArgsAppend", REQUIRED + " -Xmx1g -Dx=1", "-f", "1"},
            JmhMain.withRequiredJvmArgs(new String[] {"RefGetPutBench", "-jvmArgsAppend", "-Xmx1g -Dx=1", "-f", "1"}));
        assertArrayEquals(new String[] {"-jvmArgsAppend=" + REQUIRED + " -Dx=1"},
            JmhMain.withRequiredJvmArgs(new String[] {"-jvmArgsAppend=-Dx=1"}));
        final String[] without = {"RefGetPutBench", "-jvmArgsPrepend", "-Dx=1", "-p", "backend=TMPFS"};
        assertArrayEquals(without, JmhMain.withRequiredJvmArgs(without), "no -jvmArgsAppend: @Fork's list stands");
    }

    /** Once, a -jvmArgsAppend dropped Agrona's --add-exports and every fork on a mapped backend failed. */
    @Test
    void aMappedBackendRunsWithAJvmArgsAppend(@TempDir final Path cwd) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), JmhMain.class.getName(), "RefGetPutBench.getPut",
            "-p", "strategy=CAS_LOOP", "-p", "backend=TMPFS", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms",
            "-jvmArgsAppend", "-Xmx256m")).directory(cwd.toFile()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("<failure>") || out.contains("IllegalAccessError"), out);
        assertTrue(out.contains("RefGetPutBench.getPut") && out.contains("ns/op"), out);
    }
}
