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

    /**
     * Returns the request method ({@code GET}, {@code POST}, ...), upper case as sent.
     *
     * @return the method token exactly as the client sent it (methods are case-sensitive, so
     *     {@code get} is not {@code GET}); {@code GET} for a WebSocket handshake
     */
    String method();

    /**
     * Returns the percent-decoded request path, without the query ({@code /items/42}).
     *
     * @return the decoded path, starting with {@code /}; the raw path when it cannot be decoded
     *     (routing has answered such a request with 400, but middleware still sees it)
     */
    String path();

    /**
     * Returns the full URL as the client addressed it: scheme ({@code http}/{@code https}, or
     * {@code ws}/{@code wss} for a WebSocket), the {@code Host} header (or the server address when
     * absent), the raw path and the raw query.
     *
     * @return a new URI on every call; with {@code app.trustedProxies} and a trusted peer, the
     *     scheme (and, when enabled, the host) the proxy reported. A {@code Host} header that does
     *     not form a valid URI is replaced by the server address rather than failing
     */
    URI url();

    /**
     * Returns whether the connection is encrypted (TLS: {@code https}, {@code wss}).
     *
     * @return {@code true} over TLS; with {@code app.trustedProxies} and a trusted peer, whether
     *     the proxy says the client used HTTPS
     */
    boolean secure();

    /**
     * Returns the request headers (case-insensitive names, several values per name).
     *
     * @return the headers as received, never {@code null}; the connection's own instance, not a
     *     copy
     */
    Headers headers();

    /**
     * Returns the decoded query parameters.
     *
     * @return the parameters, parsed on the first call and the same instance afterwards;
     *     {@link QueryParams#empty()} when the URL has no query
     * @throws HttpException 400 when the query holds a malformed percent escape
     */
    QueryParams queryParams();

    /**
     * Returns the cookies the client sent, by name (the first wins when a name repeats);
     * unmodifiable, empty when there is no {@code Cookie} header.
     *
     * @return the cookies by name, in the order they were sent, never {@code null}; values as
     *     sent, with surrounding double quotes removed
     */
    Map<String, String> cookies();

    /**
     * Returns the peer address.
     *
     * @return the socket peer's IP address and port, never {@code null}; with
     *     {@code app.trustedProxies} and a trusted peer, the client the proxy reported instead
     */
    ClientAddress client();

    /**
     * Returns a path parameter of the matched route ({@code /items/{id}} → {@code pathParam("id")}),
     * percent-decoded.
     *
     * @param name the parameter's name in the route template, without braces
     * @return the decoded value, never {@code null}
     * @throws IllegalArgumentException when the route has no parameter of that name
     */
    String pathParam(String name);

    /**
     * Returns a path parameter converted to {@code type}: {@code String}, {@code Integer}/{@code int},
     * {@code Long}/{@code long}, {@code Short}, {@code Double}, {@code Float}, {@code Boolean}
     * ({@code true/false/1/0/yes/no/on/off}), {@code UUID}, {@code BigDecimal} or an enum (by name).
     *
     * @param <T> the type asked for
     * @param name the parameter's name in the route template, without braces
     * @param type one of the types above (a primitive class gives its boxed value); not {@code null}
     * @return the converted value, never {@code null}
     * @throws HttpException 422 naming the parameter when the text does not convert
     * @throws IllegalArgumentException when the route has no such parameter or the type is unsupported
     */
    default <T> T pathParam(String name, Class<T> type) {
        return ParamConverter.convert("path parameter", name, pathParam(name), type);
    }

    /**
     * Returns every path parameter of the matched route, in template order.
     *
     * @return an unmodifiable map of names to decoded values; empty when the route has none or
     *     no route matched
     */
    Map<String, String> pathParams();

    /**
     * Returns this connection's scratch space, shared by middleware, dependencies and the handler.
     *
     * @return the same {@link State} on every call for this connection (a WebSocket shares its
     *     handshake's), created empty on first use
     */
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
