package io.veloce.di;

import io.veloce.websocket.WebSocket;

/**
 * A WebSocket handler that receives the values of two dependencies.
 *
 * @param <A> the first dependency's type
 * @param <B> the second dependency's type
 */
@FunctionalInterface
public interface WebSocketHandlerWith2<A, B> {

    /**
     * Handles the connection, as {@code WebSocketHandler} does.
     *
     * @param ws the connection, not yet accepted
     * @param a the first dependency's value
     * @param b the second dependency's value
     * @throws Exception as {@code WebSocketHandler}
     */
    void handle(WebSocket ws, A a, B b) throws Exception;
}
