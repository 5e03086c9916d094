package pinbench;

import pinbench.idle.IdleStrategy;
import pinbench.pin.PinStrategy;
import pinbench.ref.RefStrategy;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The three families of mechanisms, each with its strategy catalog: the only list of families.
 * The runner's tables, the jcstress cases, the soak and the contract-test verdicts all start here.
 */
public enum Family
{
    /** Family 1: the range's lifetime reference ({@code percpu_ref}). */
    REF("per-CPU style reference counts (percpu_ref): get, tryGetLive, put, kill", RefStrategy.class),
    /** Family 2: folio pinning under a range reference ({@code pgmap_request_folios}). */
    PIN("folio pinning: per-folio counts, DMA pin bias, range ref on the idle edge (pgmap_request_folios)",
        PinStrategy.class),
    /** Family 3: truncate waits for pinned folios to go idle; the last unpin wakes it. */
    IDLE("page-idle wakeup: truncate waits until a pinned folio is idle, the last unpin wakes it",
        IdleStrategy.class);

    private final String description;
    private final Class<? extends Enum<? extends Described>> catalog;

    Family(final String description, final Class<? extends Enum<? extends Described>> catalog)
    {
        this.description = description;
        this.catalog = catalog;
    }

    /** Lower-case name, as {@code --family} takes it and results name it ({@code ref}). */
    public String label()
    {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line for {@code list} and the reports. */
    public String description()
    {
        return description;
    }

    /** The catalog enum of this family's strategies. */
    public Class<? extends Enum<? extends Described>> catalog()
    {
        return catalog;
    }

    /** Every strategy of the family, in catalog order. */
    public List<Described> strategies()
    {
        return Arrays.stream(catalog.getEnumConstants()).map(Described.class::cast).toList();
    }

    /** The strategy of this family with that exact catalog name, if any. */
    public Optional<Described> strategy(final String name)
    {
        return strategies().stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** {@code family.STRATEGY}: how verdicts and results name one strategy of one family. */
    public String key(final Described strategy)
    {
        return label() + "." + strategy.name();
    }

    /** The family whose catalog holds {@code strategy}. */
    public static Family of(final Described strategy)
    {
        return Arrays.stream(values()).filter(f -> f.catalog.isInstance(strategy)).findFirst()
            .orElseThrow(() -> new IllegalArgumentException(strategy + " is in no family's catalog"));
    }
}
