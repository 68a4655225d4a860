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
     *
     * @return {@link WebSocketState#CONNECTING} until {@code accept()} or a refusal,
     *     {@link WebSocketState#CONNECTED} while open, {@link WebSocketState#DISCONNECTED} once the
     *     app closed or a {@code receive*}/{@code send*} call has reported the end (a peer that
     *     left unnoticed still shows as connected); never {@code null}
     */
    WebSocketState connectionState();

    /**
     * Returns the code of the Close that ended the connection, whichever side sent it (the app,
     * the peer, or Veloce for a limit or a timeout; 1006 when the peer vanished without one);
     * empty while the connection is open and for a handshake that was never accepted. A handler
     * that returns without closing is closed with 1000 (1011 when it threw) after the middleware
     * around it has returned.
     *
     * @return the close code once the connection has ended or started closing (the app closed,
     *     the peer's Close arrived, even if the handler never read it, or the connection was
     *     lost), otherwise empty
     */
    OptionalInt closeCode();

    /**
     * Returns the messages and payload bytes received and sent so far; zeros before {@code accept()}.
     *
     * @return a snapshot taken now (a new record each call); sent counts include broadcast
     *     messages queued for this connection, not those dropped by {@link BroadcastOverflow#DROP}
     */
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
     * @param subprotocol one of {@link #subprotocols()}, matched exactly (case-sensitive), sent
     *     back in {@code Sec-WebSocket-Protocol}; {@code null} for none
     * @throws IllegalArgumentException when the client did not offer {@code subprotocol}
     * @throws IllegalStateException when already accepted or closed
     */
    void accept(String subprotocol);

    /**
     * Completes the handshake with a subprotocol and extra response headers (for example
     * {@code Set-Cookie}) on the 101 response.
     *
     * @param subprotocol one of {@link #subprotocols()}, matched exactly, or {@code null} for none
     * @param headers extra response headers, copied; not {@code null}. {@code Upgrade},
     *     {@code Connection}, {@code Sec-WebSocket-Accept} and {@code Sec-WebSocket-Protocol}
     *     are Veloce's and replace any given here
     * @throws NullPointerException when {@code headers} is {@code null}
     * @throws IllegalArgumentException when the client did not offer {@code subprotocol}
     * @throws IllegalStateException when already accepted or closed
     */
    void accept(String subprotocol, Headers headers);

    /**
     * Returns the subprotocols the client offered in {@code Sec-WebSocket-Protocol}, in its order.
     *
     * @return an unmodifiable list of the offered tokens, trimmed, from every
     *     {@code Sec-WebSocket-Protocol} header; empty when the client offered none
     */
    List<String> subprotocols();

    /**
     * Returns the first subprotocol of the client's offer (in the client's order, RFC 6455 §4.1)
     * that is in {@code supported}, by exact match; {@code null} when none is.
     *
     * @param supported the subprotocols this endpoint speaks; their order does not matter (the
     *     client's preference wins); not {@code null}
     * @return the chosen subprotocol, ready for {@link #accept(String)}, or {@code null}
     */
    String negotiateSubprotocol(String... supported);

    /**
     * Like {@link #negotiateSubprotocol(String...)} with a collection.
     *
     * @param supported the subprotocols this endpoint speaks; not {@code null}
     * @return the first offered subprotocol in {@code supported}, or {@code null} when none is
     */
    String negotiateSubprotocol(Collection<String> supported);

    /**
     * Returns the handshake {@code Origin} as sent (the first when repeated), or {@code null} when absent.
     *
     * @return the origin unchanged (not normalised), for example {@code https://example.com}; or
     *     {@code null}, which non-browser clients commonly send
     */
    String origin();

    /**
     * Returns whether the handshake {@code Origin} is {@code allowed}: both sides compared with
     * trailing {@code /} removed and lower-cased; {@code "*"} accepts anything, a missing or
     * {@code "null"} origin included; otherwise a missing, {@code "null"} or repeated origin fails.
     *
     * @param allowed an origin such as {@code https://example.com} (scheme, host and a port
     *     other than the default), or {@code "*"}; {@code null} allows nothing
     * @return {@code true} when the handshake may proceed as far as its origin goes
     */
    boolean checkOrigin(String allowed);

    /**
     * Like {@link #checkOrigin(String)} against several allowed origins.
     *
     * @param allowed the allowed origins, any one matching is enough; {@code null} entries are
     *     skipped, and {@code null} or an empty array allows nothing
     * @return {@code true} when the origin matches one of them (or one is {@code "*"})
     */
    boolean checkOrigin(String... allowed);

    /**
     * Like {@link #checkOrigin(String)} against several allowed origins.
     *
     * @param allowed the allowed origins, any one matching is enough; {@code null} entries are
     *     skipped, and {@code null} or an empty collection allows nothing
     * @return {@code true} when the origin matches one of them (or one is {@code "*"})
     */
    boolean checkOrigin(Collection<String> allowed);

    /**
     * Receives a text message.
     *
     * @return the message, never {@code null}
     * @throws WebSocketDisconnect when the peer closed or dropped, or a binary message came (1003)
     * @throws IllegalStateException before {@code accept()}
     */
    String receiveText();

    /**
     * Receives a binary message.
     *
     * @return the payload, a new array the caller owns; never {@code null}
     * @throws WebSocketDisconnect when the peer closed or dropped, or a text message came (1003)
     * @throws IllegalStateException before {@code accept()}
     */
    byte[] receiveBytes();

    /**
     * Receives a text message parsed as a JSON tree.
     *
     * @return the tree, never {@code null} (a JSON {@code null} is a {@code NullNode})
     * @throws InvalidMessageException when it is not JSON (the connection stays open)
     * @throws WebSocketDisconnect when the peer closed or dropped, or a binary message came (1003)
     * @throws IllegalStateException before {@code accept()}
     */
    JsonNode receiveJson();

    /**
     * Receives a text message parsed as JSON into {@code type}.
     *
     * @param <T> the type to bind to
     * @param type the class the app's mapper binds the message to; not {@code null}
     * @return the bound value, never {@code null} (a JSON {@code null} is an invalid message)
     * @throws InvalidMessageException when it is not JSON of that shape (the connection stays open)
     * @throws WebSocketDisconnect when the peer closed or dropped, or a binary message came (1003)
     * @throws IllegalStateException before {@code accept()}
     */
    <T> T receiveJson(Class<T> type);

    /**
     * Receives a message of the given frame type parsed as JSON into {@code type}.
     *
     * @param <T> the type to bind to
     * @param type the class the app's mapper binds the message to; not {@code null}
     * @param mode {@link JsonMode#TEXT} to expect a text message, {@link JsonMode#BINARY} for
     *     UTF-8 JSON in a binary message; {@code null} is taken as {@code TEXT}
     * @return the bound value, never {@code null} (a JSON {@code null} is an invalid message)
     * @throws InvalidMessageException when it is not JSON of that shape
     * @throws WebSocketDisconnect when the peer closed or dropped, or the other frame type came (1003)
     * @throws IllegalStateException before {@code accept()}
     */
    <T> T receiveJson(Class<T> type, JsonMode mode);

    /**
     * Receives the next message of either kind.
     *
     * @return a {@link WebSocketMessage.Text} or a {@link WebSocketMessage.Binary}, never
     *     {@code null}
     * @throws WebSocketDisconnect when the peer closed or dropped
     * @throws IllegalStateException before {@code accept()}
     */
    WebSocketMessage receive();

    /**
     * Sends a text message; blocks while the outbound limit is reached.
     *
     * @param text the message, sent as one frame whatever its length; not {@code null}
     * @throws NullPointerException when {@code text} is {@code null}
     * @throws WebSocketDisconnect when the peer closed, or the send timeout passed (the connection is closed)
     * @throws IllegalStateException before {@code accept()} or after our own {@code close()}
     */
    void sendText(String text);

    /**
     * Sends a binary message; see {@link #sendText(String)}.
     *
     * @param bytes the payload; not {@code null}. It is copied before this returns, so the array
     *     may be reused at once
     */
    void sendBytes(byte[] bytes);

    /**
     * Sends the remaining bytes of {@code bytes} as a binary message; see {@link #sendText(String)}.
     *
     * @param bytes the buffer whose bytes from position to limit are sent; not {@code null}. They
     *     are copied before this returns, and the buffer's position is left unchanged
     */
    void sendBytes(ByteBuffer bytes);

    /**
     * Sends {@code value} as JSON in a text message; see {@link #sendText(String)}.
     *
     * @param value anything the app's mapper can serialise; {@code null} sends {@code null}
     * @throws IllegalStateException before {@code accept()}, after our own {@code close()}, or
     *     when the value cannot be serialised (a bug, like in an HTTP handler)
     */
    void sendJson(Object value);

    /**
     * Sends {@code value} as JSON in a text or binary message; see {@link #sendText(String)}.
     *
     * @param value anything the app's mapper can serialise; {@code null} sends {@code null}
     * @param mode {@link JsonMode#TEXT} for a text message, {@link JsonMode#BINARY} for the UTF-8
     *     JSON in a binary message; {@code null} is taken as {@code TEXT}
     * @throws IllegalStateException before {@code accept()}, after our own {@code close()}, or
     *     when the value cannot be serialised
     */
    void sendJson(Object value, JsonMode mode);

    /**
     * Iterates over text messages until the peer closes (the loop then ends normally).
     *
     * @return an iterable whose iterators receive on {@code hasNext()}, from the handler's thread;
     *     {@code hasNext()} answers {@code false} once the connection ended, and throws
     *     {@link WebSocketDisconnect} (1003) for a binary message and
     *     {@link IllegalStateException} before {@code accept()}
     */
    Iterable<String> iterText();

    /**
     * Iterates over binary messages until the peer closes.
     *
     * @return an iterable whose iterators receive on {@code hasNext()}, from the handler's thread;
     *     {@code hasNext()} answers {@code false} once the connection ended, and throws
     *     {@link WebSocketDisconnect} (1003) for a text message and
     *     {@link IllegalStateException} before {@code accept()}
     */
    Iterable<byte[]> iterBytes();

    /**
     * Iterates over text messages parsed as JSON into {@code type} until the peer closes.
     *
     * @param <T> the type to bind to
     * @param type the class the app's mapper binds each message to; not {@code null}
     * @return an iterable whose iterators receive on {@code hasNext()}, from the handler's thread;
     *     {@code hasNext()} answers {@code false} once the connection ended, and throws
     *     {@link InvalidMessageException} for a message that does not bind (the connection stays
     *     open), {@link WebSocketDisconnect} (1003) for a binary message and
     *     {@link IllegalStateException} before {@code accept()}
     */
    <T> Iterable<T> iterJson(Class<T> type);

    /** Closes with 1000; before {@code accept()} refuses the handshake (HTTP 403). No-op when closed. */
    void close();

    /**
     * Closes with {@code code}; before {@code accept()} refuses the handshake (HTTP 403).
     *
     * @param code a sendable code: 1000–1003, 1007–1014 or 3000–4999 (the test client reports it
     *     for a refused handshake); checked even when the connection is already closed
     * @throws IllegalArgumentException when the code may not be sent (see {@link CloseCode#validate})
     */
    void close(int code);

    /**
     * Closes with {@code code} and {@code reason}.
     *
     * @param code a sendable code: 1000–1003, 1007–1014 or 3000–4999; checked even when the
     *     connection is already closed (the call is then a no-op)
     * @param reason the reason the peer sees, at most 123 UTF-8 bytes; {@code null} is sent as
     *     empty
     * @throws IllegalArgumentException for a code that may not be sent or a reason over 123 UTF-8 bytes
     */
    void close(int code, String reason);
}
