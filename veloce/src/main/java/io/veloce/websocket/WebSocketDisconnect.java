package io.veloce.websocket;

/**
 * The connection is over: thrown by {@code receive*} (and {@code send*}) once the peer closed or
 * dropped, carrying the peer's close code and reason (1006 for a drop), and by the test client's
 * {@code websocketConnect} when the handler refused the handshake with {@code close(code)}.
 * Escaping a handler, it is a normal end, not an error.
 */
public class WebSocketDisconnect extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The close code. */
    private final int code;
    /** The close reason, empty when none. */
    private final String reason;

    /** Creates the exception with a close code and an empty reason. */
    public WebSocketDisconnect(int code) {
        this(code, "");
    }

    /** Creates the exception with a close code and reason. */
    public WebSocketDisconnect(int code, String reason) {
        super("WebSocket closed with " + code + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"),
                null, false, false);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    /** Returns the close code. */
    public int code() {
        return code;
    }

    /** Returns the close reason (empty when none was given). */
    public String reason() {
        return reason;
    }
}
