package io.veloce.server;

import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.websocket.WebSocketSettings;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One HTTP request/response exchange as a transport presents it to the app: Veloce's
 * counterpart of an ASGI scope (the request fields), receive ({@link #body()}) and send
 * ({@link #respond}, {@link #respondStreaming}). Two transports implement it: the Netty server
 * and the in-memory test client; the app's {@link Dispatcher} drives both the same way.
 *
 * <p>A transport contract, not an application API: handlers see {@code Request} and
 * {@code Response}. Exactly one of {@code respond}/{@code respondStreaming} is called per
 * exchange, on the thread running the dispatch.
 */
public interface Exchange {

    /** Returns the request method as sent. */
    String method();

    /** Returns the raw request-target ({@code /a/b?x=1}), not decoded. */
    String target();

    /** Returns the protocol version ({@code HTTP/1.1}, {@code HTTP/1.0}). */
    String protocol();

    /** Returns whether the connection is TLS. */
    boolean secure();

    /** Returns the request headers. */
    Headers headers();

    /** Returns the peer address. */
    ClientAddress client();

    /** Returns the local address the request arrived on (for URLs when {@code Host} is missing). */
    ClientAddress server();

    /** Returns the whole request body, already bounded by the body limit (empty array when none). */
    byte[] body();

    /**
     * Sends a response whose body is known in full. The transport adds {@code Content-Length}
     * from the body unless {@code headers} already has one (a {@code HEAD} response announces the
     * {@code GET} length with an empty body) and never for 1xx, 204 and 304 nor for a
     * {@code HEAD} request; it adds transport-level headers ({@code Date}, {@code Connection}).
     * A {@code HEAD} response never carries body bytes.
     */
    void respond(int status, Headers headers, byte[] body);

    /**
     * Starts a streaming response and returns the stream for its body: chunked for HTTP/1.1,
     * close-delimited for HTTP/1.0 — or, when {@code headers} announce a {@code Content-Length}
     * (a file's size), sent with that length, which the body must then match exactly.
     * {@code write} blocks while the client is slower than the writer; closing the stream ends
     * the response. The stream may be an {@link io.veloce.http.FileSink}.
     *
     * @throws IOException when the client has gone away
     */
    OutputStream respondStreaming(int status, Headers headers) throws IOException;

    /**
     * Accepts a WebSocket handshake: sends {@code 101 Switching Protocols} with {@code headers}
     * (the app has computed {@code Sec-WebSocket-Accept} and chosen the subprotocol), adds the
     * transport's own (a negotiated extension) and switches the connection to WebSocket framing
     * with {@code settings}. Counts as this exchange's response.
     *
     * @throws UnsupportedOperationException when the transport cannot carry WebSockets
     */
    WebSocketTransport upgrade(Headers headers, WebSocketSettings settings);

    /**
     * Tells the transport that the app refused a WebSocket handshake with {@code close(code)}
     * before accepting it; a 403 response follows through {@link #respond}. The server ignores it;
     * the test client reports the code to the test.
     */
    default void webSocketRefused(int code, String reason) {
    }

    /**
     * Ends the exchange abruptly because its streaming body failed half-way: the server closes
     * the connection, so the client sees a truncated body rather than a complete-looking one.
     */
    default void abort() {
    }

    /**
     * Tells the transport that the app answered 500 because of {@code error}. The server ignores
     * it (the app has logged it); the test client re-throws it in the test by default.
     */
    default void unhandledError(Throwable error) {
    }
}
