package pinbench.run.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pinbench.Family;
import pinbench.memory.Backend;
import pinbench.ref.RefStrategy;
import pinbench.run.catalog.Profile;
import pinbench.topology.PlacementPolicy;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CommandLineTest
{
    private static final Path OUT = Path.of("results");

    /** As on this VM: two CPUs. */
    private static RunCommand parse(final String... args) throws UsageException
    {
        return (RunCommand)CommandLine.parse(List.of(args), OUT, 2);
    }

    @Test
    void threadsDefaultToASweepThatFitsTheMachinePlusOneOversubscribedPoint() throws UsageException
    {
        assertEquals(List.of(1, 2), CommandLine.sweep(1));
        assertEquals(List.of(1, 2, 4), CommandLine.sweep(2));
        assertEquals(List.of(1, 2, 4, 8, 16, 32), CommandLine.sweep(16));
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 96, 192), CommandLine.sweep(96));
        assertEquals(List.of(1, 2, 4, 8, 16, 32, 64, 96, 192),
            ((RunCommand)CommandLine.parse(List.of(), OUT, 96)).threads());
        assertEquals(96, ((RunCommand)CommandLine.parse(List.of(), OUT, 96)).cpus());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), ((RunCommand)CommandLine.parse(List.of("--threads", "all"), OUT, 6))
            .threads());
        assertEquals(List.of(1, 6, 12), ((RunCommand)CommandLine.parse(List.of("--threads", "1,MAX,12"), OUT, 6))
            .threads());
        final UsageException twice = assertThrows(UsageException.class,
            () -> CommandLine.parse(List.of("--threads", "all,2"), OUT, 6));
        assertEquals("--threads 'all,2' lists 2 twice", twice.getMessage());
    }

    @Test
    void defaultsRunEveryFamilyQuickOnTmpfs() throws UsageException
    {
        final RunCommand o = parse();
        assertEquals(List.of(Family.values()), o.families());
        assertEquals(Set.of(), o.strategies());
        assertEquals(List.of(1, 2, 4), o.threads());
        assertEquals(List.of(Backend.TMPFS), o.backends());
        assertEquals(Profile.QUICK, o.profile());
        assertEquals(List.of(PlacementPolicy.SPREAD), o.placements());
        assertEquals(OUT, o.out());
    }

    @Test
    void namesAreCaseInsensitiveAndTakeDashesOrEquals() throws UsageException
    {
        final RunCommand o = parse("--family=REF", "--strategies", "slots-membarrier,Rcuref", "--backend", "HEAP,tmpfs",
            "--threads=2,1", "--profile", "Full", "--path", "/tmp", "--out", "/tmp/x", "--", "-prof", "gc");
        assertEquals(List.of(Family.REF), o.families());
        assertEquals(Set.of("SLOTS_MEMBARRIER", "RCUREF"), o.strategies());
        assertEquals(List.of(Backend.HEAP, Backend.TMPFS), o.backends());
        assertEquals(List.of(2, 1), o.threads());
        assertEquals(Profile.FULL, o.profile());
        assertEquals(Path.of("/tmp"), o.path());
        assertEquals(Path.of("/tmp/x"), o.out());
        assertEquals(List.of("-prof", "gc"), o.jmhArgs());
        assertEquals(List.of(PlacementPolicy.CROSS_SOCKET, PlacementPolicy.SMT),
            parse("--placement", "Cross-Socket,smt,cross_socket").placements());
        final RunCommand memory = parse("--backend", "FSDAX_SYNC,devdax", "--stride", "256", "--durability", "none,flush",
            "--overwrite-device");
        assertEquals(List.of(Backend.FSDAX_SYNC, Backend.DEVDAX), memory.backends());
        assertEquals(256, memory.stride());
        final RunCommand profiled = parse("--profile", "full,gc,async", "--label", "a label");
        assertEquals(Profile.FULL, profiled.profile());
        assertEquals(Set.of("gc", "async"), profiled.profilers());
        assertEquals(Profile.QUICK, parse("--profile", "gc").profile());
        assertTrue(memory.overwriteDevice());
        assertEquals(1, o.jmh().getProfilers().size());
    }

    @Test
    void listAndHelpAreCommands() throws UsageException
    {
        assertTrue(CommandLine.parse(List.of("list"), OUT) instanceof Command.ListCatalog);
        assertTrue(CommandLine.parse(List.of("--help"), OUT) instanceof Command.Help);
        assertEquals(List.of(1), parse("run", "--threads", "1").threads());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--family foo                 | unknown family 'foo'; valid: ref",
        "--family ref,,ref            | --family 'ref,,ref': entry 2 of 3 is empty",
        "--strategies bogus           | unknown strategy 'bogus' for family ref,pin,idle; valid: CAS_LOOP, RCUREF",
        "--backend nvme               | unknown backend 'nvme'; valid: HEAP, DIRECT, TMPFS, FSDAX, FSDAX_SYNC, DEVDAX",
        "--stride 100                 | --stride '100': give a power of two from 8 to 4096",
        "--stride 4                   | --stride '4': give a power of two from 8 to 4096",
        "--durability always          | unknown durability 'always'; valid: NONE, FLUSH",
        "--placement numa             | unknown placement 'numa'; valid: spread, compact, smt, cross-socket",
        "--profile slow               | unknown profile 'slow'; valid: quick, full, device, gc, async",
        "--profile quick,full         | --profile takes one of quick, full",
        "--profile gc -- -prof stack  | either with --profile gc/async or as JMH -prof",
        "--threads 0                  | 0 is out of range",
        "--threads -1                 | -1 is out of range",
        "--threads two                | 'two' is not a whole number; give thread counts like 1,2,4, or all (1 to 2), or max (2)",
        "--threads 1,1                | lists 1 twice",
        "--threads 1,                 | --threads '1,': entry 2 of 2 is empty",
        "--threads                    | option --threads needs a value",
        "--path=                      | --path needs a directory",
        "--bogus 1                    | unknown option --bogus; valid: --family",
        "stray                        | unexpected argument 'stray'",
        "-- -t 4                      | conflicts with --threads",
        "-- -rf csv                   | conflict with the results bundle",
        "-- -rff x.json               | conflict with the results bundle",
        "-- RefGetPutBench            | choose them with --family and --strategies",
        "-- -f x                      | JMH options after --:",
        "-- -lp                       | do not run anything",
    })
    void wrongInvocationsNameTheProblemAndTheChoices(final String args, final String expected)
    {
        final UsageException ex = assertThrows(UsageException.class,
            () -> CommandLine.parse(List.of(args.trim().split(" +")), OUT, 2));
        assertTrue(ex.getMessage().contains(expected.trim()), () -> "message was: " + ex.getMessage());
    }

    @Test
    void everyCatalogStrategyIsAcceptedAndListed()
    {
        final String list = Usage.list();
        for (final RefStrategy strategy : RefStrategy.values())
        {
            assertTrue(list.contains(strategy.name()), strategy.name());
            assertTrue(list.contains(strategy.description()), strategy.description());
        }
        Arrays.stream(Backend.values()).forEach(b -> assertTrue(list.contains(b.description())));
        Arrays.stream(Profile.values()).forEach(p -> assertTrue(list.contains(p.label())));
    }
}
