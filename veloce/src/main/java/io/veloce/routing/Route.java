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
     * @throws IllegalArgumentException when the template is malformed (see {@link PathTemplate})
     */
    public Route(String method, String path, Handler handler, List<Middleware> middleware) {
        this.method = checkMethod(method);
        this.path = PathTemplate.parse(path).template();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.middleware = List.copyOf(middleware);
    }

    /** Returns the HTTP method. */
    public String method() {
        return method;
    }

    /** Returns the path template, e.g. {@code /items/{id}}. */
    public String path() {
        return path;
    }

    /** Returns the handler. */
    public Handler handler() {
        return handler;
    }

    /** Returns the router middleware around this route, outermost first (empty for app routes). */
    public List<Middleware> middleware() {
        return middleware;
    }

    /** Returns this route moved under {@code prefix}, keeping its middleware. */
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
