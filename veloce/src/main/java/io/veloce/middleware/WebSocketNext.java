package io.veloce.middleware;

import io.veloce.websocket.WebSocket;

/** The rest of the chain after a middleware's WebSocket hook: the next middleware, or the handler. */
@FunctionalInterface
public interface WebSocketNext {

    /**
     * Passes {@code ws} on and returns when the handler has returned (the connection's whole life).
     *
     * @param ws the connection to pass on, usually the one the middleware received, or a
     *     {@code WebSocket} wrapping it
     * @throws Exception whatever the handler or a later middleware threw
     */
    void handle(WebSocket ws) throws Exception;
}
