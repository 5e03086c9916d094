package pinbench.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.runner.options.Options;
import pinbench.benchmarks.BenchDefaults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code benchmarks.jar}'s entry point with JMH's own options. */
class JmhMainTest
{
    private static List<String> appended(final String... args)
    {
        final Options o = JmhMain.withRequiredJvmArgs(args);
        return o == null ? null : List.copyOf(o.getJvmArgsAppend().get());
    }

    /** As JMH reads them: one value split at blanks (quotes kept together), several values one argument each. */
    @Test
    void everySpellingOfJvmArgsAppendKeepsWhatEveryForkNeedsInFrontOfTheUsersOwn()
    {
        final List<String> required = List.of(BenchDefaults.REQUIRED_JVM_ARGS);
        assertEquals(with(required, "-Xmx1g", "-Dx=1"), appended("RefGetPutBench", "-jvmArgsAppend", "-Xmx1g -Dx=1", "-f", "1"));
        assertEquals(with(required, "-Xmx1g", "-Dx=1"), appended("-jvmArgsAppend", "-Xmx1g", "-jvmArgsAppend", "-Dx=1"));
        assertEquals(with(required, "-Dx=1"), appended("--jvmArgsAppend=-Dx=1"));
        assertEquals(with(required, "-Dx=1"), appended("-jvmArgsApp", "-Dx=1"), "an abbreviation JMH takes");
        assertEquals(with(required, "-Dlabel=a b"), appended("-jvmArgsAppend", "\"-Dlabel=a b\""));
        assertNull(appended("RefGetPutBench", "-jvmArgsPrepend", "-Dx=1"), "no -jvmArgsAppend: @Fork's list stands");
        assertNull(appended("-l", "-jvmArgsAppend", "-Dx=1"), "runs nothing");
        assertNull(appended("-nosuch"), "JMH's own message");
        final Options o = JmhMain.withRequiredJvmArgs(new String[] {"RefGetPutBench", "-f", "1", "-jvmArgsAppend", "-Dx=1"});
        assertEquals(1, o.getForkCount().get(), "every other option as given");
        assertEquals(List.of("RefGetPutBench"), o.getIncludes());
    }

    private static List<String> with(final List<String> required, final String... user)
    {
        final List<String> all = new ArrayList<>(required);
        all.addAll(List.of(user));
        return all;
    }

    /** Once, a -jvmArgsAppend (here given twice) dropped Agrona's --add-exports and every fork on a mapped backend failed. */
    @Test
    void aMappedBackendRunsWithAJvmArgsAppend(@TempDir final Path cwd) throws IOException, InterruptedException
    {
        final Process p = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"), JmhMain.class.getName(), "RefGetPutBench.getPut",
            "-p", "strategy=CAS_LOOP", "-p", "backend=TMPFS", "-f", "1", "-wi", "0", "-i", "1", "-r", "100ms",
            "-jvmArgsAppend", "-Xmx256m", "-jvmArgsAppend", "-Dpinbench.test=1")).directory(cwd.toFile()).redirectErrorStream(true).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, p.exitValue(), out);
        assertFalse(out.contains("<failure>") || out.contains("IllegalAccessError"), out);
        assertTrue(out.contains("RefGetPutBench.getPut") && out.contains("ns/op"), out);
    }
}
