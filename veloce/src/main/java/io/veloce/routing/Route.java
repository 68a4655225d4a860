package io.veloce.routing;

import io.veloce.di.Dependency;
import io.veloce.http.Handler;
import io.veloce.middleware.Middleware;
import java.util.List;
import java.util.Objects;

/**
 * A registered route: method, path template, handler and the router middleware that wraps it
 * (outermost first). Immutable.
 */
public final class Route {

    private final String method;
    private final String path;
    private final Handler handler;
    private final List<Middleware> middleware;
    private final List<Dependency<?>> dependencies;

    /**
     * Creates a route.
     *
     * @throws IllegalArgumentException when the template is malformed (see {@link PathTemplate})
     */
    public Route(String method, String path, Handler handler, List<Middleware> middleware) {
        this(method, path, handler, middleware, List.of());
    }

    /**
     * Creates a route whose handler runs after {@code dependencies} were resolved (for their effect).
     *
     * @throws IllegalArgumentException when the template is malformed (see {@link PathTemplate})
     */
    public Route(String method, String path, Handler handler, List<Middleware> middleware,
            List<Dependency<?>> dependencies) {
        this.method = checkMethod(method);
        this.path = PathTemplate.parse(path).template();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.middleware = List.copyOf(middleware);
        this.dependencies = List.copyOf(dependencies);
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

    /**
     * Returns the dependencies resolved for their effect before the handler (a router's), in order;
     * empty for app routes (the app adds its own when it starts).
     */
    public List<Dependency<?>> dependencies() {
        return dependencies;
    }

    /** Returns this route moved under {@code prefix}, keeping its middleware and dependencies. */
    public Route mountedAt(String prefix) {
        return mountedAt(prefix, List.of(), List.of());
    }

    /** Returns this route moved under {@code prefix}, with {@code outer} middleware and dependencies before its own. */
    Route mountedAt(String prefix, List<Middleware> outer, List<Dependency<?>> outerDependencies) {
        return new Route(method, PathTemplate.join(prefix, path), handler, RouteLists.concat(outer, middleware),
                RouteLists.concat(outerDependencies, dependencies));
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
