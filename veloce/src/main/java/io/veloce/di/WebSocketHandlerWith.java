package io.veloce.di;

import io.veloce.websocket.WebSocket;

/**
 * A WebSocket handler that receives the value of one dependency, resolved before the handler
 * runs (so before the handshake is answered: a dependency that throws refuses it):
 * {@code app.websocket("/ws", currentUser, (ws, user) -> { ws.accept(); ... })}.
 *
 * @param <A> the dependency's type
 */
@FunctionalInterface
public interface WebSocketHandlerWith<A> {

    /**
     * Handles the connection, as {@code WebSocketHandler} does.
     *
     * @param ws the connection, not yet accepted
     * @param a the dependency's value
     * @throws Exception as {@code WebSocketHandler}
     */
    void handle(WebSocket ws, A a) throws Exception;
}
