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
    // A request uses a handful of dependencies: a linear scan of one small array (dependency,
    // value, dependency, value, ...) beats hashing, and is one allocation per request.
    private Object[] entries = new Object[8];
    private int size; // entries used, two per dependency
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
        for (int i = 0; i < size; i += 2) {
            if (entries[i] == effective) {
                return (T) entries[i + 1];
            }
        }
        T value;
        try {
            value = effective.provide(connection, this);
        } catch (RuntimeException unchecked) {
            throw unchecked;
        } catch (Exception checked) {
            throw new DependencyException(effective, checked);
        }
        remember(effective, value);
        return value;
    }

    private void remember(Dependency<?> dependency, Object value) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size] = dependency;
        entries[size + 1] = value;
        size += 2;
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
        for (int i = size - 2; i >= 0; i -= 2) {
            Dependency<?> dependency = (Dependency<?>) entries[i];
            Dependency.Cleanup cleanup = dependency.cleanup();
            if (cleanup != null) {
                try {
                    cleanup.release(entries[i + 1]);
                } catch (Exception | LinkageError failure) {
                    log.error("cleanup of {} failed", dependency, failure);
                }
            }
        }
    }
}
