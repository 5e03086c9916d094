package pinbench.stress;

import pinbench.Described;
import pinbench.Family;
import pinbench.Names;
import pinbench.Times;
import pinbench.memory.Agrona;
import pinbench.memory.Backend;
import pinbench.stress.soak.Soak;
import pinbench.stress.soak.Tally;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Runs the jcstress tests once per catalog entry, each in its own jcstress invocation with the
 * entry named by a system property, and names every strategy whose test saw a forbidden outcome.
 * {@code scripts/stress} runs it in jcstress's modes; {@code ./mvnw verify} runs the short mode.
 */
public final class Stress
{
    /** jcstress settings per mode: short is one configuration for half a second, enough for a Dekker race on x86. */
    public enum Mode
    {
        SHORT(10, "-f", "1", "-fsm", "0", "-sc", "false", "-iters", "1", "-time", "500"),
        QUICK(60, "-m", "quick"),
        DEFAULT(180, "-m", "default"),
        TOUGH(3600, "-m", "tough");

        /** A backstop far above a case's run time (jcstress reports hung actors itself). */
        final long timeoutMinutes;
        final List<String> args;

        Mode(final long timeoutMinutes, final String... args)
        {
            this.timeoutMinutes = timeoutMinutes;
            this.args = List.of(args);
        }
    }

    /**
     * One jcstress invocation: a strategy of a family, its counters on a backend.
     *
     * @param family   the family whose jcstress test runs.
     * @param strategy the catalog entry under test, one of {@code family}'s.
     * @param backend  where its counters live, one of the backends its family runs on.
     */
    public record Case(Family family, Described strategy, Backend backend)
    {
        public Case
        {
            if (Family.of(strategy) != family || !target(family).backends().contains(backend))
            {
                throw new IllegalArgumentException(strategy + " on " + backend + " is not a " + family.label()
                    + " case");
            }
        }

        /** What it tests: family and strategy, and the backend where the family runs on several. */
        public String label()
        {
            return family.label() + " " + strategy.name()
                + (target(family).backends().size() > 1 ? " on " + backend.name() : "");
        }

        /** {@code family.STRATEGY}, as the results bundle names it. */
        public String key()
        {
            return family.key(strategy);
        }

        /** The jcstress test class. */
        public Class<?> test()
        {
            return target(family).test();
        }

        /** The soak round of the same strategy on the same backend, so the soak covers what jcstress does. */
        public Soak.Entry soak()
        {
            return Soak.entry(label(), strategy, backend);
        }

        /** The label, which is also how test reports name a case. */
        @Override
        public String toString()
        {
            return label();
        }
    }

    /** The outcome of a case: passed, or why not (jcstress's failure section). */
    public record Outcome(Case c, boolean passed, String detail)
    {
    }

    /**
     * How a family runs under jcstress.
     *
     * @param test     its jcstress test class, which reads the strategy from {@link Subjects}.
     * @param backends where the counters live: one case per backend and strategy.
     */
    private record Target(Class<?> test, List<Backend> backends)
    {
    }


    private static final String USAGE = "usage: scripts/stress [--mode short|quick|default|tough | --soak MINUTES]"
        + " [--family " + labels(",") + "] [--strategies NAME,...]";

    private Stress()
    {
    }

    /**
     * The one table of what each family runs: reference counts also on mapped (tmpfs) storage, the
     * others on the heap. A switch over the families, so a new family does not compile without a test.
     */
    private static Target target(final Family family)
    {
        return switch (family)
        {
            case REF -> new Target(RefKillRace.class, List.of(Backend.HEAP, Backend.TMPFS));
            case PIN -> new Target(PinEdgeRace.class, List.of(Backend.HEAP));
            case IDLE -> new Target(LastUnpinWakeup.class, List.of(Backend.HEAP));
        };
    }

    /** Every catalog entry of every family, once per backend its family runs on. */
    public static List<Case> cases()
    {
        final List<Case> cases = new ArrayList<>();
        for (final Family family : Family.values())
        {
            for (final Described strategy : family.strategies())
            {
                for (final Backend backend : target(family).backends())
                {
                    cases.add(new Case(family, strategy, backend));
                }
            }
        }
        return cases;
    }

    /**
     * The family {@code --family} names by its label, case-insensitive.
     *
     * @throws IllegalArgumentException naming the valid labels, for a name that is no family's.
     */
    private static Family family(final String label)
    {
        return Arrays.stream(Family.values()).filter(f -> f.label().equalsIgnoreCase(label)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException("unknown family '" + label + "'; valid: " + labels(", ")));
    }

    /**
     * The cases of the given families, in the order given, limited to the given strategies
     * (spelt as {@link Names#canonical} reads them); an empty list means all.
     *
     * @throws IllegalArgumentException naming the valid choices, for a strategy in none of the families.
     */
    public static List<Case> select(final List<Family> families, final List<String> strategies)
    {
        final List<Family> order = families.isEmpty() ? List.of(Family.values())
            : families.stream().distinct().toList();
        final List<String> valid = order.stream().flatMap(f -> f.strategies().stream()).map(Described::name)
            .distinct().toList();
        final List<String> wanted = strategies.stream().map(Names::canonical).toList();
        for (final String n : strategies)
        {
            if (!valid.contains(Names.canonical(n)))
            {
                throw new IllegalArgumentException("unknown strategy '" + n + "'" + (families.isEmpty() ? ""
                    : " for family " + order.stream().map(Family::label).collect(Collectors.joining(","))) + "; valid: "
                    + String.join(", ", valid));
            }
        }
        final List<Case> all = cases();
        return order.stream().flatMap(f -> all.stream().filter(c -> c.family() == f))
            .filter(c -> wanted.isEmpty() || wanted.contains(c.strategy().name())).toList();
    }

    private static String labels(final String separator)
    {
        return Arrays.stream(Family.values()).map(Family::label).collect(Collectors.joining(separator));
    }

    /** Runs one case in a fresh JVM with this JVM's class path; its report goes under {@code reports}. */
    public static Outcome run(final Case c, final Mode mode, final Path reports) throws IOException, InterruptedException
    {
        final String jvmArgs = String.join(" ", Agrona.ADD_EXPORTS,
            "-D" + Subjects.property(c.family()) + "=" + c.strategy().name(),
            "-D" + Subjects.BACKEND + "=" + c.backend().name());
        final Path report = reports.resolve(c.label().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT))
            .toAbsolutePath();
        Files.createDirectories(report);
        final String classPath = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
            .split(File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", classPath, "org.openjdk.jcstress.Main",
            "-t", c.test().getName() + "$", "-r", report.toString()));
        command.addAll(mode.args);
        // -jvmArgs replaces jcstress's own flag combinations (short mode); the modes keep them and prepend ours
        command.addAll(List.of(mode == Mode.SHORT ? "-jvmArgs" : "-jvmArgsPrepend", jvmArgs));
        final Path log = report.resolve("output.txt");
        // in the report directory: jcstress also drops its binary results file in the working directory
        final Process p = new ProcessBuilder(command).directory(report.toFile()).redirectErrorStream(true)
            .redirectOutput(log.toFile()).start();
        if (!p.waitFor(mode.timeoutMinutes, TimeUnit.MINUTES))
        {
            p.descendants().forEach(ProcessHandle::destroyForcibly); // its forked test JVMs, or they keep running
            p.destroyForcibly().waitFor();
            return new Outcome(c, false, "jcstress did not finish in " + mode.timeoutMinutes + " min; killed; its"
                + " output so far: " + log);
        }
        final String out = Files.readString(log, StandardCharsets.UTF_8);
        final boolean passed = p.exitValue() == 0 && !out.contains("[FAILED]");
        return new Outcome(c, passed, passed ? "" : failures(out));
    }

    /** jcstress's failed and error sections (forbidden outcomes; hung actors and exceptions), or its error lines. */
    private static String failures(final String out)
    {
        final int at = out.indexOf("Failed tests:");
        if (at < 0)
        {
            return out.lines().filter(l -> l.contains("ERROR") || l.contains("Exception")).limit(5).toList().toString();
        }
        return out.substring(at).lines().limit(80).collect(Collectors.joining("\n")).strip();
    }

    /**
     * {@code scripts/stress [--mode short|quick|default|tough]}: every selected case through jcstress,
     * a line each; {@code scripts/stress --soak MINUTES}: the soak of the selected cases. Exit 1 if
     * anything failed, 2 on bad input.
     */
    public static void main(final String[] args) throws Exception
    {
        Mode mode = null;
        Double soakMinutes = null;
        List<String> families = List.of();
        List<String> strategies = List.of();
        final Set<String> given = new HashSet<>();
        for (int i = 0; i < args.length; i++)
        {
            final String arg = args[i];
            if (!List.of("--mode", "--soak", "--family", "--strategies").contains(arg))
            {
                usage("unknown argument '" + arg + "'");
            }
            if (!given.add(arg))
            {
                usage(arg + " given twice; give it once, with a comma-separated list where it takes one");
            }
            if (i + 1 == args.length)
            {
                usage(arg + " needs a value");
            }
            final String value = args[++i];
            switch (arg)
            {
                case "--mode" -> mode = mode(value);
                case "--soak" -> soakMinutes = minutes(value);
                case "--family" -> families = names(arg, value);
                default -> strategies = names(arg, value);
            }
        }
        if (mode != null && soakMinutes != null)
        {
            usage("--mode and --soak are separate runs; give one");
        }
        List<Case> cases = List.of();
        try
        {
            cases = select(families.stream().map(Stress::family).toList(), strategies);
        }
        catch (final IllegalArgumentException ex)
        {
            usage(ex.getMessage());
        }
        final Path reports = Path.of("stress-results");
        System.exit(soakMinutes != null ? soak(cases, soakMinutes, reports)
            : jcstress(cases, mode == null ? Mode.DEFAULT : mode, reports));
    }

    private static List<String> names(final String option, final String value)
    {
        try
        {
            return Names.list(option, value);
        }
        catch (final IllegalArgumentException empty)
        {
            usage(empty.getMessage());
            throw empty; // usage exits
        }
    }

    private static void usage(final String problem)
    {
        System.err.println("stress: " + problem + "; " + USAGE);
        System.exit(2);
    }

    private static Mode mode(final String value)
    {
        try
        {
            return Mode.valueOf(value.toUpperCase(Locale.ROOT));
        }
        catch (final IllegalArgumentException ex)
        {
            usage("unknown mode '" + value + "'; valid: short, quick, default, tough");
            return null;
        }
    }

    private static double minutes(final String value)
    {
        try
        {
            final double minutes = Double.parseDouble(value);
            if (minutes > 0 && minutes <= 7 * 24 * 60)
            {
                return minutes;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below with the valid range
        }
        usage("--soak needs a number of minutes above 0 and at most a week (10080), got '" + value + "'");
        return 0;
    }

    private static int jcstress(final List<Case> cases, final Mode mode, final Path reports)
        throws IOException, InterruptedException
    {
        int failed = 0;
        for (int k = 0; k < cases.size(); k++)
        {
            final Case c = cases.get(k);
            System.out.printf("[%d/%d] %s (%s, mode %s) ... ", k + 1, cases.size(), c.label(), c.test().getSimpleName(),
                mode.name().toLowerCase(Locale.ROOT));
            System.out.flush();
            final Outcome o = run(c, mode, reports);
            System.out.println(o.passed() ? "passed" : "FAILED");
            if (!o.passed())
            {
                failed++;
                System.out.println(o.detail().indent(6));
            }
        }
        System.out.println(failed == 0 ? "stress: all " + cases.size() + " cases passed" : "stress: " + failed + " of "
            + cases.size() + " cases FAILED; reports under " + reports.toAbsolutePath());
        return failed == 0 ? 0 : 1;
    }

    private static int soak(final List<Case> cases, final double minutes, final Path reports)
        throws IOException, InterruptedException
    {
        final List<Soak.Entry> entries = cases.stream().map(Case::soak).toList();
        final Duration total = Duration.ofMillis(Math.round(minutes * 60_000));
        System.out.printf("soak: %d cases, rounds of %d ms in turn, for %s min%n", entries.size(),
            Soak.ROUND.toMillis(), minutes);
        final long start = System.nanoTime();
        final Map<String, Tally> tallies = Soak.run(entries, total, Soak.ROUND, System.out);
        final String report = Soak.report(tallies, Duration.ofNanos(System.nanoTime() - start), Soak.ROUND);
        System.out.println();
        System.out.print(report);
        Files.createDirectories(reports);
        final String stamp = Times.stamp(Instant.now());
        Path file = reports.resolve("soak-" + stamp + ".md");
        for (int n = 2; Files.exists(file); n++)
        {
            file = reports.resolve("soak-" + stamp + "-" + n + ".md");
        }
        Files.writeString(file, report, StandardOpenOption.CREATE_NEW);
        final long violations = tallies.values().stream().mapToLong(Tally::violations).sum();
        System.out.println(violations == 0 ? "soak: no violations; report " + file.toAbsolutePath()
            : "soak: " + violations + " VIOLATIONS; report " + file.toAbsolutePath());
        return violations == 0 ? 0 : 1;
    }
}
