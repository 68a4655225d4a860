package io.veloce;

import io.veloce.di.Dependency;
import io.veloce.middleware.Middleware;
import io.veloce.routing.WebSocketRoute;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketSettings;
import java.util.List;

/** A WebSocket route compiled for dispatch: its settings resolved, its router middleware and dependencies before its handler. */
final class WebSocketEndpoint {

    private final WebSocketRoute route;
    private final WebSocketSettings settings;
    private final Middleware[] middleware;
    private final Dependency<?>[] effects;

    WebSocketEndpoint(WebSocketRoute route, WebSocketSettings appSettings, List<Dependency<?>> appDependencies) {
        this.route = route;
        this.settings = route.settings(appSettings);
        this.middleware = route.middleware().toArray(new Middleware[0]);
        this.effects = appDependencies.toArray(new Dependency<?>[0]);
    }

    WebSocketSettings settings() {
        return settings;
    }

    /** Resolves the app's dependencies, then runs the router layers (middleware, dependencies) and the handler. */
    void handle(WebSocket ws) throws Exception {
        for (Dependency<?> effect : effects) {
            ws.dependency(effect);
        }
        WebSocketChain.run(middleware, route.handler()::handle, ws);
    }

    @Override
    public String toString() {
        return route.toString();
    }
}
