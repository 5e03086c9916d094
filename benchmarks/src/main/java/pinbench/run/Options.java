package pinbench.run;

import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.memory.Memory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The parsed and validated command line of {@code scripts/bench}. Parsing checks everything that can
 * be checked without running anything, so a wrong option fails before any work starts.
 */
public final class Options
{
    /** What the invocation asks for. */
    public enum Command
    {
        RUN, LIST, HELP, COMPARE
    }

    private static final int MAX_THREADS = 1024;

    Command command = Command.RUN;
    List<Family> families = List.of(Family.values());
    /** Selected strategy names; empty means every strategy of the selected families. */
    Set<String> strategies = Set.of();
    List<Integer> threads = List.of(1, 2, 4);
    List<Backend> backends = List.of(Backend.TMPFS);
    Path path = Memory.DEFAULT_DIR;
    int stride = Memory.DEFAULT_STRIDE;
    List<Durability> durabilities = List.of(Durability.NONE);
    boolean overwriteDevice;
    /** A free-text label for the bundle ({@code --label}), e.g. "reference run, 2-vCPU VM, no pmem". */
    String label;
    /** Measure strategies that failed their correctness tests, marked as such ({@code --allow-failing}). */
    boolean allowFailing;
    /** Thread placement: auto, on or off. */
    String affinity = "auto";
    Profile profile = Profile.QUICK;
    /** Profilers added by {@code --profile gc} and {@code --profile async}. */
    Set<String> profilers = Set.of();
    Path out;
    CommandLineOptions jmh;
    List<String> jmhArgs = List.of();
    List<String> args = List.of();
    /** The two bundles of {@code compare}. */
    List<Path> compared = List.of();
    /** {@code compare --fail-on-regression PCT}, or {@code null}. */
    Double failOnRegression;

    private Options()
    {
    }

    /**
     * Parses {@code args}.
     *
     * @param defaultOut where bundles go without {@code --out}.
     * @throws UsageException naming the wrong option and the valid choices.
     */
    public static Options parse(final List<String> args, final Path defaultOut) throws UsageException
    {
        final Options o = new Options();
        o.args = List.copyOf(args);
        o.out = defaultOut;
        if (!args.isEmpty() && args.get(0).equals("compare"))
        {
            return parseCompare(o, args.subList(1, args.size()));
        }
        int i = 0;
        if (!args.isEmpty() && (args.get(0).equals("list") || args.get(0).equals("run")))
        {
            o.command = args.get(0).equals("list") ? Command.LIST : Command.RUN;
            i = 1;
        }
        for (; i < args.size(); i++)
        {
            String arg = args.get(i);
            if (arg.equals("--"))
            {
                o.jmhArgs = List.copyOf(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help"))
            {
                o.command = Command.HELP;
                return o;
            }
            if (arg.equals("--overwrite-device"))
            {
                o.overwriteDevice = true;
                continue;
            }
            if (arg.equals("--allow-failing"))
            {
                o.allowFailing = true;
                continue;
            }
            String value = null;
            final int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0)
            {
                value = arg.substring(eq + 1);
                arg = arg.substring(0, eq);
            }
            if (!arg.startsWith("--"))
            {
                throw new UsageException("unexpected argument '" + arg + "'; options start with --, and JMH options go after"
                    + " a lone --. Try: scripts/bench --help");
            }
            if (!VALUED.contains(arg))
            {
                throw new UsageException("unknown option " + arg + "; valid: --family, --strategies, --threads,"
                    + " --backend, --path, --stride, --durability, --overwrite-device, --allow-failing, --affinity, --profile,"
                    + " --label, --out,"
                    + " and JMH options after --");
            }
            if (value == null)
            {
                if (i + 1 >= args.size() || args.get(i + 1).startsWith("--"))
                {
                    throw new UsageException("option " + arg + " needs a value. Try: scripts/bench --help");
                }
                value = args.get(++i);
            }
            switch (arg)
            {
                case "--family" -> o.families = names(arg, value, Family.values(), Family::label);
                case "--strategies" -> o.strategies = new LinkedHashSet<>(
                    nameList(arg, value).stream().map(Options::canonical).toList());
                case "--threads" -> o.threads = threads(value);
                case "--backend" -> o.backends = names(arg, value.replace('_', '-'), Backend.values(), Backend::label);
                case "--stride" -> o.stride = stride(value);
                case "--label" -> o.label = value;
                case "--affinity" -> o.affinity = names(arg, value, new String[] {"auto", "on", "off"}, a -> a).get(0);
                case "--durability" -> o.durabilities = names(arg, value, Durability.values(),
                    d -> d.name().toLowerCase(Locale.ROOT));
                case "--path" -> o.path = nonEmptyPath(arg, value);
                case "--profile" -> o.profile(value);
                case "--out" -> o.out = nonEmptyPath(arg, value);
            }
        }
        o.validateStrategies();
        o.validateJmh();
        return o;
    }

    private static Options parseCompare(final Options o, final List<String> args) throws UsageException
    {
        o.command = Command.COMPARE;
        final List<Path> bundles = new ArrayList<>();
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if (arg.equals("--fail-on-regression") || arg.startsWith("--fail-on-regression="))
            {
                final String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(++i) : "";
                try
                {
                    o.failOnRegression = Double.parseDouble(value);
                }
                catch (final NumberFormatException ex)
                {
                    o.failOnRegression = Double.NaN;
                }
                if (o.failOnRegression.isNaN() || o.failOnRegression < 0)
                {
                    throw new UsageException("--fail-on-regression '" + value + "': give a percentage >= 0, e.g. 5");
                }
            }
            else if (arg.startsWith("--"))
            {
                throw new UsageException("unknown option " + arg + " for compare; valid: --fail-on-regression PCT");
            }
            else
            {
                final Path bundle = Path.of(arg);
                final Path json = Files.isDirectory(bundle) ? bundle.resolve("jmh.json") : bundle;
                if (!Files.isRegularFile(json))
                {
                    throw new UsageException("compare: " + arg + " is not a results bundle (no " + json + ")");
                }
                bundles.add(bundle);
            }
        }
        if (bundles.size() != 2)
        {
            throw new UsageException("compare needs two bundles: scripts/bench compare A B [--fail-on-regression PCT]");
        }
        o.compared = List.copyOf(bundles);
        return o;
    }

    /** The catalog spelling of a strategy name: upper case, '-' as '_'. */
    static String canonical(final String name)
    {
        return name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static List<String> nameList(final String option, final String value) throws UsageException
    {
        final List<String> names = new ArrayList<>();
        for (final String part : value.split(",", -1))
        {
            if (part.isBlank())
            {
                throw new UsageException(option + " '" + value + "' has an empty name; give a comma-separated list");
            }
            names.add(part.trim());
        }
        return names;
    }

    /** Options that take a value. */
    private static final Set<String> VALUED = Set.of("--family", "--strategies", "--threads", "--backend", "--path",
        "--stride", "--durability", "--affinity", "--profile", "--label", "--out");

    /** Profilers {@code --profile} can add. */
    static final List<String> PROFILERS = List.of("gc", "async");

    private static <T> List<T> names(final String option, final String value, final T[] valid,
        final Function<T, String> label) throws UsageException
    {
        final List<T> chosen = new ArrayList<>();
        for (final String name : nameList(option, value))
        {
            final T match = Arrays.stream(valid).filter(v -> label.apply(v).equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new UsageException("unknown " + option.substring(2) + " '" + name + "'; valid: "
                    + Arrays.stream(valid).map(label).collect(Collectors.joining(", "))));
            if (!chosen.contains(match))
            {
                chosen.add(match);
            }
        }
        return chosen;
    }

    private static List<Integer> threads(final String value) throws UsageException
    {
        final List<Integer> counts = new ArrayList<>();
        for (final String part : nameList("--threads", value))
        {
            final int n;
            try
            {
                n = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                throw new UsageException("--threads '" + value + "': '" + part + "' is not a whole number;"
                    + " give thread counts like 1,2,4");
            }
            if (n < 1 || n > MAX_THREADS)
            {
                throw new UsageException("--threads '" + value + "': " + n + " is out of range; each count must be"
                    + " between 1 and " + MAX_THREADS);
            }
            if (counts.contains(n))
            {
                throw new UsageException("--threads '" + value + "' lists " + n + " twice");
            }
            counts.add(n);
        }
        return counts;
    }

    /** {@code --profile quick|full} and/or {@code gc}, {@code async}: e.g. {@code full,gc} or just {@code async}. */
    private void profile(final String value) throws UsageException
    {
        final List<String> valid = new ArrayList<>(Arrays.stream(Profile.values()).map(Profile::label).toList());
        valid.addAll(PROFILERS);
        final List<String> chosen = names("--profile", value, valid.toArray(String[]::new), p -> p);
        final List<Profile> lengths = Arrays.stream(Profile.values()).filter(p -> chosen.contains(p.label())).toList();
        if (lengths.size() > 1)
        {
            throw new UsageException("--profile takes one of quick, full (plus gc and/or async), got " + value);
        }
        profile = lengths.isEmpty() ? Profile.QUICK : lengths.get(0);
        profilers = new LinkedHashSet<>(chosen.stream().filter(PROFILERS::contains).toList());
    }

    private static int stride(final String value) throws UsageException
    {
        try
        {
            final int n = Integer.parseInt(value.trim());
            if (n >= Long.BYTES && n <= 4096 && (n & (n - 1)) == 0)
            {
                return n;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new UsageException("--stride '" + value + "': give a power of two from 8 to 4096 bytes (8, 64, 128, 256)");
    }

    /**
     * The memories this run will allocate from: each backend with each durability mode it can do
     * ({@code flush} only applies to file and device mappings). A selection where some mode applies
     * to no backend at all keeps that pair, so its refusal is reported.
     */
    List<Memory> memories()
    {
        final List<Memory> memories = new ArrayList<>();
        for (final Durability durability : durabilities)
        {
            final List<Memory> forMode = new ArrayList<>();
            for (final Backend backend : backends)
            {
                if (applies(backend, durability))
                {
                    forMode.add(new Memory(backend, path, stride, durability, overwriteDevice));
                }
            }
            memories.addAll(forMode.isEmpty()
                ? List.of(new Memory(backends.get(0), path, stride, durability, overwriteDevice)) : forMode);
        }
        return memories;
    }

    /** Whether a durability mode means anything on a backend. */
    static boolean applies(final Backend backend, final Durability durability)
    {
        return durability == Durability.NONE || backend.usesPath();
    }

    private static Path nonEmptyPath(final String option, final String value) throws UsageException
    {
        if (value.isBlank())
        {
            throw new UsageException(option + " needs a directory, got an empty string");
        }
        return Path.of(value);
    }

    private void validateStrategies() throws UsageException
    {
        final Set<String> known = new LinkedHashSet<>();
        families.forEach(f -> known.addAll(f.strategies().keySet()));
        for (final String name : strategies)
        {
            if (!known.contains(name))
            {
                throw new UsageException("unknown strategy '" + name + "' for family "
                    + families.stream().map(Family::label).collect(Collectors.joining(","))
                    + "; valid: " + String.join(", ", known));
            }
        }
    }

    private void validateJmh() throws UsageException
    {
        try
        {
            jmh = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        }
        catch (final CommandLineOptionException ex)
        {
            throw new UsageException("JMH options after --: " + ex.getMessage());
        }
        if (!jmh.getIncludes().isEmpty())
        {
            throw new UsageException("JMH options after -- name benchmarks (" + String.join(" ", jmh.getIncludes())
                + "); choose them with --family and --strategies, or run benchmarks.jar directly");
        }
        if (jmh.getThreads().hasValue() || jmh.getThreadGroups().hasValue())
        {
            throw new UsageException("JMH option -t/-tg after -- conflicts with --threads; use --threads 1,2,4");
        }
        if (!jmh.getProfilers().isEmpty() && !profilers.isEmpty())
        {
            throw new UsageException("give profilers either with --profile gc/async or as JMH -prof after --, not both");
        }
        if (jmh.getResult().hasValue() || jmh.getResultFormat().hasValue() || jmh.getOutput().hasValue())
        {
            throw new UsageException("JMH options -rf/-rff/-o after -- conflict with the results bundle, which always"
                + " holds jmh.json; use --out DIR to choose where bundles go");
        }
        if (jmh.shouldList() || jmh.shouldListWithParams() || jmh.shouldHelp() || jmh.shouldListProfilers()
            || jmh.shouldListResultFormats())
        {
            throw new UsageException("JMH listing options (-l, -lp, -h, -lprof, -lrf) do not run anything;"
                + " use scripts/bench list, or java -jar benchmarks/target/benchmarks.jar -l");
        }
        for (final String param : ownParams())
        {
            if (jmh.getParameter(param).hasValue())
            {
                throw new UsageException("JMH option -p " + param + "=... after -- conflicts with the runner's own"
                    + " selection (it sets " + String.join(", ", ownParams()) + "); use --strategies, --backend and"
                    + " --threads, or run benchmarks.jar directly");
            }
        }
        final String param = JmhMain.problem(jmhArgs.toArray(String[]::new));
        if (param != null)
        {
            throw new UsageException("JMH option " + param);
        }
    }

    /** Parameters the runner sets itself; a JMH {@code -p} for them would be silently overridden. */
    private Set<String> ownParams()
    {
        final Set<String> own = new LinkedHashSet<>();
        for (final Family family : Family.values())
        {
            for (final Scenario scenario : family.scenarios())
            {
                if (scenario.columns().param() != null)
                {
                    own.add(scenario.columns().param());
                }
                scenario.benches().forEach(b -> b.rowsFor(family, this).forEach(r -> own.addAll(r.params().keySet())));
            }
        }
        return own;
    }

    public Command command()
    {
        return command;
    }

    public List<String> args()
    {
        return args;
    }
}
