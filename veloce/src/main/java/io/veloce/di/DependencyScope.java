package io.veloce.di;

import io.veloce.http.Connection;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dependencies resolved for one request or WebSocket connection: each resolved at most once
 * and cached for the rest of it; those with a cleanup released by {@link #close()} in reverse
 * order of resolution. Created by the app for each connection that uses dependencies; handlers
 * reach it through {@code connection.dependency(...)}. Not thread-safe: one connection's
 * dependencies are resolved on its handler's thread.
 */
public final class DependencyScope implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DependencyScope.class);

    private final Connection connection;
    private final DependencyOverrides overrides;
    // A request uses a handful of dependencies: a linear scan of a small array beats hashing.
    private Dependency<?>[] keys = new Dependency<?>[4];
    private Object[] values = new Object[4];
    private int size;
    private boolean closed;

    /**
     * Creates the scope of one connection.
     *
     * @param connection what providers receive
     * @param overrides the app's overrides, consulted at every resolution
     */
    public DependencyScope(Connection connection, DependencyOverrides overrides) {
        this.connection = connection;
        this.overrides = overrides;
    }

    /**
     * Returns the value of {@code dependency} for this connection, resolving it (and what it
     * needs) the first time.
     *
     * @param <T> the value's type
     * @param dependency the dependency (or its override) to resolve
     * @return its value, the same object on every call in this scope
     * @throws DependencyException wrapping a checked exception of a provider
     * @throws IllegalStateException after {@link #close()}
     */
    @SuppressWarnings("unchecked")
    public <T> T resolve(Dependency<T> dependency) {
        if (closed) {
            throw new IllegalStateException("the request's dependencies were already released");
        }
        Dependency<T> effective = overrides.effective(dependency);
        for (int i = 0; i < size; i++) {
            if (keys[i] == effective) {
                return (T) values[i];
            }
        }
        java.util.List<Dependency<?>> needs = effective.needs();
        Object[] needed = new Object[needs.size()];
        for (int i = 0; i < needed.length; i++) {
            needed[i] = resolve(needs.get(i));
        }
        T value;
        try {
            value = effective.provider().provide(connection, needed);
        } catch (RuntimeException unchecked) {
            throw unchecked;
        } catch (Exception checked) {
            throw new DependencyException(effective, checked);
        }
        remember(effective, value);
        return value;
    }

    private void remember(Dependency<?> dependency, Object value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
            values = Arrays.copyOf(values, size * 2);
        }
        keys[size] = dependency;
        values[size] = value;
        size++;
    }

    /**
     * Releases the values of dependencies with a cleanup, last resolved first; a failing cleanup
     * is logged and the others still run. Idempotent.
     */
    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = size - 1; i >= 0; i--) {
            Dependency.Cleanup cleanup = keys[i].cleanup();
            if (cleanup != null) {
                try {
                    cleanup.release(values[i]);
                } catch (Exception | LinkageError failure) {
                    log.error("cleanup of {} failed", keys[i], failure);
                }
            }
        }
    }
}
