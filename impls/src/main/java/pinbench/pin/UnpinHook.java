package pinbench.pin;

import pinbench.Described;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.function.Function;

/**
 * How the unpin path reaches its {@link UnpinListener}: what a feature check costs on every unpin.
 * The kernel once tested "is this a device page with a free callback?" on every {@code put_page},
 * then hid it behind a static key. Each variant is its own class, so a benchmark fork loads one
 * and the JIT sees exactly that code.
 */
public enum UnpinHook implements Described
{
    /** No hook: the unpin path ends at the count update. Waiters can only poll. */
    NONE("no hook: nothing after the count update", listener -> new NoHook()),
    /** Behind a {@code static final} key, set on at class initialisation: the JIT folds the test. */
    STATIC_KEY("listener behind a static final key, folded by the JIT", StaticKeyHook::new),
    /** Behind a volatile flag that can be flipped at run time: one load and a branch per unpin. */
    VOLATILE_FLAG("listener behind a volatile flag, one load per unpin", VolatileFlagHook::new),
    /** An indirect call on every unpin, like a function pointer in an ops table: never inlined. */
    ALWAYS_CALL("listener called indirectly on every unpin (ops-table style)", AlwaysCallHook::new);

    private final String description;
    private final Function<UnpinListener, Hook> factory;

    UnpinHook(final String description, final Function<UnpinListener, Hook> factory)
    {
        this.description = description;
        this.factory = factory;
    }

    @Override
    public String description()
    {
        return description;
    }

    Hook create(final UnpinListener listener)
    {
        return factory.apply(listener);
    }

    /** The hook as the page map holds it. */
    abstract static class Hook
    {
        abstract void afterUnpin(int folio, long remaining);
    }

    static final class NoHook extends Hook
    {
        @Override
        void afterUnpin(final int folio, final long remaining)
        {
        }
    }

    static final class StaticKeyHook extends Hook
    {
        /**
         * Set once at class initialisation, like a static key patched at boot. Assigned in the static
         * initialiser, not with a constant initialiser: javac would fold a constant and drop the test
         * from the bytecode, and what this hook shows is the JIT folding it.
         */
        private static final boolean KEY;

        static
        {
            KEY = true;
        }

        private final UnpinListener listener;

        StaticKeyHook(final UnpinListener listener)
        {
            this.listener = listener;
        }

        @Override
        void afterUnpin(final int folio, final long remaining)
        {
            if (KEY)
            {
                listener.unpinned(folio, remaining);
            }
        }
    }

    static final class VolatileFlagHook extends Hook
    {
        private final UnpinListener listener;
        private volatile boolean enabled = true;

        VolatileFlagHook(final UnpinListener listener)
        {
            this.listener = listener;
        }

        @Override
        void afterUnpin(final int folio, final long remaining)
        {
            if (enabled)
            {
                listener.unpinned(folio, remaining);
            }
        }
    }

    static final class AlwaysCallHook extends Hook
    {
        private static final MethodType UNPINNED = MethodType.methodType(void.class, int.class, long.class);

        /** A method handle held in an instance field is not a JIT constant: every call is a real indirect call. */
        private final MethodHandle callback;

        AlwaysCallHook(final UnpinListener listener)
        {
            try
            {
                callback = MethodHandles.publicLookup().findVirtual(UnpinListener.class, "unpinned", UNPINNED)
                    .bindTo(listener);
            }
            catch (final ReflectiveOperationException ex)
            {
                throw new IllegalStateException(ex);
            }
        }

        @Override
        void afterUnpin(final int folio, final long remaining)
        {
            try
            {
                callback.invokeExact(folio, remaining);
            }
            catch (final RuntimeException | Error ex)
            {
                throw ex;
            }
            catch (final Throwable ex)
            {
                throw new IllegalStateException(ex);
            }
        }
    }
}
