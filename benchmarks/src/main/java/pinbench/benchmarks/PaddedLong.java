package pinbench.benchmarks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** 128 bytes before the value, so no word of the object before it in the heap shares its pair of lines. */
abstract class PaddedLongLhsPadding
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

/** The value itself, between the two paddings. */
abstract class PaddedLongValue extends PaddedLongLhsPadding
{
    long value;
}

/** 128 bytes after the value, so no word of the object after it in the heap shares its pair of lines. */
abstract class PaddedLongRhsPadding extends PaddedLongValue
{
    byte
        p128, p129, p130, p131, p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143,
        p144, p145, p146, p147, p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159,
        p160, p161, p162, p163, p164, p165, p166, p167, p168, p169, p170, p171, p172, p173, p174, p175,
        p176, p177, p178, p179, p180, p181, p182, p183, p184, p185, p186, p187, p188, p189, p190, p191,
        p192, p193, p194, p195, p196, p197, p198, p199, p200, p201, p202, p203, p204, p205, p206, p207,
        p208, p209, p210, p211, p212, p213, p214, p215, p216, p217, p218, p219, p220, p221, p222, p223,
        p224, p225, p226, p227, p228, p229, p230, p231, p232, p233, p234, p235, p236, p237, p238, p239,
        p240, p241, p242, p243, p244, p245, p246, p247, p248, p249, p250, p251, p252, p253, p254, p255;
}

/**
 * A long that is alone on its 128-byte pair of cache lines (the adjacent-line prefetcher moves lines
 * in pairs), padded by byte-field inheritance as LMAX Disruptor's {@code Sequence}. The field layout
 * may move up to four of the right-hand padding bytes into the alignment gap before the value, so at
 * least 124 bytes of this object follow the value and at least 128 precede it: no word of any other
 * object can share its pair of lines, wherever the heap puts the object. Benchmark states extend it
 * (JMH's generated subclass adds its own fields after these).
 */
public class PaddedLong extends PaddedLongRhsPadding
{
    private static final VarHandle VALUE;

    static
    {
        try
        {
            VALUE = MethodHandles.lookup().findVarHandle(PaddedLongValue.class, "value", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Adds one with a plain load and store: for a thread-confined value only. */
    public void incrementPlain()
    {
        value++;
    }

    /** Subtracts one with a plain load and store: for a thread-confined value only. */
    public void decrementPlain()
    {
        value--;
    }

    /** Atomically adds {@code delta} with volatile semantics (a locked add on x86); returns the previous value. */
    public long getAndAdd(final long delta)
    {
        return (long)VALUE.getAndAdd(this, delta);
    }

    /** The value with volatile semantics. */
    public long getVolatile()
    {
        return (long)VALUE.getVolatile(this);
    }

    /** Sets the value with volatile semantics (the store is followed by a full fence on x86). */
    public void setVolatile(final long newValue)
    {
        VALUE.setVolatile(this, newValue);
    }
}
