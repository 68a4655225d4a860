package io.veloce.routing;

import io.veloce.di.Dependency;
import io.veloce.middleware.Middleware;
import io.veloce.websocket.WebSocketHandler;
import io.veloce.websocket.WebSocketSettings;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A registered WebSocket route: path template, handler, the router middleware around it
 * (outermost first) and its adjustment of the app's {@link WebSocketSettings}. Immutable.
 */
public final class WebSocketRoute {

    private final String path;
    private final WebSocketHandler handler;
    private final List<Middleware> middleware;
    private final UnaryOperator<WebSocketSettings> settings;
    private final List<Dependency<?>> dependencies;

    /**
     * Creates a route.
     *
     * @param settings turns the app's settings into this route's (for example
     *     {@code s -> s.maxMessageSize(16 << 20)}); {@code UnaryOperator.identity()} keeps them
     * @throws IllegalArgumentException when the template is malformed (see {@link PathTemplate})
     */
    public WebSocketRoute(String path, WebSocketHandler handler, List<Middleware> middleware,
            UnaryOperator<WebSocketSettings> settings) {
        this(path, handler, middleware, settings, List.of());
    }

    /**
     * Creates a route whose handler runs after {@code dependencies} were resolved (for their
     * effect), before the handshake is answered.
     *
     * @throws IllegalArgumentException when the template is malformed (see {@link PathTemplate})
     */
    public WebSocketRoute(String path, WebSocketHandler handler, List<Middleware> middleware,
            UnaryOperator<WebSocketSettings> settings, List<Dependency<?>> dependencies) {
        this.path = PathTemplate.parse(path).template();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.middleware = List.copyOf(middleware);
        this.settings = Objects.requireNonNull(settings, "settings");
        this.dependencies = List.copyOf(dependencies);
    }

    /** Returns the dependencies resolved for their effect before the handler (a router's), in order. */
    public List<Dependency<?>> dependencies() {
        return dependencies;
    }

    /** Returns the path template, e.g. {@code /rooms/{room}}. */
    public String path() {
        return path;
    }

    /** Returns the handler. */
    public WebSocketHandler handler() {
        return handler;
    }

    /** Returns the router middleware around this route, outermost first (empty for app routes). */
    public List<Middleware> middleware() {
        return middleware;
    }

    /**
     * Returns this route's settings given the app's.
     *
     * @throws IllegalStateException when the route's adjustment returns {@code null}
     */
    public WebSocketSettings settings(WebSocketSettings appSettings) {
        WebSocketSettings adjusted = settings.apply(appSettings);
        if (adjusted == null) {
            throw new IllegalStateException("the settings function of WebSocket route " + path + " returned null");
        }
        return adjusted;
    }

    /** Returns this route moved under {@code prefix}. */
    public WebSocketRoute mountedAt(String prefix) {
        return mountedAt(prefix, List.of(), List.of());
    }

    /** Returns this route moved under {@code prefix}, with {@code outer} middleware and dependencies before its own. */
    WebSocketRoute mountedAt(String prefix, List<Middleware> outer, List<Dependency<?>> outerDependencies) {
        return new WebSocketRoute(PathTemplate.join(prefix, path), handler, RouteLists.concat(outer, middleware),
                settings, RouteLists.concat(outerDependencies, dependencies));
    }

    @Override
    public String toString() {
        return "WEBSOCKET " + path;
    }
}
