package io.veloce.middleware;

import io.veloce.http.Body;
import io.veloce.http.BodyWriter;
import io.veloce.http.Connection;
import io.veloce.http.HttpException;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.websocket.InvalidMessageException;
import io.veloce.websocket.WebSocket;
import io.veloce.websocket.WebSocketState;
import io.veloce.websocket.WebSocketTraffic;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one INFO line per HTTP request and one per WebSocket connection, on the logger
 * {@code veloce.access} (route it to its own file in your logging configuration). Built with
 * {@link #builder()} or {@code new AccessLogMiddleware()} for the defaults; immutable.
 *
 * <pre>
 * 127.0.0.1:51234 "GET /items HTTP/1.1" 200 1532 B 1.8 ms
 * 127.0.0.1:51240 "WS /ws/chat" 1000 in 12 msg 340 B, out 15 msg 1210 B 60412.0 ms
 * 127.0.0.1:51242 "WS /ws/chat" refused 403 0.4 ms
 * </pre>
 *
 * <ul>
 * <li>HTTP: client, method, path, protocol, status, body bytes and time to the last byte (a
 *     streaming body is logged when it ends). An exception no middleware or handler turned into a
 *     response is logged as the 500 it becomes.</li>
 * <li>WebSocket: client, path, then the close code that ended the connection (1000 when the
 *     handler returned without closing, 1011 when it threw), the messages and payload bytes in
 *     each direction and the connection's duration; or {@code refused} and the HTTP status of a
 *     refused handshake.</li>
 * <li>The query string is left out by default: it often carries tokens (a WebSocket's
 *     {@code ?token=}), and logs are read by more people than credentials should be.
 *     {@link Builder#includeQuery(boolean)} puts it back.</li>
 * <li>When a {@link RequestIDMiddleware} runs before this one, its id ends the line.</li>
 * <li>Add it first (outermost) so that what other middleware answers is logged too.</li>
 * </ul>
 */
public final class AccessLogMiddleware implements Middleware {

    private final Logger log;
    private final boolean includeQuery;

    /** An access log with the defaults: logger {@code veloce.access}, no query strings. */
    public AccessLogMiddleware() {
        this(builder());
    }

    private AccessLogMiddleware(Builder builder) {
        this.log = LoggerFactory.getLogger(builder.loggerName);
        this.includeQuery = builder.includeQuery;
    }

    /**
     * Returns a builder with the defaults.
     *
     * @return a new builder: logger {@code veloce.access}, query strings left out
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        if (!log.isInfoEnabled()) {
            return next.handle(request);
        }
        long start = System.nanoTime();
        Response response;
        try {
            response = next.handle(request);
        } catch (Exception | Error failure) {
            logRequest(request, 500, 0, start);
            throw failure;
        }
        Body body = response.body();
        if (body instanceof Body.Stream stream && !request.method().equals("HEAD")) {
            int status = response.status();
            response.body(new Body.Stream(counted(stream.writer(), bytes -> logRequest(request, status, bytes, start))));
            return response;
        }
        long bytes = body instanceof Body.Bytes b && !request.method().equals("HEAD") ? b.bytes().length : 0;
        logRequest(request, response.status(), bytes, start);
        return response;
    }

    @Override
    public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        if (!log.isInfoEnabled()) {
            next.handle(ws);
            return;
        }
        long start = System.nanoTime();
        Throwable failure = null;
        try {
            next.handle(ws);
        } catch (Exception | Error e) {
            failure = e;
            throw e;
        } finally {
            logWebSocket(ws, failure, start);
        }
    }

    private void logRequest(Request request, int status, long bytes, long start) {
        log.info("{} \"{} {} {}\" {} {} B {}{}", LogText.of(request.client().toString()), request.method(), target(request),
                request.protocol(), status, bytes, millis(start), requestId(request));
    }

    private void logWebSocket(WebSocket ws, Throwable failure, long start) {
        OptionalInt code = ws.closeCode();
        WebSocketState state = ws.connectionState();
        if (code.isEmpty() && state != WebSocketState.CONNECTED) {
            int status = failure instanceof HttpException http ? http.status() : failure == null ? 403 : 500;
            log.info("{} \"WS {}\" refused {} {}{}", LogText.of(ws.client().toString()), target(ws), status, millis(start), requestId(ws));
            return;
        }
        // still open: Veloce closes it as soon as this returns, by the lifecycle rules
        int closed = code.orElse(failure == null ? 1000 : failure instanceof InvalidMessageException ? 1007 : 1011);
        WebSocketTraffic traffic = ws.traffic();
        log.info("{} \"WS {}\" {} in {} msg {} B, out {} msg {} B {}{}", LogText.of(ws.client().toString()), target(ws), closed,
                traffic.messagesReceived(), traffic.bytesReceived(), traffic.messagesSent(), traffic.bytesSent(),
                millis(start), requestId(ws));
    }

    private String target(Connection connection) {
        if (!includeQuery) {
            return LogText.of(connection.path());
        }
        String query = connection.url().getRawQuery();
        return LogText.of(query == null ? connection.path() : connection.path() + "?" + query);
    }

    private static String millis(long start) {
        return String.format(Locale.ROOT, "%.1f ms", (System.nanoTime() - start) / 1e6);
    }

    private static String requestId(Connection connection) {
        Object id = connection.state().get(RequestIDMiddleware.KEY);
        return id == null ? "" : " " + id;
    }

    /** Wraps a streaming body to learn its size; {@code done} runs once when it ends, however it ends. */
    private static BodyWriter counted(BodyWriter writer, java.util.function.LongConsumer done) {
        return out -> {
            Counting counting = new Counting(out);
            try {
                writer.writeTo(counting);
            } finally {
                done.accept(counting.count);
            }
        };
    }

    private static final class Counting extends FilterOutputStream {

        long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }

    /** Settings of an {@link AccessLogMiddleware}. */
    public static final class Builder {

        private String loggerName = "veloce.access";
        private boolean includeQuery;

        private Builder() {
        }

        /**
         * Sets the SLF4J logger the lines go to; {@code veloce.access} by default.
         *
         * @param name the logger name, looked up when {@link #build()} runs; lines are written at
         *     INFO, so nothing is logged (or measured) when that logger has INFO off
         * @return this builder, for chaining
         * @throws NullPointerException when {@code name} is {@code null}
         */
        public Builder loggerName(String name) {
            this.loggerName = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * Sets whether query strings are logged; off by default (they often carry tokens).
         *
         * @param include {@code true} to log the raw query after the path ({@code /items?page=2}),
         *     {@code false} to log the path only
         * @return this builder, for chaining
         */
        public Builder includeQuery(boolean include) {
            this.includeQuery = include;
            return this;
        }

        /**
         * Returns the middleware.
         *
         * @return a new, immutable middleware with the current settings; the builder may be
         *     changed and used again afterwards without affecting it
         */
        public AccessLogMiddleware build() {
            return new AccessLogMiddleware(this);
        }
    }
}
