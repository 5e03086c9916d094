package pinbench.stress;

import pinbench.idle.IdleStrategy;
import pinbench.memory.Backend;
import pinbench.pin.PinStrategy;
import pinbench.ref.RefStrategy;
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
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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
     * One jcstress invocation.
     *
     * @param label what it tests, naming the strategy.
     * @param test  the jcstress test class (simple name).
     * @param props system properties that select the catalog entry.
     */
    public record Case(String label, String test, Map<String, String> props)
    {
        /** {@code family.STRATEGY}, as the results bundle names it. */
        public String key()
        {
            return family() + "." + strategy();
        }

        /** The family: ref, pin or idle. */
        public String family()
        {
            return label.split(" ")[0];
        }

        /** The catalog name of the strategy under test. */
        public String strategy()
        {
            return label.split(" ")[1];
        }
    }

    /** The outcome of a case: passed, or why not (jcstress's failure section). */
    public record Outcome(Case c, boolean passed, String detail)
    {
    }

    private static final String EXPORTS = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private Stress()
    {
    }

    /** Every catalog entry of every family; reference counts also on mapped (tmpfs) storage. */
    public static List<Case> cases()
    {
        final List<Case> cases = new ArrayList<>();
        for (final RefStrategy s : RefStrategy.values())
        {
            for (final Backend b : List.of(Backend.HEAP, Backend.TMPFS))
            {
                cases.add(new Case("ref " + s + " on " + b.label(), "RefKillRace",
                    Map.of(Subjects.REF, s.name(), Subjects.BACKEND, b.name())));
            }
        }
        for (final PinStrategy s : PinStrategy.values())
        {
            cases.add(new Case("pin " + s, "PinEdgeRace", Map.of(Subjects.PIN, s.name())));
        }
        for (final IdleStrategy s : IdleStrategy.values())
        {
            cases.add(new Case("idle " + s, "LastUnpinWakeup", Map.of(Subjects.IDLE, s.name())));
        }
        return cases;
    }

    /**
     * The cases of the given families, in the order given, limited to the given strategies
     * (case-insensitive); an empty list means all.
     *
     * @throws IllegalArgumentException naming the valid choices, for a name that selects nothing.
     */
    public static List<Case> select(final List<String> families, final List<String> strategies)
    {
        final List<Case> all = cases();
        final List<String> known = all.stream().map(Case::family).distinct().toList();
        for (final String f : families)
        {
            if (!known.contains(f))
            {
                throw new IllegalArgumentException("unknown family '" + f + "'; valid: " + String.join(", ", known));
            }
        }
        final List<String> order = families.isEmpty() ? known : families.stream().distinct().toList();
        final List<Case> inFamilies = order.stream().flatMap(f -> all.stream().filter(c -> c.family().equals(f)))
            .toList();
        final List<String> valid = inFamilies.stream().map(Case::strategy).distinct().toList();
        final List<String> wanted = strategies.stream().map(n -> n.toUpperCase(Locale.ROOT)).toList();
        for (final String n : wanted)
        {
            if (!valid.contains(n))
            {
                throw new IllegalArgumentException("unknown strategy '" + n + "'"
                    + (families.isEmpty() ? "" : " for family " + String.join(",", families)) + "; valid: "
                    + String.join(", ", valid));
            }
        }
        return inFamilies.stream().filter(c -> wanted.isEmpty() || wanted.contains(c.strategy())).toList();
    }

    /** Runs one case in a fresh JVM with this JVM's class path; its report goes under {@code reports}. */
    public static Outcome run(final Case c, final Mode mode, final Path reports) throws IOException, InterruptedException
    {
        final StringBuilder jvmArgs = new StringBuilder(EXPORTS);
        c.props().forEach((k, v) -> jvmArgs.append(" -D").append(k).append('=').append(v));
        final Path report = reports.resolve(c.label().replaceAll("[^A-Za-z0-9]+", "-").toLowerCase(Locale.ROOT))
            .toAbsolutePath();
        Files.createDirectories(report);
        final String classPath = String.join(File.pathSeparator, Arrays.stream(System.getProperty("java.class.path")
            .split(File.pathSeparator)).map(e -> Path.of(e).toAbsolutePath().toString()).toList());
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
            .toString(), "-cp", classPath, "org.openjdk.jcstress.Main",
            "-t", "pinbench.stress." + c.test() + "$", "-r", report.toString()));
        command.addAll(mode.args);
        // -jvmArgs replaces jcstress's own flag combinations (short mode); the modes keep them and prepend ours
        command.addAll(List.of(mode == Mode.SHORT ? "-jvmArgs" : "-jvmArgsPrepend", jvmArgs.toString()));
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

    private static final String USAGE = "usage: scripts/stress [--mode short|quick|default|tough | --soak MINUTES]"
        + " [--family ref,pin,idle] [--strategies NAME,...]";

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
                case "--family" -> families = names(arg, value.toLowerCase(Locale.ROOT));
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
            cases = select(families, strategies);
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
        final List<String> names = Arrays.asList(value.split(",", -1));
        if (names.contains(""))
        {
            usage(option + " '" + value + "' has an empty name");
        }
        return names;
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
            System.out.printf("[%d/%d] %s (%s, mode %s) ... ", k + 1, cases.size(), c.label(), c.test(),
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
        final List<Soak.Entry> entries = Soak.entries(cases);
        final Duration total = Duration.ofMillis(Math.round(minutes * 60_000));
        System.out.printf("soak: %d cases, rounds of %d ms in turn, for %s min%n", entries.size(),
            Soak.ROUND.toMillis(), minutes);
        final long start = System.nanoTime();
        final Map<String, Tally> tallies = Soak.run(entries, total, Soak.ROUND, System.out);
        final String report = Soak.report(tallies, Duration.ofNanos(System.nanoTime() - start), Soak.ROUND);
        System.out.println();
        System.out.print(report);
        Files.createDirectories(reports);
        final String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
            .format(Instant.now());
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
