package pinbench.run.cli;

import pinbench.Described;
import pinbench.Family;
import pinbench.benchmarks.Placement;
import pinbench.memory.Backend;
import pinbench.run.catalog.Profile;
import pinbench.run.catalog.Table;
import pinbench.run.catalog.Tables;
import pinbench.topology.PlacementPolicy;
import pinbench.topology.Topology;

/** The texts of {@code scripts/bench --help} and {@code scripts/bench list}. */
public final class Usage
{
    private Usage()
    {
    }

    /** {@code --help}. */
    public static String usage()
    {
        return """
            usage: scripts/bench [run] [options] [-- JMH options]
                   scripts/bench list
                   scripts/bench compare A B [--fail-on-regression PCT]
                   scripts/bench check BUNDLE
              Runs the quick profile of every family on the TMPFS backend and writes a results bundle
              results/<UTC time>-<host>/ (REPORT.md, summary.md, tables.csv, jmh.json, env.json, jmh-log.txt,
              wakeup.hlog, *.hgrm, plots/).

              --family a,b        families to run (default: all; see list)
              --strategies a,b    strategies to run (default: all of the chosen families)
              --threads 1,2,4     thread counts; all (1 to the CPUs this process may use), max (that number);
                                  default 1, 2, 4, ... up to the CPUs, and twice it (oversubscribed);
                                  for latency benchmarks, background pinners
              --backend a,b       memory backends: HEAP, DIRECT, TMPFS, FSDAX, FSDAX_SYNC, DEVDAX (default TMPFS)
              --path PATH         directory for mapped counter files (default /dev/shm), or /dev/daxX.Y for devdax
              --stride BYTES      distance between counter cells: 8, 64, 128 (default), 256 (Optane line)
              --durability a,b    NONE (default), FLUSH (write each update back); rows for get+put tables
          --mem-node N        bind counter memory to NUMA node N with mbind(2) (DIRECT and TMPFS; the bundle
                              records the node every page was found on)
              --overwrite-device  consent to overwrite the devdax device named by --path
              --allow-failing     measure strategies that failed their correctness tests (marked in the bundle)
              --affinity MODE     pin threads to distinct CPUs: auto (default: when they fit), on, off
              --placement a,b     which CPUs pinned threads take: spread (default), compact, smt, cross-socket,
                                  or all (every policy these CPUs can give); each a row of every table (see list)
              --profile NAMES     quick (default), full (to publish) or device (the thread-sweep tables in minutes,
                                  see scripts/bench-device), plus gc and/or async (async-profiler flame graphs)
              --out DIR           where the bundle directory is created (default results/)
              --label TEXT        a line saying what this run is, shown at the top of the bundle's reports
              -- ...              JMH options, e.g. -- -prof gc -f 2 -jvmArgsPrepend -Xmx2g

              Catalog names (strategies, backends, durability, placement) are case-insensitive; '-' stands for '_'.

            compare prints, for each benchmark and parameter set in both bundles, B/A with a 95% confidence
            interval and a verdict (faster, slower, no significant difference), and lists those only in one;
            with --fail-on-regression PCT it exits 1 when any got slower by more than PCT percent.

            check runs every validity check on a bundle (threads where they were meant to be, samples behind
            every percentile, interval widths, latencies at the scheduler tick, physically implausible
            orders, preemptions) and prints each as ok, warning or failure with the rows it concerns; every
            run checks its own bundle and puts the result at the top of REPORT.md and summary.md.

            Exit status: 0 done; 1 some benchmark failed (the bundle says which), for compare a regression,
            for check a failure; 2 wrong invocation, nothing run.
            """;
    }

    /** {@code list}: every catalog. */
    public static String list()
    {
        final StringBuilder b = new StringBuilder();
        b.append("Families (--family):\n");
        for (final Family f : Family.values())
        {
            b.append(String.format("  %-18s %s%n", f.label(), f.description()));
        }
        b.append("\nStrategies (--strategies), by family:\n");
        for (final Family f : Family.values())
        {
            b.append("  ").append(f.label()).append(":\n");
            for (final Described s : f.strategies())
            {
                b.append(String.format("    %-18s %s%n", s.name(), s.description()));
            }
            b.append("    tables: ").append(String.join("; ", Tables.of(f).stream().map(Table::title).toList()))
                .append('\n');
        }
        b.append("  every run also measures the floors: plain thread-confined pair, uncontended getAndAdd pair\n");
        b.append("\nBackends (--backend):\n");
        for (final Backend backend : Backend.values())
        {
            b.append(String.format("  %-18s %s%s%n", backend.name(), backend.description(),
                backend == Backend.TMPFS ? " [default]" : ""));
        }
        b.append("\nPlacement policies (--placement), on this machine's ").append(Topology.machine().describe())
            .append(":\n");
        final Topology cpus = Topology.machine().restrictTo(Placement.processMask());
        for (final PlacementPolicy p : PlacementPolicy.values())
        {
            final String problem = p.problem(cpus);
            b.append(String.format("  %-18s %s%s%n", p.label(), p.description, problem != null
                ? " [not on these CPUs]" : p == PlacementPolicy.SPREAD ? " [default]" : ""));
        }
        b.append("\nProfiles (--profile):\n");
        for (final Profile p : Profile.values())
        {
            b.append(String.format("  %-18s %s%s%n", p.label(), p.describe(), p == Profile.QUICK ? " [default]" : ""));
        }
        return b.toString();
    }
}
