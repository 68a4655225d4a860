package io.veloce.http;

import io.veloce.di.Dependency;
import java.net.URI;
import java.util.Map;

/**
 * What every connection knows from its opening HTTP request: an HTTP {@link Request} and (for
 * WebSockets) the handshake share this type, so a dependency or middleware written against it
 * serves both.
 */
public interface Connection {

    /** Returns the request method ({@code GET}, {@code POST}, ...), upper case as sent. */
    String method();

    /** Returns the percent-decoded request path, without the query ({@code /items/42}). */
    String path();

    /**
     * Returns the full URL as the client addressed it: scheme ({@code http}/{@code https}, or
     * {@code ws}/{@code wss} for a WebSocket), the {@code Host} header (or the server address when
     * absent), the raw path and the raw query.
     */
    URI url();

    /** Returns whether the connection is encrypted (TLS: {@code https}, {@code wss}). */
    boolean secure();

    /** Returns the request headers (case-insensitive names, several values per name). */
    Headers headers();

    /** Returns the decoded query parameters. */
    QueryParams queryParams();

    /**
     * Returns the cookies the client sent, by name (the first wins when a name repeats);
     * unmodifiable, empty when there is no {@code Cookie} header.
     */
    Map<String, String> cookies();

    /** Returns the peer address. */
    ClientAddress client();

    /**
     * Returns a path parameter of the matched route ({@code /items/{id}} → {@code pathParam("id")}),
     * percent-decoded.
     *
     * @throws IllegalArgumentException when the route has no parameter of that name
     */
    String pathParam(String name);

    /**
     * Returns a path parameter converted to {@code type}: {@code String}, {@code Integer}/{@code int},
     * {@code Long}/{@code long}, {@code Short}, {@code Double}, {@code Float}, {@code Boolean}
     * ({@code true/false/1/0/yes/no/on/off}), {@code UUID}, {@code BigDecimal} or an enum (by name).
     *
     * @throws HttpException 422 naming the parameter when the text does not convert
     * @throws IllegalArgumentException when the route has no such parameter or the type is unsupported
     */
    default <T> T pathParam(String name, Class<T> type) {
        return ParamConverter.convert("path parameter", name, pathParam(name), type);
    }

    /** Returns every path parameter of the matched route, in template order. */
    Map<String, String> pathParams();

    /** Returns this connection's scratch space, shared by middleware, dependencies and the handler. */
    State state();

    /**
     * Returns this connection's {@link Session}, loaded by {@code SessionMiddleware} from the
     * session cookie (empty when there is none or it was rejected). An HTTP request's session can
     * be changed; a WebSocket's is read-only.
     *
     * @return the session
     * @throws IllegalStateException when no middleware provided a session (none in the state under
     *     {@code Session.class.getName()})
     */
    default Session session() {
        if (state().get(Session.class.getName()) instanceof Session session) {
            return session;
        }
        throw new IllegalStateException("no session: add SessionMiddleware to the app");
    }

    /**
     * Returns the value of {@code dependency} for this connection: resolved (with what it needs)
     * the first time it is asked for in this request or WebSocket connection, the same value on
     * every later call. For handlers that need more dependencies than the typed route overloads
     * hand over. Call it on the thread handling the connection (the handler's, the middleware's):
     * another thread gets an {@link IllegalStateException}, as does a call after the response was
     * sent or the WebSocket ended.
     *
     * @param <T> the value's type
     * @param dependency the dependency (an override registered for it is resolved instead)
     * @return its value
     * @throws HttpException when its provider refuses the request
     * @throws io.veloce.di.DependencyException when its provider failed with a checked exception
     * @throws IllegalStateException from another thread, or once the connection is over
     */
    <T> T dependency(Dependency<T> dependency);
}
