package io.veloce;

import io.veloce.middleware.Middleware;
import io.veloce.middleware.WebSocketNext;
import io.veloce.routing.WebSocketRoute;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketSettings;

/** A WebSocket route compiled for dispatch: its settings resolved, its router middleware around its handler. */
final class WebSocketEndpoint {

    private final WebSocketRoute route;
    private final WebSocketSettings settings;
    private final Middleware[] middleware;

    WebSocketEndpoint(WebSocketRoute route, WebSocketSettings appSettings) {
        this.route = route;
        this.settings = route.settings(appSettings);
        this.middleware = route.middleware().toArray(new Middleware[0]);
    }

    WebSocketSettings settings() {
        return settings;
    }

    /** Runs the router middleware, then the handler. */
    void handle(WebSocket ws) throws Exception {
        WebSocketChain.run(middleware, route.handler()::handle, ws);
    }

    @Override
    public String toString() {
        return route.toString();
    }
}
