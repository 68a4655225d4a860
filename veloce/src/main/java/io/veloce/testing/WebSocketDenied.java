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

    /**
     * Returns the HTTP status the handshake was answered with.
     *
     * @return the status, e.g. 401 or 403 from a dependency or middleware, 400 or 426 for a
     *     malformed handshake, 414 or 431 over the app's {@code Limits}, 404 (or whatever an HTTP
     *     route at that path answers) without a WebSocket route, 500 for a failure before
     *     {@code accept()} when server exceptions are not re-thrown
     */
    public int status() {
        return response.status();
    }

    /**
     * Returns the whole HTTP response (status, headers, body).
     *
     * @return the response, never {@code null} ({@code null} only after Java deserialisation,
     *     which does not keep it)
     */
    public TestResponse response() {
        return response;
    }
}
