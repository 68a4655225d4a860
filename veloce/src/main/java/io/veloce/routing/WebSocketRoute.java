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
     * @param path the path template, starting with {@code /} (see {@link Routes});
     *     {@code null} is refused like a malformed template
     * @param handler runs for each handshake the route matches; not {@code null}
     *     ({@link NullPointerException})
     * @param middleware the router middleware around the handler, outermost first; copied, so
     *     later changes to the list do not show; not {@code null}, no {@code null} element
     * @param settings turns the app's settings into this route's (for example
     *     {@code s -> s.maxMessageSize(16 << 20)}); {@code UnaryOperator.identity()} keeps them;
     *     not {@code null} ({@link NullPointerException})
     * @throws IllegalArgumentException when the template is malformed (see {@link PathTemplate})
     */
    public WebSocketRoute(String path, WebSocketHandler handler, List<Middleware> middleware,
            UnaryOperator<WebSocketSettings> settings) {
        this.path = PathTemplate.parse(path).template();
        this.handler = Objects.requireNonNull(handler, "handler");
        this.middleware = List.copyOf(middleware);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Returns the path template, e.g. {@code /rooms/{room}}.
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
    public WebSocketHandler handler() {
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
     * Returns this route's settings given the app's.
     *
     * @param appSettings the app's settings ({@code Veloce.webSocketSettings()}), handed to the
     *     route's adjustment as they are
     * @return what the adjustment returns, never {@code null}; computed again on each call
     * @throws IllegalStateException when the route's adjustment returns {@code null}
     */
    public WebSocketSettings settings(WebSocketSettings appSettings) {
        WebSocketSettings adjusted = settings.apply(appSettings);
        if (adjusted == null) {
            throw new IllegalStateException("the settings function of WebSocket route " + path + " returned null");
        }
        return adjusted;
    }

    /**
     * Returns this route moved under {@code prefix}.
     *
     * @param prefix the prefix to put in front of the path, starting with {@code /}; empty,
     *     {@code /} or {@code null} keep the path, and a trailing {@code /} is dropped
     * @return a new route with the joined path and the same handler, middleware and settings;
     *     this route is unchanged
     * @throws IllegalArgumentException when a non-empty prefix does not start with {@code /}, or
     *     the joined template is malformed
     */
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
