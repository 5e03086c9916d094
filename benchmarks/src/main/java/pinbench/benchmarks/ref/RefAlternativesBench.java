package pinbench.benchmarks.ref;

import io.netty.util.AbstractReferenceCounted;
import io.netty.util.ReferenceCounted;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import pinbench.benchmarks.BenchDefaults;
import pinbench.benchmarks.PlacedThread;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The same get+put pair as {@link RefGetPutBench}, on what a Java programmer would use instead of a
 * purpose-built count: {@link AtomicLong}, {@link LongAdder}, and Netty's
 * {@link AbstractReferenceCounted} (retain/release). All on the heap, shared by every thread; none
 * of them can refuse new references once teardown starts, which is what the strategies add.
 * <p>
 * Layout. Each counter is the real class, in a state of its own, so a trial allocates only the one
 * it measures. Wherever the heap puts them, the AtomicLong's {@code value} and the LongAdder's
 * {@code base} and {@code cellsBusy} are followed by at least 124 bytes of padding in their own
 * object (padded subclasses; the LongAdder's cells are {@code @Contended} in the JDK already). No
 * subclass can pad before them: those fields lead the object, right after its header. Netty 4.2
 * keeps its count in a separate 16-byte {@code RefCnt}, a final class that
 * {@code AbstractReferenceCounted}'s constructor allocates, so nothing here pads it; its state
 * allocates a 128-byte array right after it. Only as allocated, then, is the word before each
 * counter cold (the JMH state's own tail padding, or the objects allocated just before it), and the
 * word after Netty's count the array: a GC that moves the objects may put any object there. The
 * measured loop allocates nothing, so a collection during measurement is unlikely, not excluded.
 * <p>
 * Run: {@code java -jar benchmarks/target/benchmarks.jar RefAlternativesBench -t 2}
 */
public class RefAlternativesBench extends BenchDefaults
{
    /** An AtomicLong holding one reference. */
    @State(Scope.Benchmark)
    public static class AtomicLongCount
    {
        final PaddedAtomicLong count = new PaddedAtomicLong(1);
    }

    /** A LongAdder (its initial reference would only shift the sum, so it starts at 0). */
    @State(Scope.Benchmark)
    public static class LongAdderCount
    {
        final PaddedLongAdder count = new PaddedLongAdder();
    }

    /** A Netty reference-counted object holding its initial reference. */
    @State(Scope.Benchmark)
    public static class NettyCount
    {
        final NettyCounted count = new NettyCounted();
        /** Allocated right after {@link #count}'s {@code RefCnt}, so nothing written follows it as allocated. */
        final byte[] afterRefCnt = new byte[128];
    }

    /** 128 bytes after the AtomicLong's value, so no word allocated after it shares its pair of lines. */
    static final class PaddedAtomicLong extends AtomicLong
    {
        byte
            p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015,
            p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031,
            p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047,
            p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063,
            p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079,
            p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095,
            p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111,
            p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;

        PaddedAtomicLong(final long initialValue)
        {
            super(initialValue);
        }
    }

    /** 128 bytes after the LongAdder's base and busy flag, so no word allocated after them shares their lines. */
    static final class PaddedLongAdder extends LongAdder
    {
        byte
            p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015,
            p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031,
            p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047,
            p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063,
            p064, p065, p066, p067, p068, p069, p070, p071, p072, p073, p074, p075, p076, p077, p078, p079,
            p080, p081, p082, p083, p084, p085, p086, p087, p088, p089, p090, p091, p092, p093, p094, p095,
            p096, p097, p098, p099, p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111,
            p112, p113, p114, p115, p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127;
    }

    /** Netty's even/odd-encoded reference count; the initial reference keeps it above zero. */
    static final class NettyCounted extends AbstractReferenceCounted
    {
        @Override
        protected void deallocate()
        {
            throw new IllegalStateException("the initial reference is never released");
        }

        @Override
        public ReferenceCounted touch(final Object hint)
        {
            return this;
        }
    }

    @Benchmark
    public void atomicLong(final AtomicLongCount shared, final PlacedThread placed)
    {
        shared.count.incrementAndGet();
        shared.count.decrementAndGet();
    }

    @Benchmark
    public void longAdder(final LongAdderCount shared, final PlacedThread placed)
    {
        shared.count.increment();
        shared.count.decrement();
    }

    @Benchmark
    public void netty(final NettyCount shared, final PlacedThread placed)
    {
        shared.count.retain();
        shared.count.release();
    }
}
