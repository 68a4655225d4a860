package io.veloce;

import io.veloce.di.Dependency;
import io.veloce.middleware.Middleware;
import io.veloce.routing.WebSocketRoute;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketSettings;
import java.util.List;
import java.util.stream.Stream;

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
        this.effects = Stream.concat(appDependencies.stream(), route.dependencies().stream())
                .toArray(Dependency<?>[]::new);
    }

    WebSocketSettings settings() {
        return settings;
    }

    /** Runs the router middleware, then resolves the app's and router's dependencies, then the handler. */
    void handle(WebSocket ws) throws Exception {
        WebSocketChain.run(middleware, this::resolveThenHandle, ws);
    }

    private void resolveThenHandle(WebSocket ws) throws Exception {
        for (Dependency<?> effect : effects) {
            ws.dependency(effect);
        }
        route.handler().handle(ws);
    }

    @Override
    public String toString() {
        return route.toString();
    }
}
