package io.veloce.websocket;

/** A received message of either kind, for endpoints that take both ({@code ws.receive()}). */
public sealed interface WebSocketMessage {

    /**
     * A text message.
     *
     * @param text the message, valid UTF-8 by construction
     */
    record Text(String text) implements WebSocketMessage {
    }

    /**
     * A binary message.
     *
     * @param bytes the payload
     */
    record Binary(byte[] bytes) implements WebSocketMessage {
    }
}
