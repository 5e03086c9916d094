package pinbench.idle;

import org.junit.jupiter.api.Test;
import pinbench.pin.UnpinHook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which waiter can work behind which unpin hook: a woken waiter behind a hook that never calls it waits for ever. */
class IdleStrategyHookTest
{
    @Test
    void onlyPollingWaitersWorkWithoutAHook()
    {
        for (final IdleStrategy strategy : IdleStrategy.values())
        {
            for (final UnpinHook hook : UnpinHook.values())
            {
                final String problem = strategy.problemWith(hook);
                assertEquals(hook == UnpinHook.NONE && !strategy.polls(), problem != null, strategy + " " + hook);
            }
        }
        assertTrue(IdleStrategy.SPIN.polls() && IdleStrategy.BACKOFF.polls());
        assertNull(IdleStrategy.PARK_SLOT.problemWith(UnpinHook.STATIC_KEY));
        assertTrue(IdleStrategy.PARK_SLOT.problemWith(UnpinHook.NONE).contains("it would wait for ever"));
    }
}
