package pinbench.run.cli;

import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import pinbench.Described;
import pinbench.Family;
import pinbench.Names;
import pinbench.benchmarks.Placement;
import pinbench.memory.Backend;
import pinbench.memory.Durability;
import pinbench.memory.Memory;
import pinbench.run.catalog.Profile;
import pinbench.topology.PlacementPolicy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Parses the command line of {@code scripts/bench} into a {@link Command}, checking everything that
 * can be checked from the words alone, so that a wrong option fails before any work starts.
 */
public final class CommandLine
{
    private static final int MAX_THREADS = 1024;

    /** Options that take a value. */
    private static final Set<String> VALUED = Set.of("--family", "--strategies", "--threads", "--backend", "--path",
        "--stride", "--durability", "--mem-node", "--affinity", "--placement", "--profile", "--label", "--out");

    private List<Family> families = List.of(Family.values());
    private Set<String> strategies = Set.of();
    /** Each selected strategy as it was typed, for messages. */
    private final Map<String, String> typed = new HashMap<>();
    /** The CPUs this process may use: the default sweep, {@code all} and {@code max} are made of them. */
    private final int cpus;
    private List<Integer> threads;
    private List<Backend> backends = List.of(Backend.TMPFS);
    private Path path = Memory.DEFAULT_DIR;
    private int stride = Memory.DEFAULT_STRIDE;
    private int memNode = Memory.ANY_NODE;
    private List<Durability> durabilities = List.of(Durability.NONE);
    private boolean overwriteDevice;
    private boolean allowFailing;
    private String affinity = "auto";
    private List<PlacementPolicy> placements = List.of(PlacementPolicy.SPREAD);
    private boolean everyPlacement;
    /** The options the command line gave, so a profile's defaults fill in only the others. */
    private final Set<String> given = new HashSet<>();
    private Profile profile = Profile.QUICK;
    private Set<String> profilers = Set.of();
    private String label;
    private Path out;
    private List<String> jmhArgs = List.of();

    private CommandLine(final int cpus)
    {
        this.cpus = cpus;
        this.threads = sweep(cpus);
    }

    /**
     * Parses {@code args} for the CPUs this process may use.
     *
     * @param defaultOut where bundles go without {@code --out}.
     * @throws UsageException naming the wrong option and the valid choices.
     */
    public static Command parse(final List<String> args, final Path defaultOut) throws UsageException
    {
        final int mask = Placement.processMask().size();
        return parse(args, defaultOut, mask > 0 ? mask : Runtime.getRuntime().availableProcessors());
    }

    /**
     * The default thread counts on {@code cpus} CPUs: 1, 2, 4, ... below {@code cpus}, {@code cpus}
     * itself, and twice it, the one oversubscribed point (which the tables label as such).
     */
    public static List<Integer> sweep(final int cpus)
    {
        final List<Integer> counts = new ArrayList<>();
        for (int n = 1; n < cpus; n *= 2)
        {
            counts.add(n);
        }
        counts.add(cpus);
        if (2 * cpus <= MAX_THREADS)
        {
            counts.add(2 * cpus);
        }
        return List.copyOf(counts);
    }

    /**
     * Parses {@code args} as on a machine where the process may use {@code cpus} CPUs.
     *
     * @throws UsageException naming the wrong option and the valid choices.
     */
    public static Command parse(final List<String> args, final Path defaultOut, final int cpus)
        throws UsageException
    {
        if (!args.isEmpty() && args.get(0).equals("compare"))
        {
            return parseCompare(args.subList(1, args.size()));
        }
        if (!args.isEmpty() && args.get(0).equals("check"))
        {
            return parseCheck(args.subList(1, args.size()));
        }
        final CommandLine c = new CommandLine(cpus);
        c.out = defaultOut;
        int i = 0;
        boolean list = false;
        if (!args.isEmpty() && (args.get(0).equals("list") || args.get(0).equals("run")))
        {
            list = args.get(0).equals("list");
            i = 1;
        }
        for (; i < args.size(); i++)
        {
            String arg = args.get(i);
            if (arg.equals("--"))
            {
                c.jmhArgs = List.copyOf(args.subList(i + 1, args.size()));
                break;
            }
            if (arg.equals("-h") || arg.equals("--help") || arg.equals("help"))
            {
                return new Command.Help();
            }
            if (arg.equals("--overwrite-device") || arg.equals("--allow-failing"))
            {
                c.once(arg, "");
                c.overwriteDevice |= arg.equals("--overwrite-device");
                c.allowFailing |= arg.equals("--allow-failing");
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
                    + " --backend, --path, --stride, --durability, --mem-node, --overwrite-device, --allow-failing,"
                    + " --affinity,"
                    + " --placement, --profile, --label, --out,"
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
            c.once(arg, " (the second: '" + value + "')");
            c.set(arg, value);
        }
        c.applyProfileDefaults();
        if (list)
        {
            return new Command.ListCatalog();
        }
        c.validateStrategies();
        return new RunCommand(c.families, c.strategies, c.threads, c.cpus, c.backends, c.path, c.stride,
            c.durabilities, c.memNode, c.overwriteDevice, c.allowFailing, c.affinity, c.placements, c.everyPlacement, c.profile, c.profilers,
            c.label, c.out, c.jmhArgs,
            c.jmh(), List.copyOf(args));
    }

    /** Notes {@code option} as given, refusing it the second time; {@code second} describes that one. */
    private void once(final String option, final String second) throws UsageException
    {
        if (!given.add(option))
        {
            throw new UsageException(option + " given twice" + second + "; give each option once, a list in one value,"
                + " e.g. --threads 1,2");
        }
    }

    private void set(final String option, final String value) throws UsageException
    {
        switch (option)
        {
            case "--family" -> families = names(option, value, Family.values(), Family::label);
            case "--strategies" ->
            {
                final List<String> names = nameList(option, value);
                names.forEach(n -> typed.putIfAbsent(Names.canonical(n), n));
                strategies = new LinkedHashSet<>(names.stream().map(Names::canonical).toList());
            }
            case "--threads" -> threads = threads(value);
            case "--backend" -> backends = names(option, value, Backend.values(), Backend::name);
            case "--stride" -> stride = stride(value);
            case "--mem-node" -> memNode = memNode(value);
            case "--label" -> label = value;
            case "--affinity" -> affinity = names(option, value, Placement.MODES.toArray(String[]::new), a -> a).get(0);
            case "--placement" ->
            {
                everyPlacement = value.trim().equalsIgnoreCase("all");
                try
                {
                    placements = everyPlacement ? List.of(PlacementPolicy.values())
                        : names(option, value, PlacementPolicy.values(), PlacementPolicy::label);
                }
                catch (final UsageException ex)
                {
                    throw new UsageException(ex.getMessage() + ", or all (every policy these CPUs can give)");
                }
            }
            case "--durability" -> durabilities = names(option, value, Durability.values(), Durability::name);
            case "--path" -> path = nonEmptyPath(option, value);
            case "--profile" -> profile(value);
            case "--out" -> out = nonEmptyPath(option, value);
            default -> throw new IllegalStateException(option);
        }
    }

    private static Command parseCompare(final List<String> args) throws UsageException
    {
        final List<Path> bundles = new ArrayList<>();
        Double failOnRegression = null;
        for (int i = 0; i < args.size(); i++)
        {
            final String arg = args.get(i);
            if (arg.equals("--fail-on-regression") || arg.startsWith("--fail-on-regression="))
            {
                if (failOnRegression != null)
                {
                    throw new UsageException("--fail-on-regression given twice; give each option once");
                }
                final String value = arg.contains("=") ? arg.substring(arg.indexOf('=') + 1)
                    : i + 1 < args.size() ? args.get(++i) : "";
                try
                {
                    failOnRegression = Double.parseDouble(value);
                }
                catch (final NumberFormatException ex)
                {
                    failOnRegression = Double.NaN;
                }
                if (failOnRegression.isNaN() || failOnRegression < 0)
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
        return new CompareCommand(bundles.get(0), bundles.get(1), failOnRegression);
    }

    private static Command parseCheck(final List<String> args) throws UsageException
    {
        if (args.size() != 1 || args.get(0).startsWith("--"))
        {
            throw new UsageException("check needs one bundle: scripts/bench check results/BUNDLE");
        }
        final Path bundle = Path.of(args.get(0));
        for (final String file : List.of("tables.csv", "env.json"))
        {
            if (!Files.isRegularFile(bundle.resolve(file)))
            {
                throw new UsageException("check: " + bundle + " is not a results bundle with tables.csv (no "
                    + bundle.resolve(file) + "); bundles from before tables.csv cannot be checked");
            }
        }
        return new CheckCommand(bundle);
    }

    private static List<String> nameList(final String option, final String value) throws UsageException
    {
        try
        {
            return Names.list(option, value);
        }
        catch (final IllegalArgumentException empty)
        {
            throw new UsageException(empty.getMessage());
        }
    }

    private static <T> List<T> names(final String option, final String value, final T[] valid,
        final Function<T, String> label) throws UsageException
    {
        final List<T> chosen = new ArrayList<>();
        for (final String name : nameList(option, value))
        {
            final T match = Arrays.stream(valid).filter(v -> Names.canonical(label.apply(v)).equals(Names.canonical(name)))
                .findFirst()
                .orElseThrow(() -> new UsageException("unknown " + option.substring(2) + " '" + name + "'; valid: "
                    + Arrays.stream(valid).map(label).collect(Collectors.joining(", "))));
            if (!chosen.contains(match))
            {
                chosen.add(match);
            }
        }
        return chosen;
    }

    /** Thread counts; {@code all} stands for 1 to the CPUs this process may use, {@code max} for that number. */
    private List<Integer> threads(final String value) throws UsageException
    {
        final List<Integer> counts = new ArrayList<>();
        for (final String part : nameList("--threads", value))
        {
            final List<Integer> named;
            if (part.equalsIgnoreCase("all"))
            {
                named = IntStream.rangeClosed(1, cpus).boxed().toList();
            }
            else if (part.equalsIgnoreCase("max"))
            {
                named = List.of(cpus);
            }
            else
            {
                try
                {
                    named = List.of(Integer.parseInt(part));
                }
                catch (final NumberFormatException ex)
                {
                    if (part.trim().matches("[+-]?\\d+"))
                    {
                        throw new UsageException("--threads '" + value + "': " + part.trim() + " is out of range;"
                            + " each count must be between 1 and " + MAX_THREADS);
                    }
                    throw new UsageException("--threads '" + value + "': '" + part + "' is not a whole number;"
                        + " give thread counts like 1,2,4, or all (1 to " + cpus + "), or max (" + cpus + ")");
                }
            }
            for (final int n : named)
            {
                if (n < 1 || n > MAX_THREADS)
                {
                    throw new UsageException("--threads '" + value + "': " + n + " is out of range; each count must"
                        + " be between 1 and " + MAX_THREADS);
                }
                if (counts.contains(n))
                {
                    throw new UsageException("--threads '" + value + "' lists " + n + " twice");
                }
                counts.add(n);
            }
        }
        return counts;
    }

    /** {@code --profile quick|full} and/or {@code gc}, {@code async}: e.g. {@code full,gc} or just {@code async}. */
    private void profile(final String value) throws UsageException
    {
        final List<String> valid = new ArrayList<>(Arrays.stream(Profile.values()).map(Profile::label).toList());
        valid.addAll(RunCommand.PROFILERS);
        final List<String> chosen = names("--profile", value, valid.toArray(String[]::new), p -> p);
        final List<Profile> lengths = Arrays.stream(Profile.values()).filter(p -> chosen.contains(p.label())).toList();
        if (lengths.size() > 1)
        {
            throw new UsageException("--profile takes one of " + String.join(", ", Arrays.stream(Profile.values())
                .map(Profile::label).toList()) + " (plus gc and/or async), got " + value);
        }
        profile = lengths.isEmpty() ? Profile.QUICK : lengths.get(0);
        profilers = new LinkedHashSet<>(chosen.stream().filter(RunCommand.PROFILERS::contains).toList());
    }

    private static int stride(final String value) throws UsageException
    {
        try
        {
            final int n = Integer.parseInt(value.trim());
            if (Memory.validStride(n))
            {
                return n;
            }
        }
        catch (final NumberFormatException ex)
        {
            // reported below
        }
        throw new UsageException("--stride '" + value + "': give " + Memory.STRIDE_RULE + " (8, 64, 128, 256)");
    }

    /** A node number; whether this machine has that node is the planner's to say, with the nodes it has. */
    private static int memNode(final String value) throws UsageException
    {
        if (value.trim().matches("\\d{1,4}"))
        {
            return Integer.parseInt(value.trim());
        }
        throw new UsageException("--mem-node '" + value + "': give one NUMA node number, e.g. 0 (numactl -H or"
            + " /sys/devices/system/node lists them)");
    }

    private static Path nonEmptyPath(final String option, final String value) throws UsageException
    {
        if (value.isBlank())
        {
            throw new UsageException(option + " needs a directory, got an empty string");
        }
        return Path.of(value);
    }

    /** The device profile's selection where the command line chose none: see {@link Profile#DEVICE}. */
    private void applyProfileDefaults()
    {
        if (profile != Profile.DEVICE)
        {
            return;
        }
        if (!given.contains("--family"))
        {
            families = Profile.DEVICE_FAMILIES;
        }
        if (!given.contains("--strategies"))
        {
            strategies = new LinkedHashSet<>(families.stream().flatMap(f -> f.strategies().stream())
                .map(Described::name).filter(Profile.DEVICE_STRATEGIES::contains).toList());
        }
        if (!given.contains("--placement"))
        {
            everyPlacement = true;
            placements = List.of(PlacementPolicy.values());
        }
    }

    private void validateStrategies() throws UsageException
    {
        final Set<String> known = new LinkedHashSet<>();
        families.forEach(f -> f.strategies().stream().map(Described::name).forEach(known::add));
        for (final String name : strategies)
        {
            if (!known.contains(name))
            {
                throw new UsageException("unknown strategy '" + typed.getOrDefault(name, name) + "' for family "
                    + families.stream().map(Family::label).collect(Collectors.joining(","))
                    + "; valid: " + String.join(", ", known));
            }
        }
    }

    /** The JMH options after {@code --}, with the checks that need no plan. */
    private CommandLineOptions jmh() throws UsageException
    {
        final CommandLineOptions jmh;
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
        return jmh;
    }
}
