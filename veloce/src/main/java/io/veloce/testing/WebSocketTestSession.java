package io.veloce.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.veloce.http.Headers;
import io.veloce.http.JsonCodec;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.JsonMode;
import io.veloce.websocket.WebSocketDisconnect;
import io.veloce.websocket.WebSocketMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/**
 * The test's end of an accepted in-memory WebSocket, from {@link TestClient#websocketConnect}.
 * The app's handler runs on its own virtual thread, through the same middleware and code as on
 * the server.
 *
 * <pre>{@code
 * try (WebSocketTestSession ws = client.websocketConnect("/ws")) {
 *     ws.sendText("hello");
 *     assertEquals("echo: hello", ws.receiveText());
 * }
 * }</pre>
 *
 * <p>{@code receive*} waits at most the receive timeout (10 s by default) and then throws
 * {@link AssertionError} instead of hanging the test. When the server closes, the next
 * {@code receive*} throws {@link WebSocketDisconnect} with its code and reason; if the handler
 * failed (1011) and the client re-throws server exceptions (the default), its exception is thrown
 * instead. {@link #close()} sends a Close (1000), waits for the handler to return and re-throws
 * its failure likewise. Not thread-safe: use it from the test's thread.
 */
public final class WebSocketTestSession implements AutoCloseable {

    private final InMemoryWebSocket socket;
    private final InMemoryExchange exchange;
    private final Thread handlerThread;
    private final JsonCodec json;
    private final boolean raiseServerExceptions;
    private final Duration timeout;
    private InMemoryWebSocket.Close serverClose;
    private boolean errorRaised;
    private boolean closed;

    WebSocketTestSession(InMemoryWebSocket socket, InMemoryExchange exchange, Thread handlerThread, JsonCodec json,
            boolean raiseServerExceptions, Duration timeout) {
        this.socket = socket;
        this.exchange = exchange;
        this.handlerThread = handlerThread;
        this.json = json;
        this.raiseServerExceptions = raiseServerExceptions;
        this.timeout = timeout;
    }

    /**
     * Returns the subprotocol the app accepted, or {@code null} for none.
     *
     * @return the {@code Sec-WebSocket-Protocol} of the 101 response, as the app passed it to
     *     {@code accept(subprotocol)}; {@code null} when it chose none
     */
    public String subprotocol() {
        return exchange.responseHeaders().get("Sec-WebSocket-Protocol");
    }

    /**
     * Returns the headers of the {@code 101 Switching Protocols} response.
     *
     * @return the app's extra headers plus {@code Upgrade}, {@code Connection},
     *     {@code Sec-WebSocket-Accept} and the chosen subprotocol, if any; the session's own
     *     instance, not a copy
     */
    public Headers responseHeaders() {
        return exchange.responseHeaders();
    }

    // ---- sending ---------------------------------------------------------------------------

    /**
     * Sends a text message. A message over the route's {@code maxMessageSize} makes the server
     * close with 1009, as on the wire.
     *
     * @param text the message, its size counted in UTF-8 bytes; not {@code null}. Once either
     *     side has closed, it is discarded without an error, as a server that closed discards
     *     late frames
     * @throws NullPointerException when {@code text} is {@code null}
     * @throws IllegalStateException after {@link #close()}
     */
    public void sendText(String text) {
        send(new WebSocketMessage.Text(Objects.requireNonNull(text, "text")));
    }

    /**
     * Sends a binary message; see {@link #sendText}.
     *
     * @param bytes the payload, copied (the array may be reused at once); not {@code null}
     */
    public void sendBytes(byte[] bytes) {
        send(new WebSocketMessage.Binary(Objects.requireNonNull(bytes, "bytes").clone()));
    }

    /**
     * Sends {@code value} as JSON in a text message; see {@link #sendText}.
     *
     * @param value anything the app's mapper can serialise; {@code null} sends {@code null}
     * @throws IllegalStateException after {@link #close()}, or when the value cannot be serialised
     */
    public void sendJson(Object value) {
        sendJson(value, JsonMode.TEXT);
    }

    /**
     * Sends {@code value} as JSON in a text or binary message; see {@link #sendText}.
     *
     * @param value anything the app's mapper can serialise; {@code null} sends {@code null}
     * @param mode {@link JsonMode#BINARY} for UTF-8 JSON in a binary message; {@link JsonMode#TEXT}
     *     (or {@code null}) for a text message
     * @throws IllegalStateException after {@link #close()}, or when the value cannot be serialised
     */
    public void sendJson(Object value, JsonMode mode) {
        byte[] encoded = json.write(value);
        send(mode == JsonMode.BINARY ? new WebSocketMessage.Binary(encoded)
                : new WebSocketMessage.Text(new String(encoded, StandardCharsets.UTF_8)));
    }

    private void send(WebSocketMessage message) {
        if (closed) {
            throw new IllegalStateException("this WebSocketTestSession is closed");
        }
        socket.clientSend(message);
    }

    // ---- receiving -------------------------------------------------------------------------

    /**
     * Receives the next message of either kind.
     *
     * @return the next message the handler sent or a broadcast delivered, in order: a
     *     {@link WebSocketMessage.Text} or a {@link WebSocketMessage.Binary}, never {@code null}
     * @throws WebSocketDisconnect when the server closed (code and reason), now and on every
     *     later call
     * @throws AssertionError when nothing arrives within the receive timeout
     * @throws RuntimeException the handler's exception, when it failed and re-throwing is on
     * @throws IllegalStateException when the test's thread is interrupted while waiting
     */
    public WebSocketMessage receive() {
        if (serverClose != null) {
            throw serverClosed();
        }
        Object next;
        try {
            next = socket.clientReceive(timeout.toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a WebSocket message", e);
        }
        if (next == null) {
            throw new AssertionError("no WebSocket message from the server within " + timeout.toMillis() + " ms");
        }
        if (next instanceof InMemoryWebSocket.Close close) {
            serverClose = close;
            throw serverClosed();
        }
        return (WebSocketMessage) next;
    }

    private RuntimeException serverClosed() {
        RuntimeException failure = handlerFailure();
        return failure != null ? failure : new WebSocketDisconnect(serverClose.code(), serverClose.reason());
    }

    /** Returns the handler's exception to re-throw, once, when it failed and re-throwing is on. */
    private RuntimeException handlerFailure() {
        if (!raiseServerExceptions || errorRaised) {
            return null;
        }
        if (exchange.unhandled() == null) {
            return null;
        }
        errorRaised = true;
        return TestClient.rethrowable(exchange.unhandled());
    }

    /**
     * Receives a text message.
     *
     * @return the message, never {@code null}
     * @throws AssertionError when a binary message came instead, or nothing within the timeout
     * @throws WebSocketDisconnect when the server closed
     */
    public String receiveText() {
        WebSocketMessage message = receive();
        if (message instanceof WebSocketMessage.Text text) {
            return text.text();
        }
        throw new AssertionError("expected a text message from the server, got a binary one");
    }

    /**
     * Receives a binary message.
     *
     * @return the payload, an array the test owns; never {@code null}
     * @throws AssertionError when a text message came instead, or nothing within the timeout
     * @throws WebSocketDisconnect when the server closed
     */
    public byte[] receiveBytes() {
        WebSocketMessage message = receive();
        if (message instanceof WebSocketMessage.Binary binary) {
            return binary.bytes();
        }
        throw new AssertionError("expected a binary message from the server, got a text one");
    }

    /**
     * Receives a text message parsed as a JSON tree; see {@link #receiveText()}.
     *
     * @return the tree, never {@code null} (a JSON {@code null} is a {@code NullNode})
     * @throws JsonCodec.DecodeException when the message is not JSON
     */
    public JsonNode receiveJson() {
        return json.readTree(receiveText().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Receives a text message parsed as JSON into {@code type}; see {@link #receiveText()}.
     *
     * @param <T> the type to bind to
     * @param type the class the app's mapper binds the message to
     * @return the bound value, never {@code null} (a JSON {@code null} fails)
     * @throws JsonCodec.DecodeException when the message is not JSON of that shape
     */
    public <T> T receiveJson(Class<T> type) {
        return receiveJson(type, JsonMode.TEXT);
    }

    /**
     * Receives a text or binary message parsed as JSON into {@code type}; see {@link #receiveText()}.
     *
     * @param <T> the type to bind to
     * @param type the class the app's mapper binds the message to
     * @param mode {@link JsonMode#BINARY} to expect a binary message, {@link JsonMode#TEXT} (or
     *     {@code null}) a text one; the other kind fails the test with {@link AssertionError}
     * @return the bound value, never {@code null} (a JSON {@code null} fails)
     * @throws JsonCodec.DecodeException when the message is not JSON of that shape
     */
    public <T> T receiveJson(Class<T> type, JsonMode mode) {
        byte[] payload = mode == JsonMode.BINARY ? receiveBytes() : receiveText().getBytes(StandardCharsets.UTF_8);
        return json.read(payload, type);
    }

    // ---- closing ---------------------------------------------------------------------------

    /** Closes with 1000; see {@link #close(int, String)}. */
    @Override
    public void close() {
        close(CloseCode.NORMAL, "");
    }

    /**
     * Sends a Close with {@code code} and {@code reason} (unless the server closed first), then
     * waits up to the receive timeout for the handler to return. Idempotent.
     *
     * @param code a sendable code (1000–1003, 1007–1014, 3000–4999), which the handler's
     *     {@code receive*} reports in its {@link WebSocketDisconnect}; checked even when already
     *     closed
     * @param reason the reason the handler sees, at most 123 UTF-8 bytes; {@code null} is sent as
     *     empty
     * @throws IllegalArgumentException when the code may not be sent or the reason is too long
     * @throws RuntimeException the handler's exception, when it failed and re-throwing is on
     */
    public void close(int code, String reason) {
        CloseCode.validate(code, reason);
        if (closed) {
            return;
        }
        closed = true;
        socket.clientClose(code, reason == null ? "" : reason);
        try {
            handlerThread.join(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        RuntimeException failure = handlerFailure();
        if (failure != null) {
            throw failure;
        }
    }
}
