package io.veloce.security;

import io.veloce.di.Dependency;
import io.veloce.http.Connection;
import io.veloce.http.HttpException;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * An API key read from a header, a query parameter or a cookie, as a dependency. A missing key is
 * 403 {@code "Not authenticated"} (there is no standard {@code WWW-Authenticate} scheme for API
 * keys, and a 401 must carry one); with {@link #matching}, a wrong key is 403 too.
 *
 * <p>The query and cookie forms are how a browser authenticates a WebSocket, since it cannot set
 * headers on the handshake: {@code new WebSocket("wss://host/ws?token=...")}, or the session
 * cookie it sends by itself.
 *
 * <pre>{@code
 * Dependency<String> key = ApiKey.matching(ApiKey.header("X-API-Key"), Set.of(System.getenv("API_KEY")));
 * app.get("/reports", key, (req, k) -> reports.all());
 * }</pre>
 */
public final class ApiKey {

    private ApiKey() {
    }

    /**
     * Returns a dependency on the key in header {@code name}.
     *
     * @param name the header, for example {@code X-API-Key}
     * @return a dependency whose value is the key
     */
    public static Dependency<String> header(String name) {
        return from("header " + name, conn -> conn.headers().get(name));
    }

    /**
     * Returns a dependency on the key in query parameter {@code name}. Keys in URLs end up in
     * access logs and browser history: prefer short-lived tokens here.
     *
     * @param name the query parameter, for example {@code token}
     * @return a dependency whose value is the key
     */
    public static Dependency<String> query(String name) {
        return from("query parameter " + name, conn -> conn.queryParams().get(name));
    }

    /**
     * Returns a dependency on the key in cookie {@code name}.
     *
     * @param name the cookie, for example {@code session}
     * @return a dependency whose value is the key
     */
    public static Dependency<String> cookie(String name) {
        return from("cookie " + name, conn -> conn.cookies().get(name));
    }

    /**
     * Returns a dependency on {@code key} that must be one of {@code validKeys} (compared in
     * constant time); any other key is 403.
     *
     * @param key where the key is read from ({@link #header}, {@link #query}, {@link #cookie})
     * @param validKeys the accepted keys
     * @return a dependency whose value is the (valid) key
     */
    public static Dependency<String> matching(Dependency<String> key, Collection<String> validKeys) {
        List<String> valid = List.copyOf(validKeys);
        return Dependency.of(key, (conn, given) -> {
            if (!Secrets.matchesAny(given, valid)) {
                throw new HttpException(403, "invalid API key");
            }
            return given;
        });
    }

    private static Dependency<String> from(String where, Function<Connection, String> read) {
        return Dependency.of(conn -> {
            String value = read.apply(conn);
            if (value == null || value.isEmpty()) {
                throw new HttpException(403, "Not authenticated: missing API key in " + where);
            }
            return value;
        });
    }
}
