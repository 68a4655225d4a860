package io.veloce.websocket;

/**
 * Handles one WebSocket connection from handshake to close. Runs on its own virtual thread, so
 * the blocking {@code receive*}/{@code send*} calls only block this connection.
 */
@FunctionalInterface
public interface WebSocketHandler {

    /**
     * Handles {@code ws}: decide on the handshake ({@code accept()} or {@code close(code)}), then
     * exchange messages.
     *
     * @param ws the connection, in state {@link WebSocketState#CONNECTING}
     * @throws Exception before {@code accept()}: the handshake is refused with HTTP 500; after it:
     *     the connection is closed with 1011, except {@link WebSocketDisconnect} (a normal end) and
     *     {@link InvalidMessageException} (1007)
     */
    void handle(WebSocket ws) throws Exception;
}
