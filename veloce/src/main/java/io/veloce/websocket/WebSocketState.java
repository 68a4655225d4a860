package io.veloce.websocket;

/** Where a WebSocket is in its explicit lifecycle. */
public enum WebSocketState {
    /** The handshake is held open; the handler has not called {@code accept()} yet. */
    CONNECTING,
    /** Accepted: messages flow both ways. */
    CONNECTED,
    /** Closed by either side, or refused before acceptance. */
    DISCONNECTED
}
