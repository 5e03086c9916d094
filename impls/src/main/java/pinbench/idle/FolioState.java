package pinbench.idle;

/** What a waiter asks of the page map: is this folio idle now? ({@code PageMap::isIdle}) */
@FunctionalInterface
public interface FolioState
{
    boolean isIdle(int folio);
}
