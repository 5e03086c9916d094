package pinbench.benchmarks;

import org.junit.jupiter.api.Test;
import pinbench.sys.LibC;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class PreemptionsTest
{
    private static long parse(final String status)
    {
        final byte[] bytes = status.getBytes(StandardCharsets.US_ASCII);
        return Preemptions.parse(ByteBuffer.wrap(bytes), bytes.length);
    }

    @Test
    void readsTheInvoluntarySwitchesNotTheVoluntaryOnes()
    {
        assertEquals(17, parse("Name:\tjava\nvoluntary_ctxt_switches:\t250\nnonvoluntary_ctxt_switches:\t17\n"));
        assertEquals(3, parse("Name:\tx\nnonvoluntary_ctxt_switches:   3"), "the last line may lack its newline");
        assertEquals(0, parse("Name:\tx\nnonvoluntary_ctxt_switches:\t0\nvoluntary_ctxt_switches:\t9\n"));
    }

    @Test
    void aStatusWithoutTheFieldIsUnknown()
    {
        assertEquals(-1, parse("Name:\tjava\nvoluntary_ctxt_switches:\t250\n"));
        assertEquals(-1, parse("Name:\tx\nnonvoluntary_ctxt_switches:\t\n"), "a field without a number");
        assertEquals(-1, parse(""));
    }

    @Test
    void readsThisThreadsCount()
    {
        assumeTrue(LibC.problem() == null, "no gettid here");
        try (Preemptions preemptions = new Preemptions())
        {
            preemptions.addCurrentThread();
            final long before = preemptions.sum();
            assertTrue(before >= 0, "this kernel's status files have the field: " + before);
            assertTrue(preemptions.sum() >= before, "a count only grows");
            assertTrue(Preemptions.of(LibC.calls().gettid()) >= before, "one read of the same thread's file agrees");
        }
    }
}
