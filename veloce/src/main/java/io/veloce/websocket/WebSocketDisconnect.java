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

    /**
     * Creates the exception with a close code and an empty reason.
     *
     * @param code the close code as received or chosen by the transport (1005 when the peer's
     *     Close carried none, 1006 for a drop); not validated, since reported codes need not be
     *     sendable
     */
    public WebSocketDisconnect(int code) {
        this(code, "");
    }

    /**
     * Creates the exception with a close code and reason.
     *
     * @param code the close code as received or chosen by the transport; not validated
     * @param reason the close reason; {@code null} is kept as empty
     */
    public WebSocketDisconnect(int code, String reason) {
        super("WebSocket closed with " + code + (reason == null || reason.isEmpty() ? "" : " (" + reason + ")"),
                null, false, false);
        this.code = code;
        this.reason = reason == null ? "" : reason;
    }

    /**
     * Returns the close code.
     *
     * @return the code of the Close that ended the connection: the peer's, 1005 when its Close
     *     had none, 1006 when the connection dropped, or the code the app or Veloce closed with
     */
    public int code() {
        return code;
    }

    /**
     * Returns the close reason (empty when none was given).
     *
     * @return the reason, never {@code null}
     */
    public String reason() {
        return reason;
    }
}
