package io.veloce.routing;

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

    /**
     * Creates a route.
     *
     * @param settings turns the app's settings into this route's (for example
     *     {@code s -> s.maxMessageSize(16 << 20)}); {@code UnaryOperator.identity()} keeps them
     * @throws IllegalArgumentException when the template is malformed (see {@link PathTemplate})
     */
    public WebSocketRoute(String path, WebSocketHandler handler, List<Middleware> middleware,
            UnaryOperator<WebSocketSettings> settings) {
        this.path = PathTemplate.parse(path).template();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.middleware = List.copyOf(middleware);
        this.settings = Objects.requireNonNull(settings, "settings");
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
        return mountedAt(prefix, List.of());
    }

    /** Returns this route moved under {@code prefix}, with {@code outer} middleware around its own. */
    WebSocketRoute mountedAt(String prefix, List<Middleware> outer) {
        return new WebSocketRoute(PathTemplate.join(prefix, path), handler, RouteLists.concat(outer, middleware),
                settings);
    }

    @Override
    public String toString() {
        return "WEBSOCKET " + path;
    }
}
