package pinbench.run.exec;

import org.openjdk.jmh.profile.AsyncProfiler;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import pinbench.run.cli.UsageException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The profilers of {@code --profile gc} (JMH's GCProfiler) and {@code --profile async}
 * (async-profiler, its native library unpacked from the Maven artifact at build time).
 */
public final class Profilers
{
    private final boolean gc;
    private final String asyncLibrary;
    private final CommandLineOptions user;

    private Profilers(final boolean gc, final String asyncLibrary, final CommandLineOptions user)
    {
        this.gc = gc;
        this.asyncLibrary = asyncLibrary;
        this.user = user;
    }

    /**
     * @param chosen the profilers {@code --profile} named.
     * @param user   the JMH options after {@code --}, whose {@code -prof} are recorded as given.
     * @param home   the checkout, where the build unpacked async-profiler.
     * @throws UsageException when async-profiler was asked for and is not there.
     */
    public static Profilers prepare(final Set<String> chosen, final CommandLineOptions user, final Path home)
        throws UsageException
    {
        String lib = null;
        if (chosen.contains("async"))
        {
            final String arch = System.getProperty("os.arch").equals("aarch64") ? "linux-arm64" : "linux-x64";
            final Path so = home.resolve("benchmarks/target/async-profiler").resolve(arch)
                .resolve("libasyncProfiler.so");
            if (!Files.isRegularFile(so))
            {
                throw new UsageException("--profile async needs " + so + "; build it with ./mvnw -B -DskipTests package");
            }
            lib = so.toAbsolutePath().toString();
        }
        return new Profilers(chosen.contains("gc"), lib, user);
    }

    /** Hardware cycles where the CPU exposes a PMU; otherwise the interval timer (as in VMs without counters). */
    static String asyncEvent()
    {
        return Files.isDirectory(Path.of("/sys/bus/event_source/devices/cpu")) ? "cpu" : "itimer";
    }

    private String asyncOptions()
    {
        return "libPath=" + asyncLibrary + ";output=flamegraph;event=" + asyncEvent();
    }

    /** Adds the profilers to one run's options; flame graphs go under {@code bundle/async}. */
    void addTo(final ChainedOptionsBuilder options, final Path bundle)
    {
        if (gc)
        {
            options.addProfiler(GCProfiler.class);
        }
        if (asyncLibrary != null)
        {
            options.addProfiler(AsyncProfiler.class, asyncOptions() + ";dir=" + bundle.resolve("async"));
        }
    }

    /** One line per profiler, for the bundle. */
    List<String> notes()
    {
        final List<String> notes = new ArrayList<>();
        if (gc)
        {
            notes.add("gc: JMH GCProfiler (allocation rate and GC counts, secondary metrics in jmh.json)");
        }
        if (asyncLibrary != null)
        {
            notes.add("async: async-profiler " + asyncOptions() + (asyncEvent().equals("itimer")
                ? " (no hardware performance counters here: event itimer samples on a timer)" : "")
                + "; flame graphs (HTML) under async/");
        }
        user.getProfilers().forEach(p -> notes.add("JMH -prof " + p.getKlass() + " " + p.getOpts()));
        return notes;
    }
}
