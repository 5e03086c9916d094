package pinbench.benchmarks.floor;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.ForkContract;
import pinbench.benchmarks.PaddedLong;
import pinbench.benchmarks.PlacedThread;
import pinbench.memory.Backend;
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
 * both stores stay. Read the floor as "what two stores to an L1-resident line cost here".
 * <p>
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
 * Run: {@code java -jar benchmarks/target/benchmarks.jar FloorBench -t 2}
 */
public class FloorBench extends BenchDefaults
{
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
            ref = new NoSyncCount(ForkContract.memory(Backend.HEAP));
        }

        @TearDown
        public void close()
        {
            ref.close();
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
}
