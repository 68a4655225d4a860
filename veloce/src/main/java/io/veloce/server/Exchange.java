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

    /**
     * Returns the request method as sent.
     *
     * @return the method token, case preserved (e.g. {@code GET}); never {@code null}
     */
    String method();

    /**
     * Returns the raw request-target ({@code /a/b?x=1}), not decoded.
     *
     * @return the target exactly as on the request line, percent-encoding intact; never
     *     {@code null}
     */
    String target();

    /**
     * Returns the protocol version ({@code HTTP/1.1}, {@code HTTP/1.0}).
     *
     * @return the version text as the request line had it (always {@code HTTP/1.1} in the test
     *     client)
     */
    String protocol();

    /**
     * Returns whether the connection is TLS.
     *
     * @return {@code true} for TLS (in the test client: when {@code https(true)} is set)
     */
    boolean secure();

    /**
     * Returns the request headers.
     *
     * @return the headers in arrival order, repeated fields kept; the exchange's own instance,
     *     not a copy; never {@code null}
     */
    Headers headers();

    /**
     * Returns the peer address.
     *
     * @return the address and port of the TCP peer (a proxy, if there is one: forwarding headers
     *     are the app's business); {@code unknown:0} when the transport cannot tell
     */
    ClientAddress client();

    /**
     * Returns the local address the request arrived on (for URLs when {@code Host} is missing).
     *
     * @return the local address and port ({@code testserver:80} in the test client)
     */
    ClientAddress server();

    /**
     * Returns the whole request body, already bounded by the body limit (empty array when none).
     *
     * @return the body, the exchange's own array (not a copy); never {@code null}
     */
    byte[] body();

    /**
     * Sends a response whose body is known in full. The transport adds {@code Content-Length}
     * from the body unless {@code headers} already has one (a {@code HEAD} response announces the
     * {@code GET} length with an empty body) and never for 1xx, 204 and 304 nor for a
     * {@code HEAD} request; it adds transport-level headers ({@code Date}, {@code Connection}).
     * A {@code HEAD} response never carries body bytes.
     *
     * @param status the status code, e.g. 200; the reason phrase is the transport's
     * @param headers the response headers, copied into the response
     * @param body the whole body, empty when there is none; not copied, and possibly written
     *     after this returns, so it must not change afterwards
     * @throws IllegalStateException when this exchange already has a response
     */
    void respond(int status, Headers headers, byte[] body);

    /**
     * Starts a streaming response and returns the stream for its body: chunked for HTTP/1.1,
     * close-delimited for HTTP/1.0 — or, when {@code headers} announce a {@code Content-Length}
     * (a file's size), sent with that length, which the body must then match exactly.
     * {@code write} blocks while the client is slower than the writer; closing the stream ends
     * the response. The stream may be an {@link io.veloce.http.FileSink}.
     *
     * @param status the status code, e.g. 200
     * @param headers the response headers, copied; the server drops a {@code Content-Length}
     *     that is not a single decimal number and sends the body chunked instead
     * @return the stream for the body, to be closed once the body is complete (not after a
     *     failure: then {@link #abort()}); for a {@code HEAD} request it sends nothing
     * @throws IOException when the client has gone away
     * @throws IllegalStateException when this exchange already has a response
     */
    OutputStream respondStreaming(int status, Headers headers) throws IOException;

    /**
     * Accepts a WebSocket handshake: sends {@code 101 Switching Protocols} with {@code headers}
     * (the app has computed {@code Sec-WebSocket-Accept} and chosen the subprotocol), adds the
     * transport's own (a negotiated extension) and switches the connection to WebSocket framing
     * with {@code settings}. Counts as this exchange's response.
     *
     * @param headers the 101 response's headers: {@code Upgrade}, {@code Connection},
     *     {@code Sec-WebSocket-Accept}, the chosen {@code Sec-WebSocket-Protocol} and the app's own
     * @param settings the route's limits and timers, which the transport enforces from now on
     * @return the transport side of the accepted connection; never {@code null}
     * @throws UnsupportedOperationException when the transport cannot carry WebSockets
     * @throws IllegalStateException when this exchange already has a response
     */
    WebSocketTransport upgrade(Headers headers, WebSocketSettings settings);

    /**
     * Tells the transport that the app refused a WebSocket handshake with {@code close(code)}
     * before accepting it; a 403 response follows through {@link #respond}. The server ignores it;
     * the test client reports the code to the test.
     *
     * @param code the sendable close code the handler refused with; 1000 when it returned
     *     without answering, or threw a disconnect with a code that may not be sent
     * @param reason the close reason, empty when none; never {@code null}
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
     *
     * @param error what no exception handler mapped: a handler's or middleware's failure (or,
     *     when an exception handler itself failed, that failure with the original suppressed in
     *     it), a streaming body that failed half-way, or a failed WebSocket handler (answered
     *     with 500 before {@code accept()}, closed with 1011 after); never {@code null}
     */
    default void unhandledError(Throwable error) {
    }
}
