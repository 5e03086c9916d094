package pinbench;

/** A catalog entry (strategy or backend): a short stable name and one line saying what it is. */
public interface Described
{
    /** The stable name, as JMH's {@code -p} and {@code scripts/bench} take it. */
    String name();

    /** One line for {@code scripts/bench list} and the results. */
    String description();
}
