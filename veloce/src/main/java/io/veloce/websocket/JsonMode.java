package io.veloce.websocket;

/** Which frame type carries JSON in {@code sendJson}/{@code receiveJson}. */
public enum JsonMode {
    /** JSON in text frames (the default). */
    TEXT,
    /** JSON as UTF-8 bytes in binary frames. */
    BINARY
}
