package io.veloce.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The session of a connection: a small map of string keys to string values that lives across
 * requests (with {@code SessionMiddleware}, in a signed cookie). Read it with
 * {@link Connection#session()}.
 *
 * <pre>{@code
 * app.post("/login", req -> {
 *     req.session().put("user", "ada");
 *     return "welcome";
 * });
 * app.get("/me", req -> req.session().get("user", "anonymous"));
 * }</pre>
 *
 * <p>Values are strings on purpose: the session comes back from the client, and decoding
 * arbitrary types from client-held data is how deserialisation attacks start. Store an ID or a
 * number as text, and anything bigger server-side under a key kept here.
 *
 * <p>The session of an HTTP request can be changed; the changes are sent back when the response
 * goes out. The session of a WebSocket is read-only: after the handshake a WebSocket cannot set
 * cookies, so {@link #put}, {@link #remove} and {@link #clear} throw there, and an HTTP route must
 * make the change. Middleware that provides sessions stores them in the connection's
 * {@link Connection#state() state} under {@code Session.class.getName()}. Not thread-safe: a
 * session belongs to the thread handling its connection.
 */
public final class Session {

    private final Map<String, String> values;
    private final boolean readOnly;
    private boolean modified;

    private Session(Map<String, String> values, boolean readOnly) {
        this.values = new LinkedHashMap<>(values);
        this.readOnly = readOnly;
    }

    /**
     * Returns a session holding {@code values}, not yet modified, that can be changed.
     *
     * @param values the keys and values loaded (copied)
     * @return the session
     * @throws NullPointerException when a key or value is {@code null}
     */
    public static Session of(Map<String, String> values) {
        return new Session(checked(values), false);
    }

    /**
     * Returns a session holding {@code values} whose changing methods throw
     * {@link IllegalStateException}: the session of a WebSocket.
     *
     * @param values the keys and values loaded (copied)
     * @return the session
     * @throws NullPointerException when a key or value is {@code null}
     */
    public static Session readOnly(Map<String, String> values) {
        return new Session(checked(values), true);
    }

    private static Map<String, String> checked(Map<String, String> values) {
        values.forEach((key, value) -> {
            Objects.requireNonNull(key, "session key");
            Objects.requireNonNull(value, "session value");
        });
        return values;
    }

    /**
     * Returns the value under {@code key}, or {@code null} when there is none.
     *
     * @param key the key
     * @return the value or {@code null}
     */
    public String get(String key) {
        return values.get(key);
    }

    /**
     * Returns the value under {@code key}, or {@code defaultValue} when there is none.
     *
     * @param key the key
     * @param defaultValue what to return when the key is absent
     * @return the value or {@code defaultValue}
     */
    public String get(String key, String defaultValue) {
        return values.getOrDefault(key, defaultValue);
    }

    /**
     * Stores {@code value} under {@code key}, replacing any previous value.
     *
     * @param key the key
     * @param value the value; {@link #remove} removes a key
     * @return this, for chaining
     * @throws NullPointerException when {@code key} or {@code value} is {@code null}
     * @throws IllegalStateException on a WebSocket's read-only session
     */
    public Session put(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value (use remove(key) to remove a key)");
        checkWritable();
        if (!value.equals(values.put(key, value))) {
            modified = true;
        }
        return this;
    }

    /**
     * Removes {@code key}.
     *
     * @param key the key
     * @return the value it had, or {@code null}
     * @throws IllegalStateException on a WebSocket's read-only session
     */
    public String remove(String key) {
        checkWritable();
        String previous = values.remove(key);
        modified |= previous != null;
        return previous;
    }

    /**
     * Removes every key (logging out): the session cookie is then deleted on the client.
     *
     * @throws IllegalStateException on a WebSocket's read-only session
     */
    public void clear() {
        checkWritable();
        modified |= !values.isEmpty();
        values.clear();
    }

    /**
     * Returns the keys, in insertion order: a snapshot that later changes do not affect.
     *
     * @return the keys, unmodifiable
     */
    public Set<String> keys() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(values.keySet()));
    }

    /**
     * Returns whether the session holds no key.
     *
     * @return {@code true} when no key is stored (a new visitor, or after {@link #clear()})
     */
    public boolean isEmpty() {
        return values.isEmpty();
    }

    /**
     * Returns whether a key was added, changed or removed since the session was loaded (storing
     * the value a key already has changes nothing), that is whether it must be sent back.
     *
     * @return {@code true} once a {@link #put}, {@link #remove} or {@link #clear} changed the
     *     content, even when a later call restored it; always {@code false} for a read-only session
     */
    public boolean isModified() {
        return modified;
    }

    private void checkWritable() {
        if (readOnly) {
            throw new IllegalStateException("the session of a WebSocket is read-only: a WebSocket cannot set cookies "
                    + "after its handshake, so change the session in an HTTP route");
        }
    }

    /** Names the keys only: session values (user IDs, tokens) have no place in logs. */
    @Override
    public String toString() {
        return "Session" + values.keySet();
    }
}
