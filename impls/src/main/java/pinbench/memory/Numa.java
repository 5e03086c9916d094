package pinbench.memory;

import com.sun.jna.LastErrorException;
import com.sun.jna.Pointer;
import org.agrona.UnsafeApi;
import pinbench.sys.IdList;
import pinbench.sys.LibC;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Counter memory on a chosen NUMA node: which nodes exist and have memory (sysfs), binding a range
 * to one node with {@code mbind(2)}, and the node each page of a range is really on, from
 * {@code move_pages(2)} with no target nodes (a query). Both through {@link LibC}'s {@code syscall(2)}:
 * glibc wraps neither, libnuma is not on every machine, and {@code numactl --membind} would bind
 * the whole JVM, its heap and code included, where only the counters are meant.
 */
public final class Numa
{
    private static final long MPOL_BIND = 2;
    /** Fail unless every page of the range ends up on the node... */
    private static final long MPOL_MF_STRICT = 1;
    /** ...moving pages already touched elsewhere (direct memory is zeroed, so touched, when allocated). */
    private static final long MPOL_MF_MOVE = 2;
    private static final int ENOENT = 2;

    /** The pages of a range by the node they are on. */
    public record PageNodes(Map<Integer, Integer> pagesByNode, Map<String, Integer> pagesNotOnANode)
    {
        public PageNodes
        {
            pagesByNode = Map.copyOf(pagesByNode);
            pagesNotOnANode = Map.copyOf(pagesNotOnANode);
        }

        /** Whether every page is on {@code node}. */
        public boolean allOn(final int node)
        {
            return pagesNotOnANode.isEmpty() && pagesByNode.keySet().equals(Set.of(node));
        }

        /** {@code node 0: 3 pages; not present: 1 page}. */
        public String describe()
        {
            final StringBuilder b = new StringBuilder();
            new TreeMap<>(pagesByNode).forEach((node, n) -> b.append(b.length() == 0 ? "" : "; ").append("node ")
                .append(node).append(": ").append(pages(n)));
            new TreeMap<>(pagesNotOnANode).forEach((why, n) -> b.append(b.length() == 0 ? "" : "; ").append(why)
                .append(": ").append(pages(n)));
            return b.length() == 0 ? "no pages" : b.toString();
        }

        private static String pages(final int n)
        {
            return n + (n == 1 ? " page" : " pages");
        }
    }

    private static final class Syscalls
    {
        static final long MBIND = LibC.syscallNumber(237, 235);
        static final long MOVE_PAGES = LibC.syscallNumber(279, 239);
        static final String PROBLEM = MBIND < 0
            ? "mbind(2) and move_pages(2) are only wired up for Linux on x86-64 and aarch64, not "
                + System.getProperty("os.name") + " on " + System.getProperty("os.arch")
            : LibC.problem();
    }

    private Numa()
    {
    }

    /** {@code null} when ranges can be bound and queried here, else why not. */
    public static String problem()
    {
        return Syscalls.PROBLEM;
    }

    /**
     * Why {@code node} cannot hold counters, read under {@code nodeDir} ({@code /sys/devices/system/node}
     * on a live machine), or {@code null} when it exists and has memory.
     */
    public static String nodeProblem(final Path nodeDir, final int node)
    {
        final String asked = "--mem-node " + node + ": ";
        if (!Files.isDirectory(nodeDir))
        {
            return asked + "this kernel reports no NUMA nodes (no " + nodeDir + "); without NUMA all memory is"
                + " one node: leave --mem-node out";
        }
        final List<Integer> online = IdList.read(nodeDir.resolve("online"));
        final List<Integer> withMemory = Files.exists(nodeDir.resolve("has_memory"))
            ? IdList.read(nodeDir.resolve("has_memory")) : online;
        final String valid = "nodes with memory here: " + (withMemory.isEmpty() ? "none" : IdList.format(withMemory));
        if (!online.contains(node))
        {
            return asked + "no such NUMA node; this machine has " + (online.size() == 1 ? "node " : "nodes ")
                + IdList.format(online) + " (" + valid + ")";
        }
        return withMemory.contains(node) ? null : asked + "NUMA node " + node + " has no memory of its own (CPUs"
            + " only); " + valid;
    }

    /**
     * Binds the pages of {@code [address, address + length)} to {@code node}: pages faulted later
     * come from it, pages already touched are moved to it.
     *
     * @throws IllegalStateException naming the errno when the kernel refuses.
     */
    static void bind(final long address, final long length, final int node)
    {
        require();
        final long[] mask = new long[node / Long.SIZE + 1];
        mask[node / Long.SIZE] = 1L << (node % Long.SIZE);
        try
        {
            // the kernel reads maxnode - 1 bits of the mask
            LibC.calls().syscall(Syscalls.MBIND, new Pointer(address), length, MPOL_BIND, mask,
                (long)mask.length * Long.SIZE + 1, MPOL_MF_STRICT | MPOL_MF_MOVE);
        }
        catch (final LastErrorException ex)
        {
            throw new IllegalStateException("cannot bind " + length + " bytes of counter memory to NUMA node " + node
                + ": mbind(2) failed with errno " + ex.getErrorCode() + " (" + ex.getMessage() + ")", ex);
        }
    }

    /**
     * The node of every page of {@code [address, address + length)} in this process; a page the
     * kernel cannot place on a node is counted under why ({@code not present}, or its errno).
     *
     * @throws IllegalStateException naming the errno when the query itself fails.
     */
    static PageNodes pagesOf(final long address, final long length)
    {
        require();
        final long page = UnsafeApi.pageSize();
        final long first = address / page * page;
        final int count = (int)((address + length - first + page - 1) / page);
        final long[] pages = new long[count];
        for (int i = 0; i < count; i++)
        {
            pages[i] = first + i * page;
        }
        final int[] status = new int[count];
        try
        {
            LibC.calls().syscall(Syscalls.MOVE_PAGES, 0L, (long)count, pages, Pointer.NULL, status, 0L);
        }
        catch (final LastErrorException ex)
        {
            throw new IllegalStateException("cannot read the NUMA node of " + count + " pages: move_pages(2) failed"
                + " with errno " + ex.getErrorCode() + " (" + ex.getMessage() + ")", ex);
        }
        final Map<Integer, Integer> byNode = new TreeMap<>();
        final Map<String, Integer> notOnANode = new TreeMap<>();
        for (final int s : status)
        {
            if (s >= 0)
            {
                byNode.merge(s, 1, Integer::sum);
            }
            else
            {
                notOnANode.merge(-s == ENOENT ? "not present" : "errno " + -s, 1, Integer::sum);
            }
        }
        return new PageNodes(byNode, notOnANode);
    }

    private static void require()
    {
        if (Syscalls.PROBLEM != null)
        {
            throw new UnsupportedOperationException(Syscalls.PROBLEM);
        }
    }
}
