package io.veloce.routing;

import io.veloce.di.Dependency;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.middleware.WebSocketNext;
import io.veloce.websocket.WebSocket;
import java.util.List;

/**
 * A router's dependencies, resolved for their effect in their place among the router's
 * middleware: for HTTP requests and WebSocket handshakes alike.
 */
final class DependencyStep implements Middleware {

    private final Dependency<?>[] dependencies;

    DependencyStep(List<Dependency<?>> dependencies) {
        this.dependencies = dependencies.toArray(new Dependency<?>[0]);
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        for (Dependency<?> dependency : dependencies) {
            request.dependency(dependency);
        }
        return next.handle(request);
    }

    @Override
    public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        for (Dependency<?> dependency : dependencies) {
            ws.dependency(dependency);
        }
        next.handle(ws);
    }

    @Override
    public String toString() {
        return "dependencies " + java.util.Arrays.toString(dependencies);
    }
}
