package io.veloce.di;

import io.veloce.http.Connection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A value a handler needs, computed from the connection (an HTTP request or a WebSocket
 * handshake) and from other dependencies — Veloce's {@code Depends}. Resolved at most once per
 * request or WebSocket connection, before the handler runs, and shared by every use in it;
 * a dependency with a cleanup is released after the response is sent or when the WebSocket
 * ends, in reverse order of resolution, also when something failed.
 *
 * <pre>{@code
 * Dependency<String> token = Dependency.of(conn -> conn.queryParams().get("token"));
 * Dependency<User> currentUser = Dependency.of(token, (conn, t) -> users.byToken(t));
 * Dependency<Db> db = Dependency.of(conn -> pool.open()).onClose(Db::close);
 *
 * app.get("/me", currentUser, (req, user) -> user);
 * app.websocket("/ws", currentUser, (ws, user) -> { ws.accept(); ws.sendText("hi " + user.name()); });
 * }</pre>
 *
 * <p>A dependency is a plain immutable value: it is identified by the object itself (two
 * {@code of} calls make two dependencies), built once at startup and shared by routes. It can
 * only use dependencies that exist when it is built, so the graph cannot have a cycle; an
 * override that would create one is refused when registered (see {@link DependencyOverrides}).
 * A provider that throws an {@code HttpException} answers the request with that status (a
 * WebSocket handshake is refused with it); any other exception is a 500 (a refused handshake).
 *
 * @param <T> the type of the value
 */
public final class Dependency<T> {

    private static final AtomicInteger IDS = new AtomicInteger();

    /**
     * Computes a value from the connection.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface From0<T> {
        /**
         * Returns the value for {@code connection}.
         *
         * @param connection the request or WebSocket being handled
         * @return the value handed to whoever depends on it
         * @throws Exception an {@code HttpException} answers with its status; anything else is a 500
         */
        T provide(Connection connection) throws Exception;
    }

    /**
     * Computes a value from the connection and one other dependency.
     *
     * @param <T> the value's type
     * @param <A> the other dependency's type
     */
    @FunctionalInterface
    public interface From1<T, A> {
        /**
         * Returns the value.
         *
         * @param connection the request or WebSocket being handled
         * @param a the value of the first dependency
         * @return the value
         * @throws Exception as {@link From0#provide}
         */
        T provide(Connection connection, A a) throws Exception;
    }

    /**
     * Computes a value from the connection and two other dependencies.
     *
     * @param <T> the value's type
     * @param <A> the first dependency's type
     * @param <B> the second dependency's type
     */
    @FunctionalInterface
    public interface From2<T, A, B> {
        /**
         * Returns the value.
         *
         * @param connection the request or WebSocket being handled
         * @param a the value of the first dependency
         * @param b the value of the second dependency
         * @return the value
         * @throws Exception as {@link From0#provide}
         */
        T provide(Connection connection, A a, B b) throws Exception;
    }

    /**
     * Computes a value from the connection and three other dependencies.
     *
     * @param <T> the value's type
     * @param <A> the first dependency's type
     * @param <B> the second dependency's type
     * @param <C> the third dependency's type
     */
    @FunctionalInterface
    public interface From3<T, A, B, C> {
        /**
         * Returns the value.
         *
         * @param connection the request or WebSocket being handled
         * @param a the value of the first dependency
         * @param b the value of the second dependency
         * @param c the value of the third dependency
         * @return the value
         * @throws Exception as {@link From0#provide}
         */
        T provide(Connection connection, A a, B b, C c) throws Exception;
    }

    /**
     * Releases a dependency's value when its request or WebSocket is over.
     *
     * @param <T> the value's type
     */
    @FunctionalInterface
    public interface Cleanup<T> {
        /**
         * Releases {@code value}.
         *
         * @param value what the provider returned
         * @throws Exception logged; the other cleanups still run
         */
        void release(T value) throws Exception;
    }

    private final int id;
    private final List<Dependency<?>> needs;
    // Exactly one provider is set, the one of this dependency's arity: resolving calls it
    // directly, with no array of arguments per request.
    private final From0<T> from0;
    private final From1<T, Object> from1;
    private final From2<T, Object, Object> from2;
    private final From3<T, Object, Object, Object> from3;
    private final Cleanup<? super T> cleanup;

    @SuppressWarnings("unchecked")
    private Dependency(List<Dependency<?>> needs, Object provider, Cleanup<? super T> cleanup) {
        this.id = IDS.incrementAndGet();
        this.needs = needs;
        this.from0 = needs.isEmpty() ? (From0<T>) provider : null;
        this.from1 = needs.size() == 1 ? (From1<T, Object>) provider : null;
        this.from2 = needs.size() == 2 ? (From2<T, Object, Object>) provider : null;
        this.from3 = needs.size() == 3 ? (From3<T, Object, Object, Object>) provider : null;
        this.cleanup = cleanup;
    }

    /**
     * Returns a dependency computed from the connection alone.
     *
     * @param <T> the value's type
     * @param provider computes the value
     * @return a new dependency
     */
    public static <T> Dependency<T> of(From0<T> provider) {
        Objects.requireNonNull(provider, "provider");
        return new Dependency<>(List.of(), provider, null);
    }

    /**
     * Returns a dependency computed from the connection and {@code a}.
     *
     * @param <T> the value's type
     * @param <A> the type of {@code a}
     * @param a the dependency it needs
     * @param provider computes the value
     * @return a new dependency
     */
    public static <T, A> Dependency<T> of(Dependency<A> a, From1<T, A> provider) {
        Objects.requireNonNull(provider, "provider");
        return new Dependency<>(List.of(a), provider, null);
    }

    /**
     * Returns a dependency computed from the connection, {@code a} and {@code b}.
     *
     * @param <T> the value's type
     * @param <A> the type of {@code a}
     * @param <B> the type of {@code b}
     * @param a the first dependency it needs
     * @param b the second dependency it needs
     * @param provider computes the value
     * @return a new dependency
     */
    public static <T, A, B> Dependency<T> of(Dependency<A> a, Dependency<B> b, From2<T, A, B> provider) {
        Objects.requireNonNull(provider, "provider");
        return new Dependency<>(List.of(a, b), provider, null);
    }

    /**
     * Returns a dependency computed from the connection, {@code a}, {@code b} and {@code c}.
     *
     * @param <T> the value's type
     * @param <A> the type of {@code a}
     * @param <B> the type of {@code b}
     * @param <C> the type of {@code c}
     * @param a the first dependency it needs
     * @param b the second dependency it needs
     * @param c the third dependency it needs
     * @param provider computes the value
     * @return a new dependency
     */
    public static <T, A, B, C> Dependency<T> of(Dependency<A> a, Dependency<B> b, Dependency<C> c,
            From3<T, A, B, C> provider) {
        Objects.requireNonNull(provider, "provider");
        return new Dependency<>(List.of(a, b, c), provider, null);
    }

    /**
     * Returns a dependency like this one whose value is released by {@code cleanup} when the
     * request has been answered or the WebSocket has ended (a new dependency: use the returned one).
     *
     * @param cleanup releases the value
     * @return a new dependency
     */
    public Dependency<T> onClose(Cleanup<? super T> cleanup) {
        Object provider = from0 != null ? from0 : from1 != null ? from1 : from2 != null ? from2 : from3;
        return new Dependency<>(needs, provider, Objects.requireNonNull(cleanup, "cleanup"));
    }

    /**
     * Returns a dependency whose {@link AutoCloseable} value is closed when the request has been
     * answered or the WebSocket has ended.
     *
     * @param <T> the value's type
     * @param provider opens the resource
     * @return a new dependency
     */
    public static <T extends AutoCloseable> Dependency<T> resource(From0<T> provider) {
        return of(provider).onClose(AutoCloseable::close);
    }

    /** Returns the dependencies this one needs, in the order its provider takes them. */
    List<Dependency<?>> needs() {
        return needs;
    }

    /** Computes the value in {@code scope}, resolving what it needs there first. */
    T provide(Connection connection, DependencyScope scope) throws Exception {
        if (from0 != null) {
            return from0.provide(connection);
        }
        Object a = scope.resolve(needs.get(0));
        if (from1 != null) {
            return from1.provide(connection, a);
        }
        Object b = scope.resolve(needs.get(1));
        if (from2 != null) {
            return from2.provide(connection, a, b);
        }
        return from3.provide(connection, a, b, scope.resolve(needs.get(2)));
    }

    Cleanup<? super T> cleanup() {
        return cleanup;
    }

    /** Returns {@code Dependency#n}, its creation number, for messages. */
    @Override
    public String toString() {
        return "Dependency#" + id;
    }
}
