package io.veloce.routing;

import io.veloce.di.Dependency;
import io.veloce.http.Handler;
import io.veloce.middleware.Middleware;
import io.veloce.websocket.WebSocketHandler;
import io.veloce.websocket.WebSocketSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A group of routes with shared middleware, mounted on the app (or on another router) under a
 * prefix:
 *
 * <pre>{@code
 * Router api = new Router();
 * api.addMiddleware(new AuditMiddleware());
 * api.get("/items/{id}", req -> items.find(req.pathParam("id", Long.class)));
 * app.include("/api", api);              // GET /api/items/{id}
 * }</pre>
 *
 * <p>{@link #include} copies the routes registered so far: register a router's routes before
 * including it. A router's middleware runs after routing, only for its own routes, inside the
 * app's middleware; the first added is the outermost. Not thread-safe; build it at startup.
 */
public final class Router implements Routes {

    private final List<Route> routes = new ArrayList<>();
    private final List<WebSocketRoute> webSocketRoutes = new ArrayList<>();
    private final List<Middleware> middleware = new ArrayList<>();
    private final List<Dependency<?>> dependencies = new ArrayList<>();

    /** Creates an empty router. */
    public Router() {
    }

    /** {@inheritDoc} */
    @Override
    public Route route(String method, String path, Handler handler) {
        Route route = new Route(method, path, handler, List.of());
        routes.add(route);
        return route;
    }

    /** {@inheritDoc} */
    @Override
    public WebSocketRoute websocket(String path, UnaryOperator<WebSocketSettings> settings,
            WebSocketHandler handler) {
        WebSocketRoute route = new WebSocketRoute(path, handler, List.of(), settings);
        webSocketRoutes.add(route);
        return route;
    }

    /**
     * Adds middleware around every route of this router, included ones too (first added is outermost).
     *
     * @param middleware runs after routing, only for this router's routes, inside the app's
     *     middleware; also around routes included before this call; not {@code null}
     *     ({@link NullPointerException})
     * @return this, for chaining
     */
    public Router addMiddleware(Middleware middleware) {
        this.middleware.add(java.util.Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /**
     * Adds a dependency resolved, for its effect, before every route of this router (included
     * ones too), after the router's middleware — for example authentication that refuses with
     * an {@code HttpException}. Dependencies run in the order added.
     *
     * @param dependency resolved for each request and handshake routed here, its value unused;
     *     not {@code null} ({@link NullPointerException})
     * @return this, for chaining
     */
    public Router addDependency(Dependency<?> dependency) {
        this.dependencies.add(java.util.Objects.requireNonNull(dependency, "dependency"));
        return this;
    }

    /**
     * Copies {@code router}'s routes into this one under {@code prefix}.
     *
     * @param prefix where to mount, starting with {@code /}; empty, {@code /} or {@code null}
     *     mounts at this router's root, and a trailing {@code /} is dropped
     * @param router the router whose routes, with its middleware and dependencies, are copied as
     *     they are now: what is added to it later is not seen here; not {@code null}
     *     ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalArgumentException when the prefix does not start with {@code /}, or joined
     *     with a route's path makes a malformed template; routes copied before that one stay.
     *     Conflicting routes are not refused here but when the app includes this router
     */
    public Router include(String prefix, Router router) {
        for (Route route : router.routes()) {
            routes.add(route.mountedAt(prefix, List.of()));
        }
        for (WebSocketRoute route : router.webSocketRoutes()) {
            webSocketRoutes.add(route.mountedAt(prefix, List.of()));
        }
        return this;
    }

    /**
     * Returns this router's routes with their full paths relative to the router and this router's
     * middleware and dependencies already placed before each, in registration order.
     *
     * @return a new list on each call, which the caller may change without affecting this router;
     *     empty when nothing was registered
     */
    public List<Route> routes() {
        List<Middleware> layer = layer();
        List<Route> mounted = new ArrayList<>(routes.size());
        for (Route route : routes) {
            mounted.add(route.mountedAt("", layer));
        }
        return mounted;
    }

    /**
     * Returns this router's WebSocket routes, like {@link #routes()}.
     *
     * @return a new list on each call, in registration order, with this router's middleware and
     *     dependencies placed before each route; empty when there are none
     */
    public List<WebSocketRoute> webSocketRoutes() {
        List<Middleware> layer = layer();
        List<WebSocketRoute> mounted = new ArrayList<>(webSocketRoutes.size());
        for (WebSocketRoute route : webSocketRoutes) {
            mounted.add(route.mountedAt("", layer));
        }
        return mounted;
    }

    /**
     * This router's layer around its routes: its middleware, then its dependencies as one step,
     * so that a router included in another keeps its own middleware and dependencies together.
     */
    private List<Middleware> layer() {
        if (dependencies.isEmpty()) {
            return middleware;
        }
        List<Middleware> layer = new ArrayList<>(middleware);
        layer.add(new DependencyStep(dependencies));
        return layer;
    }
}
