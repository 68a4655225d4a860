package io.veloce.http;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Per-connection scratch space: middleware and dependencies put values here for the handler of
 * the same request or WebSocket. Keys are strings; reads are typed. Not thread-safe: a request's
 * state belongs to the thread that handles it.
 */
public final class State {

    private final Map<String, Object> values = new HashMap<>(4);

    /** Creates empty state. */
    public State() {
    }

    /**
     * Stores {@code value} under {@code key}, replacing any previous value.
     *
     * @param key the name; prefix it with your package or class name, since middleware,
     *     dependencies and handlers share one namespace
     * @param value the value, kept by reference; {@code null} is stored as such (the key is then
     *     {@linkplain #contains present} but reads as absent), {@link #remove} removes a key
     * @return this state, for chaining
     */
    public State put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /**
     * Returns the value under {@code key} as {@code type}, if present.
     *
     * @param <T> the type expected
     * @param key the name the value was stored under
     * @param type the class the value is cast to (a primitive class fails: use its box)
     * @return the value, or empty when the key is absent or holds {@code null}
     * @throws ClassCastException when the stored value is not a {@code type}
     */
    public <T> Optional<T> get(String key, Class<T> type) {
        return Optional.ofNullable(type.cast(values.get(key)));
    }

    /**
     * Returns the raw value under {@code key}, or {@code null}.
     *
     * @param key the name the value was stored under
     * @return the value as stored, or {@code null} when the key is absent (or holds {@code null})
     */
    public Object get(String key) {
        return values.get(key);
    }

    /**
     * Returns whether {@code key} holds a value.
     *
     * @param key the name to look up
     * @return {@code true} when something was stored under {@code key} and not removed since,
     *     {@code null} included
     */
    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /**
     * Removes {@code key}; returns its former value or {@code null}.
     *
     * @param key the name to remove; an absent key changes nothing
     * @return the value it held, or {@code null} when it was absent (or held {@code null})
     */
    public Object remove(String key) {
        return values.remove(key);
    }

    @Override
    public String toString() {
        return "State" + values;
    }
}
