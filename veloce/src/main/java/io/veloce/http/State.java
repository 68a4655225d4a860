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
     * @return this, for chaining
     */
    public State put(String key, Object value) {
        values.put(key, value);
        return this;
    }

    /**
     * Returns the value under {@code key} as {@code type}, if present.
     *
     * @throws ClassCastException when the stored value is not a {@code type}
     */
    public <T> Optional<T> get(String key, Class<T> type) {
        return Optional.ofNullable(type.cast(values.get(key)));
    }

    /** Returns the raw value under {@code key}, or {@code null}. */
    public Object get(String key) {
        return values.get(key);
    }

    /** Returns whether {@code key} holds a value. */
    public boolean contains(String key) {
        return values.containsKey(key);
    }

    /** Removes {@code key}; returns its former value or {@code null}. */
    public Object remove(String key) {
        return values.remove(key);
    }

    @Override
    public String toString() {
        return "State" + values;
    }
}
