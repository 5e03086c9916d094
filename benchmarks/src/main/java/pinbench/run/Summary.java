package pinbench.run;

import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.util.Statistics;
import pinbench.memory.Backend;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Renders {@code summary.md}: per family and scenario, a strategy x threads table with each score,
 * its error, throughput, and the ratio to the floor measured in the same run.
 */
final class Summary
{
    private final Options options;
    private final List<Outcome> outcomes;

    Summary(final Options options, final List<Outcome> outcomes)
    {
        this.options = options;
        this.outcomes = outcomes;
    }

    String render(final Map<String, Object> env)
    {
        final StringBuilder md = new StringBuilder();
        @SuppressWarnings("unchecked")
        final Map<String, Object> host = (Map<String, Object>)env.get("host");
        @SuppressWarnings("unchecked")
        final Map<String, Object> jdk = (Map<String, Object>)env.get("jdk");
        md.append("# pinbench results\n\n");
        md.append("- machine: ").append(host.get("cpu_model")).append(", ").append(host.get("cpus_available_to_jvm"))
            .append(" CPUs").append(Boolean.TRUE.equals(host.get("hypervisor_guest")) ? " (hypervisor guest)" : "")
            .append(", ").append(host.get("memory_total")).append(" RAM\n");
        md.append("- kernel ").append(host.get("kernel")).append(", JDK ").append(jdk.get("java_version"))
            .append(" (").append(jdk.get("vm_name")).append(")\n");
        md.append("- memory backend(s): ").append(backendLine(env)).append('\n');
        md.append("- profile ").append(options.profile.label()).append(": ").append(options.profile.describe())
            .append("; threads not pinned to CPUs\n");
        md.append("- started ").append(env.get("started_utc")).append(", took ").append(env.get("duration_s"))
            .append(" s; command: `").append(env.get("command")).append("`\n\n");
        md.append("Scores are JMH means with the 99.9% confidence half-width (`±`). `x floor` divides by the plain ")
            .append("thread-confined pair measured in this run at the same thread count. Full data: `jmh.json`; ")
            .append("machine details: `env.json`.\n");

        for (final Family family : options.families)
        {
            md.append("\n## ").append(family.label()).append(": ").append(family.description()).append('\n');
            for (final Scenario scenario : family.scenarios())
            {
                md.append("\n### ").append(scenario.title()).append("\n\n").append(scenario.caption()).append(".\n\n");
                if (scenario.kind() == Scenario.Kind.PAIR)
                {
                    pairTable(md, family, scenario);
                }
                else
                {
                    latencyTable(md, family, scenario);
                }
            }
        }
        final List<Outcome> failed = outcomes.stream().filter(o -> !o.ok()).toList();
        if (!failed.isEmpty())
        {
            md.append("\n## Failed runs\n\nThese have no numbers; JMH's output for each is in `jmh-log.txt`.\n\n");
            failed.forEach(o -> md.append("- ").append(o.item().describe()).append(": ").append(o.error()).append('\n'));
        }
        return md.toString();
    }

    private String backendLine(final Map<String, Object> env)
    {
        final List<String> parts = new ArrayList<>();
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> memory = (List<Map<String, Object>>)env.get("memory");
        for (final Map<String, Object> m : memory)
        {
            final StringBuilder b = new StringBuilder().append(m.get("backend"));
            if (m.containsKey("path"))
            {
                b.append(" at ").append(m.get("path"));
                if (m.containsKey("filesystem"))
                {
                    b.append(" (").append(m.get("filesystem")).append(')');
                }
            }
            b.append(", stride ").append(m.get("stride_bytes")).append(" B");
            parts.add(b.toString());
        }
        return String.join("; ", parts);
    }

    /** A row of a table: what it is and where it ran. */
    private record Row(String label, String backend, Scenario.Bench bench, String strategy, Backend backendValue)
    {
    }

    private List<Row> rows(final Family family, final Scenario scenario)
    {
        final List<Row> rows = new ArrayList<>();
        for (final Scenario.Bench bench : scenario.benches())
        {
            if (!bench.perStrategy())
            {
                rows.add(new Row(bench.label(), "heap", bench, null, null));
                continue;
            }
            for (final String strategy : family.strategies().keySet())
            {
                if (options.strategies.isEmpty() || options.strategies.contains(strategy))
                {
                    for (final Backend backend : options.backends)
                    {
                        rows.add(new Row(strategy, backend.name(), bench, strategy, backend));
                    }
                }
            }
        }
        return rows;
    }

    private Result<?> find(final Scenario.Bench bench, final String strategy, final Backend backend, final int threads)
    {
        for (final Outcome o : outcomes)
        {
            final RunItem item = o.item();
            if (o.ok() && item.bench().equals(bench) && Objects.equals(item.strategy(), strategy)
                && item.backend() == backend && item.threads() == threads)
            {
                return o.result().getPrimaryResult();
            }
        }
        return null;
    }

    private void pairTable(final StringBuilder md, final Family family, final Scenario scenario)
    {
        final List<Integer> threads = options.threads;
        final Map<Integer, Result<?>> floor = new LinkedHashMap<>();
        for (final int t : threads)
        {
            floor.put(t, find(Scenario.FLOOR.benches().get(0), null, null, t));
        }
        final String unit = unitOf(floor);
        md.append("| implementation | memory |");
        threads.forEach(t -> md.append(' ').append(t).append(t == 1 ? " thread" : " threads").append(" (")
            .append(unit).append(") | x floor | Mops/s |"));
        md.append("\n|---|---|");
        threads.forEach(t -> md.append("--:|--:|--:|"));
        md.append('\n');
        md.append("| ").append(Scenario.FLOOR.benches().get(0).label()).append(" | thread-confined |");
        threads.forEach(t -> pairCells(md, floor.get(t), floor.get(t), t));
        md.append('\n');
        for (final Row row : rows(family, scenario))
        {
            md.append("| ").append(row.label()).append(" | ").append(row.backend().toLowerCase(Locale.ROOT)).append(" |");
            threads.forEach(t -> pairCells(md, find(row.bench(), row.strategy(), row.backendValue(), t), floor.get(t), t));
            md.append('\n');
        }
    }

    private static String unitOf(final Map<Integer, Result<?>> floor)
    {
        return floor.values().stream().filter(Objects::nonNull).map(Result::getScoreUnit).findFirst().orElse("ns/op");
    }

    private static void pairCells(final StringBuilder md, final Result<?> r, final Result<?> floor, final int threads)
    {
        if (r == null)
        {
            md.append(" n/a | | |");
            return;
        }
        md.append(' ').append(number(r.getScore()));
        if (!Double.isNaN(r.getScoreError()))
        {
            md.append(" ± ").append(number(r.getScoreError())); // NaN with a single measurement
        }
        md.append(" |");
        final boolean comparable = floor != null && floor.getScore() > 0 && floor.getScoreUnit().equals(r.getScoreUnit());
        md.append(' ').append(comparable ? String.format(Locale.ROOT, "%.1f", r.getScore() / floor.getScore()) : "")
            .append(" |");
        md.append(' ').append(r.getScoreUnit().equals("ns/op") && r.getScore() > 0
            ? number(threads * 1_000.0 / r.getScore()) : "").append(" |");
    }

    private void latencyTable(final StringBuilder md, final Family family, final Scenario scenario)
    {
        final List<Integer> threads = options.threads;
        String unit = "us/op";
        for (final Outcome o : outcomes)
        {
            if (o.ok() && o.item().scenario() == scenario)
            {
                unit = o.result().getPrimaryResult().getScoreUnit();
                break;
            }
        }
        md.append("| implementation | memory |");
        for (final int t : threads)
        {
            md.append(String.format(Locale.ROOT, " N=%d p50 | p99 | p99.9 | max | samples |", t));
        }
        md.append("\n|---|---|");
        threads.forEach(t -> md.append("--:|--:|--:|--:|--:|"));
        md.append('\n');
        for (final Row row : rows(family, scenario))
        {
            md.append("| ").append(row.label()).append(" | ").append(row.backend().toLowerCase(Locale.ROOT)).append(" |");
            for (final int t : threads)
            {
                final Result<?> r = find(row.bench(), row.strategy(), row.backendValue(), t);
                if (r == null)
                {
                    md.append(" n/a | | | | |");
                    continue;
                }
                final Statistics s = r.getStatistics();
                md.append(' ').append(number(s.getPercentile(50))).append(" | ").append(number(s.getPercentile(99)))
                    .append(" | ").append(number(s.getPercentile(99.9))).append(" | ").append(number(s.getMax()))
                    .append(" | ").append(s.getN()).append(" |");
            }
            md.append('\n');
        }
        md.append("\nLatencies in ").append(unit.replace("/op", "")).append(".\n");
    }

    /** Three significant digits, no exponent. */
    static String number(final double v)
    {
        if (Double.isNaN(v))
        {
            return "n/a";
        }
        final double a = Math.abs(v);
        if (a >= 100)
        {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10)
        {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1)
        {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
