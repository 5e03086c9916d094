package pinbench.run.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code benchmarks.jar}'s check of {@code -p} values against the selected benchmarks' parameter types. */
class ParamCheckTest
{
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RefGetPutBench -t 2 -p strategy=SLOTS_MEMBARRIER,RCUREF -p backend=HEAP -f 1 -rf json",
        "RefKillLatencyBench -p pinners=1 -prof gc",
        "PinBatchBench -p strategy=XADD_BATCH -p range=RCUREF -p batch=16",
        "WakeLatencyBench -p strategy=PARK_SLOT",
        "WakeLatencyBench -p hook=NONE -p strategy=SPIN,BACKOFF",
        "TruncateBench -p hook=ALWAYS_CALL",
        "-l",
        "RefGetPutBench -p strategy"})
    void validOrJmhsOwnBusinessPasses(final String args)
    {
        assertNull(ParamCheck.problem(args.split(" ")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "RefGetPutBench -p strategy=NOPE | 'NOPE' is not a value of strategy in RefGetPutBench (RefStrategy); valid: CAS_LOOP, RCUREF, STRIPED",
        "RefGetPutBench -p strategy=RCUREF, | '' is not a value of strategy",
        "RefGetPutBench -p backend=NVRAM | valid: HEAP, DIRECT, TMPFS, FSDAX, FSDAX_SYNC, DEVDAX",
        "PinBatchBench -p batch=lots | 'lots' is not a value of batch in PinBatchBench (int); valid: a whole number",
        "PinBatchBench -p strategy=RCUREF | (PinStrategy); valid: CAS_PER_FOLIO, XADD_PER_FOLIO, CAS_BATCH, XADD_BATCH",
        "-p strategy=RCUREF | choose the benchmarks with a pattern, e.g. ",
        "WakeLatencyBench -p hook=NONE -p strategy=PARK_SLOT | -p hook=NONE with strategy PARK_SLOT: hook NONE never calls the unpin listener, and PARK_SLOT sleeps until the last unpin wakes it",
        "WakeLatencyBench -p hook=NONE | -p hook=NONE with strategy PARK_SLOT: ",
        "TruncateBench -p hook=NONE -p strategy=SPIN,MONITOR | with strategy MONITOR: ",
        "RefGetPutBench -p strategi=RCUREF | no selected benchmark has a parameter 'strategi'; their parameters: backend, durability, idleHandles, strategy"})
    void aWrongParameterIsNamedWithTheValidChoices(final String args, final String expected)
    {
        final String problem = ParamCheck.problem(args.split(" "));
        assertTrue(problem != null && problem.contains(expected), problem);
    }
}
