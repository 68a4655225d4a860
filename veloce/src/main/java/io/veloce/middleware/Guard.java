package io.veloce.middleware;

import io.veloce.http.Connection;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.websocket.WebSocket;

/**
 * A middleware that only checks a connection before letting it go on, the same way for HTTP
 * requests and WebSocket handshakes: refuse by throwing (an {@code HttpException} becomes its
 * status, on the wire and for the handshake), or return to let it through.
 *
 * <pre>{@code
 * app.addMiddleware((Guard) conn -> {
 *     if (conn.headers().get("X-Maintenance-Key") == null && maintenance.isOn()) {
 *         throw new HttpException(503, "down for maintenance");
 *     }
 * });
 * }</pre>
 */
@FunctionalInterface
public interface Guard extends Middleware {

    /**
     * Checks {@code connection}; returning lets it through.
     *
     * @param connection the HTTP request or the WebSocket handshake
     * @throws Exception to refuse it: an {@code HttpException} gives its status, anything else a 500
     */
    void check(Connection connection) throws Exception;

    /** Checks the request, then passes it on. */
    @Override
    default Response handle(Request request, Next next) throws Exception {
        check(request);
        return next.handle(request);
    }

    /** Checks the handshake, then passes it on. */
    @Override
    default void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        check(ws);
        next.handle(ws);
    }
}
