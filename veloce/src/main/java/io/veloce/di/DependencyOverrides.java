package io.veloce.di;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Replacements for dependencies, for tests: {@code app.dependencyOverrides().put(currentUser,
 * fakeUser)} makes every route that depends on {@code currentUser} (directly or through other
 * dependencies) get {@code fakeUser}'s value instead, on the test client and on the real server,
 * without touching the routes. Changes apply from the next request or WebSocket connection on.
 * Thread-safe.
 */
public final class DependencyOverrides {

    private final Map<Dependency<?>, Dependency<?>> replacements = new ConcurrentHashMap<>();
    /** Whether any override is registered: the request path reads only this when none is. */
    private volatile boolean any;

    /** Creates an empty set of overrides (the app owns one: {@code app.dependencyOverrides()}). */
    public DependencyOverrides() {
    }

    /**
     * Replaces {@code original} by {@code replacement} until {@link #remove} or {@link #clear}.
     *
     * @param <T> the type of the original's value
     * @param original the dependency routes use
     * @param replacement what to resolve instead
     * @return this, for chaining
     * @throws IllegalArgumentException when the replacement depends, through other dependencies
     *     and overrides, on {@code original}: that would be a cycle
     */
    public synchronized <T> DependencyOverrides put(Dependency<T> original, Dependency<? extends T> replacement) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(replacement, "replacement");
        if (replacement != original) {
            checkNoCycle(original, replacement);
        }
        replacements.put(original, replacement);
        any = true;
        return this;
    }

    private void checkNoCycle(Dependency<?> original, Dependency<?> replacement) {
        Deque<Dependency<?>> pending = new ArrayDeque<>();
        Set<Dependency<?>> seen = new HashSet<>();
        pending.push(replacement);
        while (!pending.isEmpty()) {
            Dependency<?> next = pending.pop();
            Dependency<?> effective = next == original ? next : replacements.getOrDefault(next, next);
            if (effective == original || next == original) {
                throw new IllegalArgumentException("overriding " + original + " with " + replacement
                        + " would make a cycle: the replacement depends on " + original);
            }
            if (seen.add(effective)) {
                effective.needs().forEach(pending::push);
            }
        }
    }

    /**
     * Removes the override of {@code original}, if any.
     *
     * @param original the overridden dependency
     * @return this, for chaining
     */
    public synchronized DependencyOverrides remove(Dependency<?> original) {
        replacements.remove(original);
        any = !replacements.isEmpty();
        return this;
    }

    /** Removes every override. */
    public synchronized void clear() {
        replacements.clear();
        any = false;
    }

    /** Returns what to resolve for {@code dependency}: its replacement, or itself. */
    @SuppressWarnings("unchecked")
    <T> Dependency<T> effective(Dependency<T> dependency) {
        if (!any) {
            return dependency;
        }
        return (Dependency<T>) replacements.getOrDefault(dependency, dependency);
    }
}
