package io.veloce.websocket;

import com.fasterxml.jackson.databind.JsonNode;
import io.veloce.http.Connection;
import io.veloce.http.Headers;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.List;
import java.util.OptionalInt;

/**
 * One WebSocket connection, with the explicit lifecycle of the guide: {@link #accept()}, then
 * {@code receive*}/{@code send*}, then {@link #close()}. The handshake data ({@link #headers()},
 * {@link #queryParams()}, {@link #cookies()}, {@link #origin()}, ...) comes from the opening
 * HTTP request, as on {@link io.veloce.http.Request}.
 *
 * <p>{@code receive*} must be called from the handler's thread; {@code send*} may be called from
 * any thread and never interleaves two messages. Calling {@code send*}/{@code receive*} before
 * {@code accept()} or {@code accept()} twice throws {@link IllegalStateException}.
 */
public interface WebSocket extends Connection {

    /**
     * Returns the lifecycle state. (Named {@code connectionState} because {@link #state()} is the
     * per-connection scratch space every {@link Connection} shares with HTTP requests.)
     */
    WebSocketState connectionState();

    /**
     * Returns the code of the Close that ended the connection, whichever side sent it (the app,
     * the peer, or Veloce for a limit or a timeout; 1006 when the peer vanished without one);
     * empty while the connection is open and for a handshake that was never accepted. A handler
     * that returns without closing is closed with 1000 (1011 when it threw) after the middleware
     * around it has returned.
     */
    OptionalInt closeCode();

    /** Returns the messages and payload bytes received and sent so far; zeros before {@code accept()}. */
    WebSocketTraffic traffic();

    /**
     * Completes the handshake with no subprotocol.
     *
     * @throws IllegalStateException when already accepted or closed
     */
    void accept();

    /**
     * Completes the handshake choosing {@code subprotocol} ({@code null}: none).
     *
     * @throws IllegalArgumentException when the client did not offer {@code subprotocol}
     * @throws IllegalStateException when already accepted or closed
     */
    void accept(String subprotocol);

    /**
     * Completes the handshake with a subprotocol and extra response headers (for example
     * {@code Set-Cookie}) on the 101 response.
     *
     * @throws IllegalArgumentException when the client did not offer {@code subprotocol}
     * @throws IllegalStateException when already accepted or closed
     */
    void accept(String subprotocol, Headers headers);

    /** Returns the subprotocols the client offered in {@code Sec-WebSocket-Protocol}, in its order. */
    List<String> subprotocols();

    /**
     * Returns the first subprotocol of the client's offer (in the client's order, RFC 6455 §4.1)
     * that is in {@code supported}, by exact match; {@code null} when none is.
     */
    String negotiateSubprotocol(String... supported);

    /** Like {@link #negotiateSubprotocol(String...)} with a collection. */
    String negotiateSubprotocol(Collection<String> supported);

    /** Returns the handshake {@code Origin} as sent (the first when repeated), or {@code null} when absent. */
    String origin();

    /**
     * Returns whether the handshake {@code Origin} is {@code allowed}: both sides compared with
     * trailing {@code /} removed and lower-cased; {@code "*"} accepts anything, a missing or
     * {@code "null"} origin included; otherwise a missing, {@code "null"} or repeated origin fails.
     */
    boolean checkOrigin(String allowed);

    /** Like {@link #checkOrigin(String)} against several allowed origins. */
    boolean checkOrigin(String... allowed);

    /** Like {@link #checkOrigin(String)} against several allowed origins. */
    boolean checkOrigin(Collection<String> allowed);

    /**
     * Receives a text message.
     *
     * @throws WebSocketDisconnect when the peer closed or dropped, or a binary message came (1003)
     * @throws IllegalStateException before {@code accept()}
     */
    String receiveText();

    /**
     * Receives a binary message.
     *
     * @throws WebSocketDisconnect when the peer closed or dropped, or a text message came (1003)
     * @throws IllegalStateException before {@code accept()}
     */
    byte[] receiveBytes();

    /**
     * Receives a text message parsed as a JSON tree.
     *
     * @throws InvalidMessageException when it is not JSON (the connection stays open)
     * @throws WebSocketDisconnect when the peer closed or dropped
     */
    JsonNode receiveJson();

    /**
     * Receives a text message parsed as JSON into {@code type}.
     *
     * @throws InvalidMessageException when it is not JSON of that shape (the connection stays open)
     * @throws WebSocketDisconnect when the peer closed or dropped
     */
    <T> T receiveJson(Class<T> type);

    /**
     * Receives a message of the given frame type parsed as JSON into {@code type}.
     *
     * @throws InvalidMessageException when it is not JSON of that shape
     * @throws WebSocketDisconnect when the peer closed or dropped, or the other frame type came (1003)
     */
    <T> T receiveJson(Class<T> type, JsonMode mode);

    /**
     * Receives the next message of either kind.
     *
     * @throws WebSocketDisconnect when the peer closed or dropped
     */
    WebSocketMessage receive();

    /**
     * Sends a text message; blocks while the outbound limit is reached.
     *
     * @throws WebSocketDisconnect when the peer closed, or the send timeout passed (the connection is closed)
     * @throws IllegalStateException before {@code accept()} or after our own {@code close()}
     */
    void sendText(String text);

    /** Sends a binary message; see {@link #sendText(String)}. */
    void sendBytes(byte[] bytes);

    /** Sends the remaining bytes of {@code bytes} as a binary message; see {@link #sendText(String)}. */
    void sendBytes(ByteBuffer bytes);

    /** Sends {@code value} as JSON in a text message; see {@link #sendText(String)}. */
    void sendJson(Object value);

    /** Sends {@code value} as JSON in a text or binary message; see {@link #sendText(String)}. */
    void sendJson(Object value, JsonMode mode);

    /** Iterates over text messages until the peer closes (the loop then ends normally). */
    Iterable<String> iterText();

    /** Iterates over binary messages until the peer closes. */
    Iterable<byte[]> iterBytes();

    /** Iterates over text messages parsed as JSON into {@code type} until the peer closes. */
    <T> Iterable<T> iterJson(Class<T> type);

    /** Closes with 1000; before {@code accept()} refuses the handshake (HTTP 403). No-op when closed. */
    void close();

    /**
     * Closes with {@code code}; before {@code accept()} refuses the handshake (HTTP 403).
     *
     * @throws IllegalArgumentException when the code may not be sent (see {@link CloseCode#validate})
     */
    void close(int code);

    /**
     * Closes with {@code code} and {@code reason}.
     *
     * @throws IllegalArgumentException for a code that may not be sent or a reason over 123 UTF-8 bytes
     */
    void close(int code, String reason);
}
