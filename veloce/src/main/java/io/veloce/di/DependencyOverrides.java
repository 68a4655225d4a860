package io.veloce.di;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Replacements for dependencies, for tests: {@code app.dependencyOverrides().put(currentUser,
 * fakeUser)} makes every route that depends on {@code currentUser} (directly or through other
 * dependencies) get {@code fakeUser}'s value instead, on the test client and on the real server,
 * without touching the routes. Changes apply from the next request or WebSocket connection on: a
 * connection keeps the overrides in force when its first dependency was resolved. Thread-safe.
 */
public final class DependencyOverrides {

    /** The overrides in force: replaced as a whole on every change, so a scope can keep one. */
    private volatile Map<Dependency<?>, Dependency<?>> replacements = Map.of();

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
     * @throws IllegalArgumentException when resolving the replacement would, through what it
     *     needs and the overrides in force, resolve {@code original} again: a cycle
     */
    public synchronized <T> DependencyOverrides put(Dependency<T> original, Dependency<? extends T> replacement) {
        Objects.requireNonNull(original, "original");
        Objects.requireNonNull(replacement, "replacement");
        Map<Dependency<?>, Dependency<?>> next = new HashMap<>(replacements);
        next.put(original, replacement);
        checkNoCycle(original, replacement, next);
        replacements = Map.copyOf(next);
        return this;
    }

    /**
     * Resolving {@code original} runs {@code replacement}'s provider after resolving its needs,
     * each through the overrides; a cycle is a need that leads back to resolving {@code original}.
     */
    private static void checkNoCycle(Dependency<?> original, Dependency<?> replacement,
            Map<Dependency<?>, Dependency<?>> overrides) {
        if (replacement == original) {
            return; // overriding a dependency with itself changes nothing
        }
        Deque<Dependency<?>> pending = new ArrayDeque<>(replacement.needs());
        Set<Dependency<?>> seen = new HashSet<>();
        while (!pending.isEmpty()) {
            Dependency<?> next = pending.pop();
            if (next == original) {
                throw new IllegalArgumentException("overriding " + original + " with " + replacement
                        + " would make a cycle: the replacement needs " + original + " again");
            }
            if (seen.add(next)) {
                pending.addAll(overrides.getOrDefault(next, next).needs());
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
        Map<Dependency<?>, Dependency<?>> next = new HashMap<>(replacements);
        next.remove(original);
        replacements = Map.copyOf(next);
        return this;
    }

    /** Removes every override. */
    public synchronized void clear() {
        replacements = Map.of();
    }

    /** Returns the overrides in force now; a connection keeps the ones in force when it started. */
    Map<Dependency<?>, Dependency<?>> snapshot() {
        return replacements;
    }
}
