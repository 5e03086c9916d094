package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.PaddedLong;
import pinbench.benchmarks.PlacedThread;
import pinbench.benchmarks.pin.PinMap;
import pinbench.memory.Backend;
import pinbench.memory.Memory;
import pinbench.pin.PageMap;
import pinbench.ref.RefCount;

import java.lang.invoke.VarHandle;

/**
 * The floors every table is read against, measured in the same run: a thread-confined increment
 * then decrement of a plain field (a pin/unpin pair with no sharing and no atomics at all), and the
 * same pair as two uncontended atomic adds on that word (what any atomic counter pays even when
 * nobody else touches its line). Each thread's word is a {@link PaddedLong}: no other word shares
 * its pair of cache lines.
 * <p>
 * C2 folds a bare {@code x++; x--} into nothing, even through a Blackhole. The
 * {@code storeStoreFence} between them emits no instruction on x86 but is a compiler barrier, so
 * both stores stay. What C2 made of {@code plainPair} here (JDK 17, x86-64, machine code from
 * {@code -XX:CompileCommand=print}, disassembled with objdump: this JDK cannot load Debian's
 * {@code libhsdis0-fcml}, which lacks {@code decode_instructions_virtual}): the measured loop is
 * {@code inc QWORD PTR [r8+0x90]; dec QWORD PTR [r8+0x90]}, then JMH's {@code isDone} load, the
 * safepoint poll and the operation count. About 0.5 ns a pair (1.5 cycles) says that this CPU
 * (a Sapphire Rapids class Xeon: AMX, AVX-512 FP16) does not serialise the two read-modify-writes
 * of one address through store forwarding. Read the floor as "two updates of an L1-resident word,
 * no call"; the reference tables divide by {@code handlePair}, which adds the call shape.
 * <p>
 * {@code handlePair} is the floor of the reference-count tables: a get and a put through exactly
 * the call shape {@code RefGetPutBench.getPut} uses (a thread state's handle field, then
 * {@link RefCount.Handle#get()} and {@link RefCount.Handle#put()} on the interface, one
 * implementation per fork so the calls inline), on a count with no synchronisation at all
 * ({@link NoSyncCount}). A strategy's "x floor" is then what its mechanism costs, not what the
 * harness costs. What C2 made of it here (JDK 17, x86-64, read with
 * {@code -XX:CompileCommand=print,*FloorBench_handlePair_jmhTest::handlePair_avgt_jmhStub}): per
 * pair, the handle's field load, a class check of the handle and of the cells (the interface calls
 * inlined behind those guards), an array bounds check, then {@code mov r8,[cell]; add r8,1;
 * mov [cell],r8} and, after reloading, {@code mov r8,[cell]; dec r8; mov [cell],r8}: both updates stay.
 * <p>
 * {@code folioPair} is the floor of the pin tables, per folio: {@code PinBatchBench.requestRelease}'s
 * call shape at batch 512 on each thread's own 2 MiB ({@link PageMap.Handle#request} then
 * {@link PageMap.Handle#release} through the interface) on folio counts with no range reference
 * and no atomics ({@link NoSyncPageMap}). Its score is per folio ({@code @OperationsPerInvocation}).
 * What C2 made of it: both folio loops inlined and strip-mined (a safepoint poll every 1,000
 * folios); per folio, a reload of the map's cells field and of the cells' array (the opaque store
 * keeps them from being hoisted), a class check of the cells, the stride shift, an array bounds
 * check, then {@code mov rcx,[array+index*8+0x10]; add rcx,1; mov [...],rcx} (release: {@code dec}).
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FloorBench -t 2}
 */
public class FloorBench extends BenchDefaults
{
    /** The floors' counters: the heap's by definition, which {@code --mem-node} (the strategies' counters) leaves alone. */
    private static Memory heap()
    {
        return ForkContract.memory(Backend.HEAP).withMemNode(Memory.ANY_NODE);
    }

    /** Per-thread counter, alone on its pair of cache lines (see {@link PaddedLong}). */
    @State(Scope.Thread)
    public static class Confined extends PaddedLong
    {
    }

    /** One count shared by every thread, as {@code LiveRef}. */
    @State(Scope.Benchmark)
    public static class Count
    {
        RefCount ref;

        @Setup
        public void create()
        {
            ref = new NoSyncCount(heap());
        }

        @TearDown
        public void close()
        {
            ref.close();
        }
    }

    /** Folio counts shared by every thread, as {@code PinMap}: a region of 2 MiB per thread. */
    @State(Scope.Benchmark)
    public static class Folios
    {
        PageMap map;

        @Setup
        public void create()
        {
            map = new NoSyncPageMap(heap(), PinMap.REGION * PinMap.REGIONS);
        }

        @TearDown
        public void close()
        {
            map.close();
        }
    }

    /** Each thread's handle on the folios and its own region, as {@code PinThread}. */
    @State(Scope.Thread)
    public static class FolioThread extends PlacedThread
    {
        PageMap.Handle handle;
        int region;

        @Setup
        public void register(final Folios folios, final ThreadParams thread)
        {
            handle = folios.map.handle();
            region = PinMap.regionOf(thread.getThreadIndex());
        }
    }

    /** Each thread's handle on the count, as {@code RefHandle}. */
    @State(Scope.Thread)
    public static class Handle extends PlacedThread
    {
        RefCount.Handle handle;

        @Setup
        public void register(final Count count)
        {
            handle = count.ref.handle();
        }
    }

    @Benchmark
    public void plainPair(final Confined confined, final PlacedThread placed)
    {
        confined.incrementPlain();
        VarHandle.storeStoreFence();
        confined.decrementPlain();
    }

    @Benchmark
    public void xaddPair(final Confined confined, final PlacedThread placed)
    {
        confined.getAndAdd(1);
        confined.getAndAdd(-1);
    }

    @Benchmark
    public void handlePair(final Handle thread)
    {
        thread.handle.get();
        thread.handle.put();
    }

    /** Per folio: {@code PinBatchBench.requestRelease} at batch 512 with disjoint regions, on counts with no synchronisation. */
    @Benchmark
    @OperationsPerInvocation(PinMap.REGION)
    public boolean folioPair(final FolioThread thread)
    {
        if (thread.handle.request(thread.region, PinMap.REGION))
        {
            thread.handle.release(thread.region, PinMap.REGION);
            return true;
        }
        return false;
    }
}
