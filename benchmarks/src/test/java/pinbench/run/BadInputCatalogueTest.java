package pinbench.run;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue of wrong invocations of {@code scripts/bench}: each gets one clear message, exit
 * status 2, starts no benchmark, creates no bundle and leaves the earlier bundle as it was.
 * {@code OUT} and {@code FILE} in the table stand for a results directory and a plain file.
 */
class BadInputCatalogueTest
{
    @TempDir
    static Path home;
    private static Path out;
    private static Path earlier;
    private static Path file;

    @BeforeAll
    static void earlierBundle() throws IOException
    {
        out = Files.createDirectories(home.resolve("results"));
        earlier = Files.createDirectories(out.resolve("20260101T000000Z-host"));
        Files.writeString(earlier.resolve("summary.md"), "earlier");
        Files.writeString(earlier.resolve("jmh.json"), "[]");
        file = Files.writeString(home.resolve("file"), "x");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--family nope                                    | unknown family 'nope'; valid: ref, pin, idle",
        "--family ,                                       | --family ',': entry 1 of 2 is empty; give a comma-separated list",
        "--strategies nope                                | unknown strategy 'nope'",
        "--strategies Slots-Nope                          | unknown strategy 'Slots-Nope'",
        "--family ref --strategies PARK_SLOT              | unknown strategy 'PARK_SLOT' for family ref",
        "--threads 0                                      | 0 is out of range",
        "--threads 1,x                                    | 'x' is not a whole number",
        "--threads 1,,2                                   | --threads '1,,2': entry 2 of 3 is empty",
        "--threads 99999999999                            | --threads '99999999999': 99999999999 is out of range; each count must be between 1 and 1024",
        "--threads 99999                                  | 99999 is out of range",
        "--threads ''                                     | option --threads needs a value",
        "--profile nope                                   | unknown profile 'nope'",
        "--profile quick --profile full                   | --profile given twice (the second: 'full'); give each option once",
        "--threads 1 --threads=2                          | --threads given twice (the second: '2')",
        "--allow-failing --allow-failing                  | --allow-failing given twice; give each option once",
        "--backend nope                                   | unknown backend 'nope'",
        "--stride 3                                       | give a power of two from 8 to 4096",
        "--durability sometimes                           | unknown durability 'sometimes'",
        "--mem-node x                                     | --mem-node 'x': give one NUMA node number",
        "--mem-node 0 --backend heap                      | numactl --membind",
        "--mem-node 0 --backend tmpfs,fsdax              | backend FSDAX maps persistent memory",
        "--mem-node 4095                                  | --mem-node 4095: no such NUMA node; this machine has",
        "--affinity always                                | unknown affinity 'always'; valid: auto, on, off",
        "--path /no/such/dir                              | path /no/such/dir does not exist",
        "--path FILE                                      | is a file, not a directory",
        "--path /proc                                     | cannot create files in /proc: its filesystem does not let files be created",
        "--backend tmpfs --path /dev/vda                  | is a block device: pinbench never writes to one",
        "--backend fsdax --path /dev/vda                  | is a block device: pinbench never writes to one",
        "--backend devdax --path /dev/dax0.0              | pass --overwrite-device to confirm",
        "--backend devdax --path /dev/shm --overwrite-device | needs --path /dev/daxX.Y",
        "--backend fsdax-sync                             | with MAP_SYNC",
        "--backend fsdax                                  | mounted without dax",
        "--backend heap --durability flush                | has nothing to flush",
        "--out FILE                                       | is a file, not a directory",
        "--out /proc/nope                                 | cannot write results in /proc/nope",
        "-- -t 4                                          | conflicts with --threads",
        "-- -rf csv                                       | conflict with the results bundle",
        "-- -f                                            | JMH options after --",
        "-- RefGetPutBench                                | choose them with --family and --strategies",
        "-- -p backend=HEAP                               | conflicts with the runner's own selection",
        "-- -p range=NOPE                                 | 'NOPE' is not a value of range in",
        "-- -p pinnners=1                                 | no selected benchmark has a parameter 'pinnners'",
        "--profile gc -- -prof stack                      | not both",
        "compare OUT/20260101T000000Z-host                | compare needs two bundles",
        "compare OUT/20260101T000000Z-host OUT/nope       | is not a results bundle",
        "compare OUT/20260101T000000Z-host FILE           | cannot read JMH results",
        "compare OUT/20260101T000000Z-host FILE --fail-on-regression x | give a percentage",
        "compare OUT/20260101T000000Z-host FILE --fail-on-regression 5 --fail-on-regression=10 | --fail-on-regression given twice",
        "--bogus                                          | unknown option --bogus",
    })
    void refusedBeforeAnythingRuns(final String invocation, final String expected) throws IOException
    {
        final List<String> args = new ArrayList<>();
        for (final String word : invocation.trim().split(" +"))
        {
            args.add(word.equals("''") ? "" : word.replace("OUT", out.toString()).replace("FILE", file.toString()));
        }
        if (args.get(0).equals("--threads") && args.get(1).isEmpty())
        {
            args.remove(1);
        }
        if (!args.contains("--out") && !args.get(0).equals("compare"))
        {
            args.addAll(0, List.of("--out", out.toString()));
        }
        final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        final int status = new Bench(new PrintStream(stdout, true, StandardCharsets.UTF_8),
            new PrintStream(stderr, true, StandardCharsets.UTF_8), home).run(args);
        assertEquals(Bench.EXIT_USAGE, status, () -> "stdout: " + stdout + "\nstderr: " + stderr);
        final String message = stderr.toString();
        assertTrue(message.startsWith("bench: ") && message.contains(expected.trim()), message);
        assertEquals(1, message.lines().count(), "one message: " + message);
        assertEquals("", stdout.toString(), "nothing started");
        try (Stream<Path> entries = Files.list(out))
        {
            assertEquals(List.of(earlier), entries.toList(), "no bundle, no partial directory, no index");
        }
        assertEquals("earlier", Files.readString(earlier.resolve("summary.md")));
        assertTrue(Arrays.stream(Path.of("/dev/shm").toFile().list())
            .noneMatch(n -> n.startsWith("pinbench-" + ProcessHandle.current().pid() + "-")
                || n.startsWith("pinbench-probe-")), "no counter file of this process, no probe file left in /dev/shm");
    }
}
