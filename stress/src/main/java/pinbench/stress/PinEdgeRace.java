package pinbench.stress;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import pinbench.pin.PageMap;
import pinbench.pin.UnpinHook;
import pinbench.pin.UnpinListener;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * A busy folio holds exactly one range reference: the update that takes it off idle takes one and
 * the update that brings it back drops it, even while a transient reference comes and goes between
 * them. Checked for the page map named by {@code -Dpinbench.stress.pin} by a request+release of a
 * folio (its 0 -> 1 and 1 -> 0 edges) while another thread takes a transient speculative reference,
 * drops it, then DMA-pins the folio (two actors: jcstress needs a CPU per actor, and this machine has
 * two). r1: the range count afterwards (the initial reference plus one for the still-pinned folio);
 * r2: the folio's references (the DMA pin's 1024); r3: {@code maybeDmaPinned} (must be true: no
 * false negatives).
 */
@JCStressTest
@Outcome(id = "2, 1024, 1", expect = ACCEPTABLE, desc = "one range reference for the busy folio, the pin seen")
@Outcome(expect = FORBIDDEN, desc = "a range reference lost or doubled, or the DMA pin missed")
@State
public class PinEdgeRace
{
    private final PageMap map = Subjects.pageMap(1, UnpinHook.NONE, UnpinListener.NONE);
    private final PageMap.Handle requester = map.handle();
    private final PageMap.Handle other = map.handle();

    @Actor
    public void requestRelease()
    {
        if (requester.request(0, 1))
        {
            requester.release(0, 1);
        }
    }

    @Actor
    public void transientReferenceThenDmaPin()
    {
        if (other.tryGetSpeculative(0))
        {
            other.put(0);
        }
        other.pinForDma(0);
    }

    @Arbiter
    public void check(final III_Result r)
    {
        r.r1 = (int)map.rangeCount();
        r.r2 = (int)map.refs(0);
        r.r3 = map.maybeDmaPinned(0) ? 1 : 0;
        map.close();
    }
}
