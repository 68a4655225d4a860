package io.veloce.testing;

/**
 * Thrown by {@link TestClient#websocketConnect} when the app answered the handshake with an HTTP
 * error instead of accepting it: a middleware or dependency threw an {@code HttpException} (for
 * example 401 or 403), or the handshake was malformed. The response is available to assert on.
 * (A handler that refused with {@code ws.close(code)} gives {@code WebSocketDisconnect} instead.)
 */
public final class WebSocketDenied extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient TestResponse response;

    WebSocketDenied(TestResponse response) {
        super("WebSocket handshake denied with HTTP " + response.status() + ": " + response.text(), null, false,
                false);
        this.response = response;
    }

    /** Returns the HTTP status the handshake was answered with. */
    public int status() {
        return response.status();
    }

    /** Returns the whole HTTP response (status, headers, body). */
    public TestResponse response() {
        return response;
    }
}
