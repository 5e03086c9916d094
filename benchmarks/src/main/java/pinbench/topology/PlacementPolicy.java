package pinbench.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which CPU the k-th thread of a run takes. Every policy orders all the CPUs of a topology, so a run
 * whose threads fit is pinned whatever the policy; the policies differ in what lies between thread
 * 0 and thread 1 (the pair every latency benchmark measures), and between the first N threads of a
 * throughput run. Two threads "on distinct CPUs" may share a core (a line moves through L1/L2 in a
 * few ns) or sit on two packages (over 100 ns): the policy is part of the result.
 */
public enum PlacementPolicy
{
    /** The default: as much hardware per thread as there is. */
    SPREAD("distinct cores first, then their SMT siblings; the cores of one package before the next"),
    /** As few cores as possible: SMT siblings share their core's caches and execution units. */
    COMPACT("a core's SMT siblings before the next core; one package before the next"),
    /** Each pair of threads (0 and 1, 2 and 3, ...) on two SMT siblings of one core. */
    SMT("threads 0 and 1 on the SMT siblings of one core, 2 and 3 on the next core's, ...; then the rest compactly"),
    /** Each pair of threads on two packages: every line the pair shares crosses the interconnect. */
    CROSS_SOCKET("threads 0 and 1 on two packages, 2 and 3 likewise, ... (packages taken in turn, cores spread)");

    /** What the policy does, for the help and the reports. */
    public final String description;

    PlacementPolicy(final String description)
    {
        this.description = description;
    }

    /** The name as typed: {@code spread}, {@code compact}, {@code smt}, {@code cross-socket}. */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy a label names ({@code cross-socket} or {@code CROSS_SOCKET}), or {@code null}. */
    public static PlacementPolicy byLabel(final String label)
    {
        final String name = label.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(p -> p.name().equals(name)).findFirst().orElse(null);
    }

    /** The policies a topology can honour, in catalog order ({@code spread} always among them). */
    public static List<PlacementPolicy> allowedOn(final Topology topology)
    {
        return Arrays.stream(values()).filter(p -> p.problem(topology) == null).toList();
    }

    /** Every label, for messages: {@code spread, compact, smt, cross-socket}. */
    public static String labels()
    {
        return Arrays.stream(values()).map(PlacementPolicy::label).collect(Collectors.joining(", "));
    }

    /**
     * Why a topology cannot honour this policy, naming what it saw ("needs ...; it saw ..."), or
     * {@code null} when it can.
     */
    public String problem(final Topology topology)
    {
        final String needs = switch (this)
        {
            case SPREAD, COMPACT -> null;
            case SMT -> topology.threadsPerCore() >= 2 ? null : "a core with two CPUs (SMT siblings)";
            case CROSS_SOCKET -> topology.packages() >= 2 ? null : "CPUs on two packages";
        };
        return needs == null ? null : "needs " + needs + " among the CPUs this process may use; it saw "
            + topology.describe();
    }

    /**
     * Every CPU of the topology once, in the order threads take them.
     *
     * @throws IllegalArgumentException when the topology cannot honour the policy ({@link #problem}).
     */
    public List<Integer> order(final Topology topology)
    {
        final String problem = problem(topology);
        if (problem != null)
        {
            throw new IllegalArgumentException("placement " + label() + " " + problem);
        }
        final List<List<List<Integer>>> packages = topology.coresByPackage();
        final List<Integer> order = new ArrayList<>();
        switch (this)
        {
            case SPREAD -> order.addAll(spread(packages));
            case COMPACT -> packages.forEach(cores -> cores.forEach(order::addAll));
            case SMT ->
            {
                final List<Integer> rest = new ArrayList<>();
                for (final List<List<Integer>> cores : packages)
                {
                    for (final List<Integer> core : cores)
                    {
                        if (core.size() >= 2)
                        {
                            order.addAll(core.subList(0, 2));
                            rest.addAll(core.subList(2, core.size()));
                        }
                        else
                        {
                            rest.addAll(core);
                        }
                    }
                }
                order.addAll(rest);
            }
            case CROSS_SOCKET ->
            {
                final List<List<Integer>> each = packages.stream().map(p -> spread(List.of(p))).toList();
                for (int i = 0; order.size() < topology.cpus().size(); i++)
                {
                    for (final List<Integer> p : each)
                    {
                        if (i < p.size())
                        {
                            order.add(p.get(i));
                        }
                    }
                }
            }
        }
        return List.copyOf(order);
    }

    /** Round r takes the r-th CPU of every core, package by package. */
    private static List<Integer> spread(final List<List<List<Integer>>> packages)
    {
        final List<Integer> order = new ArrayList<>();
        final int rounds = packages.stream().flatMap(List::stream).mapToInt(List::size).max().orElse(0);
        for (int r = 0; r < rounds; r++)
        {
            for (final List<List<Integer>> cores : packages)
            {
                for (final List<Integer> core : cores)
                {
                    if (r < core.size())
                    {
                        order.add(core.get(r));
                    }
                }
            }
        }
        return order;
    }
}
