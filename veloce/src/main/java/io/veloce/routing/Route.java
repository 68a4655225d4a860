package io.veloce.routing;

import io.veloce.http.Handler;
import io.veloce.middleware.Middleware;
import java.util.List;
import java.util.Objects;

/**
 * A registered route: method, path template, handler and the router middleware that wraps it
 * (outermost first; a router's dependencies are a step of that list, right after the router's
 * own middleware). Immutable.
 */
public final class Route {

    private final String method;
    private final String path;
    private final Handler handler;
    private final List<Middleware> middleware;

    /**
     * Creates a route.
     *
     * @param method the HTTP method: upper-case letters {@code A}–{@code Z} only, for example
     *     {@code GET}; {@code null}, empty or anything else throws {@link IllegalArgumentException}
     * @param path the path template, starting with {@code /} (see {@link Routes});
     *     {@code null} is refused like a malformed template
     * @param handler answers the requests the route matches; not {@code null}
     *     ({@link NullPointerException})
     * @param middleware the router middleware around the handler, outermost first; copied, so
     *     later changes to the list do not show; not {@code null}, no {@code null} element
     * @throws IllegalArgumentException when the method is not an upper-case token or the
     *     template is malformed (see {@link PathTemplate})
     */
    public Route(String method, String path, Handler handler, List<Middleware> middleware) {
        this.method = checkMethod(method);
        this.path = PathTemplate.parse(path).template();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.middleware = List.copyOf(middleware);
    }

    /**
     * Returns the HTTP method.
     *
     * @return the upper-case method token, for example {@code GET}
     */
    public String method() {
        return method;
    }

    /**
     * Returns the path template, e.g. {@code /items/{id}}.
     *
     * @return the template as given, with the prefixes of the routers it was mounted through
     *     joined in front
     */
    public String path() {
        return path;
    }

    /**
     * Returns the handler.
     *
     * @return the handler given at creation, never {@code null}
     */
    public Handler handler() {
        return handler;
    }

    /**
     * Returns the router middleware around this route, outermost first (empty for app routes).
     *
     * @return an unmodifiable list, with a router's dependencies as one step after that
     *     router's own middleware
     */
    public List<Middleware> middleware() {
        return middleware;
    }

    /**
     * Returns this route moved under {@code prefix}, keeping its middleware.
     *
     * @param prefix the prefix to put in front of the path, starting with {@code /}; empty,
     *     {@code /} or {@code null} keep the path, and a trailing {@code /} is dropped
     * @return a new route with the joined path and the same method, handler and middleware; this
     *     route is unchanged
     * @throws IllegalArgumentException when a non-empty prefix does not start with {@code /}, or
     *     the joined template is malformed
     */
    public Route mountedAt(String prefix) {
        return mountedAt(prefix, List.of());
    }

    /** Returns this route moved under {@code prefix}, with {@code outer} middleware around its own. */
    Route mountedAt(String prefix, List<Middleware> outer) {
        return new Route(method, PathTemplate.join(prefix, path), handler, RouteLists.concat(outer, middleware));
    }

    private static String checkMethod(String method) {
        if (method == null || method.isEmpty()) {
            throw new IllegalArgumentException("route method must not be empty");
        }
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c < 'A' || c > 'Z') {
                throw new IllegalArgumentException("route method must be an upper-case token, got " + method);
            }
        }
        return method;
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
