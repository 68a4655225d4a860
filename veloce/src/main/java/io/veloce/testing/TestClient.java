package io.veloce.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.Limits;
import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.http.JsonCodec;
import io.veloce.server.Dispatcher;
import io.veloce.websocket.WebSocketDisconnect;
import java.net.HttpCookie;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.StringJoiner;
import java.util.function.Consumer;

/**
 * Drives an app in memory, with no socket, through the same middleware, routing, handlers and
 * error mapping as the Netty server. Obtain one with {@code app.testClient()}; opening it runs
 * the app's startup hooks and {@link #close()} runs the shutdown hooks.
 *
 * <pre>{@code
 * try (TestClient client = app.testClient()) {
 *     TestResponse created = client.post("/items", r -> r.json(new Item("1", "widget")));
 *     assertEquals(201, created.status());
 * }
 * }</pre>
 *
 * <p>Requests go to {@code http://testserver} from client {@code testclient:50000}. A cookie jar
 * keeps cookies set by responses (honouring {@code Max-Age}/{@code Expires}, {@code Path} and
 * {@code Secure}, which sends a cookie over {@link #https(boolean) HTTPS} only) and sends them
 * with later requests. The app's {@code Limits} apply as on the server: an over-long
 * request line gets 414, a header block over the limit 431 and a body over the limit 413.
 *
 * <p>An exception that made the app answer 500 is re-thrown from the request method (unchecked
 * ones as they are, checked ones wrapped in {@link ServerException}), so a test fails with the
 * real cause; {@link #raiseServerExceptions(boolean) raiseServerExceptions(false)} returns the
 * 500 response instead. Not thread-safe: use one client per test thread.
 */
public final class TestClient implements AutoCloseable {

    private final Dispatcher dispatcher;
    private final JsonCodec json;
    /** By name and path, as a browser keys them: same-named cookies of two paths are two cookies. */
    private final Map<String, HttpCookie> jar = new LinkedHashMap<>();
    private static final SecureRandom KEYS = new SecureRandom();

    private boolean raiseServerExceptions = true;
    private Duration webSocketTimeout = Duration.ofSeconds(10);
    private boolean https;
    private ClientAddress clientAddress = InMemoryExchange.CLIENT;
    private boolean closed;

    /**
     * Opens a client on {@code dispatcher}; use {@code app.testClient()} rather than this.
     *
     * @param dispatcher the app to drive; its startup hooks run now; not {@code null}
     * @param mapper the app's Jackson mapper, which writes {@code json(...)} request bodies and
     *     reads JSON responses and WebSocket messages in the test; not {@code null}
     * @throws NullPointerException when an argument is {@code null}
     * @throws IllegalStateException when a startup hook fails
     */
    public TestClient(Dispatcher dispatcher, ObjectMapper mapper) {
        this.dispatcher = Objects.requireNonNull(dispatcher, "dispatcher");
        this.json = new JsonCodec(mapper);
        try {
            dispatcher.startup();
        } catch (Exception e) {
            throw new IllegalStateException("startup hook failed: " + e.getMessage(), e);
        }
    }

    /**
     * Sets whether an exception behind a 500 is re-thrown in the test (default) or the 500
     * response is returned.
     *
     * @param raise {@code true} (the default) to re-throw the exception; {@code false} to get the
     *     500 response (for a WebSocket: a {@link WebSocketDenied} with 500 before the handler
     *     accepted, a {@link WebSocketDisconnect} with 1011 after). A WebSocket session keeps the
     *     value it was opened with
     * @return this, for chaining
     */
    public TestClient raiseServerExceptions(boolean raise) {
        this.raiseServerExceptions = raise;
        return this;
    }

    /**
     * Sends {@code GET path}; {@code path} may carry a query string.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse get(String path) {
        return request("GET", path, r -> { });
    }

    /**
     * Sends {@code GET path} with options (headers, query, cookies).
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @param options sets headers, query parameters, cookies and a body on the request; not
     *     {@code null}
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse get(String path, Consumer<TestRequest> options) {
        return request("GET", path, options);
    }

    /**
     * Sends {@code HEAD path}.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @return the response, whose body is always empty (its {@code Content-Length} may announce
     *     the {@code GET} length); failures as for {@link #request(String, String, Consumer)}
     */
    public TestResponse head(String path) {
        return request("HEAD", path, r -> { });
    }

    /**
     * Sends {@code POST path} with no body.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse post(String path) {
        return request("POST", path, r -> { });
    }

    /**
     * Sends {@code POST path} with options, typically a body: {@code r -> r.json(item)}.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @param options sets headers, query parameters, cookies and a body on the request; not
     *     {@code null}
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse post(String path, Consumer<TestRequest> options) {
        return request("POST", path, options);
    }

    /**
     * Sends {@code PUT path} with options.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @param options sets headers, query parameters, cookies and a body on the request; not
     *     {@code null}
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse put(String path, Consumer<TestRequest> options) {
        return request("PUT", path, options);
    }

    /**
     * Sends {@code PATCH path} with options.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @param options sets headers, query parameters, cookies and a body on the request; not
     *     {@code null}
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse patch(String path, Consumer<TestRequest> options) {
        return request("PATCH", path, options);
    }

    /**
     * Sends {@code DELETE path}.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse delete(String path) {
        return request("DELETE", path, r -> { });
    }

    /**
     * Sends {@code DELETE path} with options.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @param options sets headers, query parameters, cookies and a body on the request; not
     *     {@code null}
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse delete(String path, Consumer<TestRequest> options) {
        return request("DELETE", path, options);
    }

    /**
     * Sends {@code OPTIONS path} with options.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @param options sets headers, query parameters, cookies and a body on the request
     *     ({@code r -> { }} for none); not {@code null}
     * @return the response, whatever its status; failures as for
     *     {@link #request(String, String, Consumer)}
     */
    public TestResponse options(String path, Consumer<TestRequest> options) {
        return request("OPTIONS", path, options);
    }

    /**
     * Sends a request with any method.
     *
     * @param method the method as it goes on the request line, e.g. {@code "GET"} or
     *     {@code "PROPFIND"}; case-sensitive, not validated
     * @param path the path, optionally with a query string; options may add more parameters
     * @param options sets headers, query parameters, cookies and a body on the request, run
     *     before it is sent; {@code r -> { }} for none; not {@code null}
     * @return the response, whatever its status, its cookies already in the jar; a request over
     *     the app's {@code Limits} gets 414, 431 or 413 without reaching the app
     * @throws IllegalArgumentException when {@code path} does not start with {@code /}
     * @throws IllegalStateException when the client is closed, or the app sent no response
     * @throws RuntimeException the exception behind a 500, when re-throwing is on
     */
    public TestResponse request(String method, String path, Consumer<TestRequest> options) {
        TestRequest request = prepare(options);
        String target = target(path, request.query());
        Headers headers = headers(path, request);
        byte[] body = body(request, headers);
        TestResponse refused = enforceLimits(method, target, headers, body);
        if (refused != null) {
            return refused;
        }
        InMemoryExchange exchange = new InMemoryExchange(method, target, headers, body, https, clientAddress);
        dispatcher.dispatch(exchange);
        if (!exchange.responded()) {
            throw new IllegalStateException("the app sent no response to " + method + " " + target);
        }
        if (exchange.unhandled() != null && raiseServerExceptions) {
            throw rethrowable(exchange.unhandled());
        }
        store(stripQuery(path), exchange.responseHeaders());
        return new TestResponse(exchange.status(), exchange.responseHeaders(), exchange.responseBody(), json);
    }

    /**
     * Opens a WebSocket to {@code path} in memory; see {@link #websocketConnect(String, Consumer)}.
     *
     * @param path a path starting with {@code /}, optionally with a query string, sent as is
     *     (not encoded)
     * @return the session on the accepted connection; close it (try-with-resources) to end the
     *     handler; failures as for {@link #websocketConnect(String, Consumer)}
     */
    public WebSocketTestSession websocketConnect(String path) {
        return websocketConnect(path, request -> { });
    }

    /**
     * Opens a WebSocket to {@code path} in memory: sends a valid handshake (with the jar's
     * cookies, and the headers, query parameters, cookies and {@link TestRequest#subprotocols
     * subprotocols} set by {@code options}; no {@code Origin} unless set), runs the app's
     * middleware and handler on a virtual thread and returns once the handler accepted.
     *
     * @param path the WebSocket route's path starting with {@code /}, optionally with a query
     *     string
     * @param options sets headers, query parameters, cookies and subprotocols on the handshake;
     *     not {@code null}
     * @return the session on the accepted connection, the handler still running on its thread;
     *     close it (try-with-resources) to end the handler
     * @throws IllegalArgumentException when {@code path} does not start with {@code /}
     * @throws IllegalStateException when the client is closed, the app sent no answer at all, or
     *     the waiting thread is interrupted
     * @throws io.veloce.websocket.WebSocketDisconnect when the app refused with {@code close(code)}
     *     (its code, 1000 by default, or 1008 from {@code WebSocketOriginMiddleware})
     * @throws WebSocketDenied when the app answered with an HTTP error (a dependency's or
     *     middleware's {@code HttpException}, a malformed handshake, no WebSocket route), or the
     *     handshake is over the app's {@code Limits} (414, 431)
     * @throws AssertionError when the handler neither accepts nor refuses within the receive timeout
     * @throws RuntimeException the handler's exception when it failed before accepting and
     *     re-throwing is on
     */
    public WebSocketTestSession websocketConnect(String path, Consumer<TestRequest> options) {
        TestRequest request = prepare(options);
        String target = target(path, request.query());
        Headers headers = headers(path, request);
        headers.setIfAbsent("Upgrade", "websocket");
        headers.setIfAbsent("Connection", "Upgrade");
        headers.setIfAbsent("Sec-WebSocket-Version", "13");
        byte[] key = new byte[16];
        KEYS.nextBytes(key);
        headers.setIfAbsent("Sec-WebSocket-Key", Base64.getEncoder().encodeToString(key));
        TestResponse refused = enforceLimits("GET", target, headers, new byte[0]);
        if (refused != null) {
            throw new WebSocketDenied(refused);
        }
        InMemoryExchange exchange = new InMemoryExchange("GET", target, headers, new byte[0], https, clientAddress);
        Thread handler = Thread.ofVirtual().name("veloce-test-websocket " + path).start(() -> {
            try {
                dispatcher.dispatch(exchange);
            } finally {
                exchange.answered().countDown(); // a handler that returned without answering still ends the wait
            }
        });
        try {
            if (!exchange.answered().await(webSocketTimeout.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the WebSocket handler for " + path + " neither accepted nor refused the "
                        + "handshake within " + webSocketTimeout.toMillis() + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the WebSocket handshake", e);
        }
        InMemoryWebSocket socket = exchange.webSocket();
        if (socket != null) {
            store(stripQuery(path), exchange.responseHeaders());
            return new WebSocketTestSession(socket, exchange, handler, json, raiseServerExceptions, webSocketTimeout);
        }
        if (exchange.unhandled() != null && raiseServerExceptions) {
            throw rethrowable(exchange.unhandled());
        }
        if (exchange.refusal() != null) {
            throw new WebSocketDisconnect(exchange.refusal().code(), exchange.refusal().reason());
        }
        if (!exchange.responded()) {
            throw new IllegalStateException("the app sent no answer to the WebSocket handshake for " + path);
        }
        store(stripQuery(path), exchange.responseHeaders());
        throw new WebSocketDenied(new TestResponse(exchange.status(), exchange.responseHeaders(),
                exchange.responseBody(), json));
    }

    /**
     * Sets how long WebSocket receives and handshakes wait before failing the test with an
     * {@link AssertionError} (10 s by default).
     *
     * @param timeout how long {@code websocketConnect} waits for the handler to answer, each
     *     {@code receive*} waits for a message, and {@code close()} waits for the handler to
     *     return; must be positive. A session keeps the value it was opened with
     * @return this, for chaining
     * @throws IllegalArgumentException when not positive
     * @throws NullPointerException when {@code timeout} is {@code null}
     */
    public TestClient webSocketTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("webSocketTimeout must be positive, got " + timeout);
        }
        this.webSocketTimeout = timeout;
        return this;
    }

    /**
     * Sets whether requests arrive as over TLS ({@code https://testserver}, {@code wss://}): what
     * {@code secure()} and {@code url()} report to the app; off by default.
     *
     * @param https {@code true} to present later requests as HTTPS, which also lets the jar send
     *     its {@code Secure} cookies; {@code false} (the default) for plain HTTP
     * @return this, for chaining
     */
    public TestClient https(boolean https) {
        this.https = https;
        return this;
    }

    /**
     * Sets the peer address requests come from, what {@code client()} reports unless the app
     * trusts forwarding headers from it; {@code testclient:50000} by default (not an IP address,
     * so no {@code TrustedProxies} entry matches it).
     *
     * @param host the peer's address as text, e.g. {@code "203.0.113.7"} or {@code "::1"}; neither
     *     validated nor resolved, so it must be an IP address for a {@code TrustedProxies} entry
     *     to match
     * @param port the peer's port; not validated
     * @return this, for chaining
     */
    public TestClient clientAddress(String host, int port) {
        this.clientAddress = new ClientAddress(host, port);
        return this;
    }

    /**
     * Returns the cookies currently in the jar, by name.
     *
     * @return a new map from name to value of the unexpired cookies, whatever their
     *     {@code Path} and {@code Secure} (of two same-named cookies, the one stored last);
     *     changing it does not change the jar
     */
    public Map<String, String> cookies() {
        purgeExpired();
        Map<String, String> cookies = new LinkedHashMap<>();
        jar.values().forEach(cookie -> cookies.put(cookie.getName(), cookie.getValue()));
        return cookies;
    }

    /** Runs the app's shutdown hooks; idempotent. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            dispatcher.shutdown();
        }
    }

    private TestRequest prepare(Consumer<TestRequest> options) {
        if (closed) {
            throw new IllegalStateException("this TestClient is closed");
        }
        TestRequest request = new TestRequest();
        options.accept(request);
        return request;
    }

    /** The request's own headers plus {@code Host} and the jar's cookies for {@code path}. */
    private Headers headers(String path, TestRequest request) {
        Headers headers = request.headers().copy();
        headers.setIfAbsent("Host", "testserver");
        String cookieHeader = cookieHeader(stripQuery(path), request.cookies());
        if (cookieHeader != null) {
            headers.add("Cookie", cookieHeader);
        }
        return headers;
    }

    private static String target(String path, String query) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("test request path must start with '/': " + path);
        }
        if (query.isEmpty()) {
            return path;
        }
        return path + (path.indexOf('?') >= 0 ? "&" : "?") + query;
    }

    private static String stripQuery(String path) {
        int question = path.indexOf('?');
        return question < 0 ? path : path.substring(0, question);
    }

    private byte[] body(TestRequest request, Headers headers) {
        byte[] body;
        String contentType;
        if (request.hasJson()) {
            body = json.write(request.jsonValue());
            contentType = "application/json";
        } else if (!request.formFields().isEmpty()) {
            StringJoiner form = new StringJoiner("&");
            request.formFields().forEach((k, v) -> form.add(TestRequest.encode(k) + "=" + TestRequest.encode(v)));
            body = form.toString().getBytes(StandardCharsets.US_ASCII);
            contentType = "application/x-www-form-urlencoded";
        } else if (request.rawBody() != null) {
            body = request.rawBody();
            contentType = request.rawContentType();
        } else {
            return new byte[0];
        }
        if (contentType != null) {
            headers.setIfAbsent("Content-Type", contentType);
        }
        headers.set("Content-Length", Integer.toString(body.length));
        return body;
    }

    /** The same limits the server's HTTP decoder enforces, with the same answers. */
    private TestResponse enforceLimits(String method, String target, Headers headers, byte[] body) {
        Limits limits = dispatcher.limits();
        // bytes, as the server's decoder counts them: a non-ASCII value is more bytes than chars
        int requestLine = method.length() + 1 + utf8Bytes(target) + " HTTP/1.1".length();
        if (requestLine > limits.maxRequestLineLength()) {
            return refusal(414, "request line is longer than " + limits.maxRequestLineLength() + " bytes");
        }
        int headerBytes = 0;
        for (Map.Entry<String, String> header : headers) {
            headerBytes += utf8Bytes(header.getKey()) + 2 + utf8Bytes(header.getValue()) + 2;
        }
        if (headerBytes > limits.maxHeaderSize()) {
            return refusal(431, "header block is larger than " + limits.maxHeaderSize() + " bytes");
        }
        if (body.length > limits.maxBodySize()) {
            return refusal(413, "request body is larger than " + limits.maxBodySize() + " bytes");
        }
        return null;
    }

    private static int utf8Bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length; // a test client can afford the copy
    }

    private TestResponse refusal(int status, String detail) {
        byte[] body = json.write(Map.of("detail", detail));
        Headers headers = Headers.of("Content-Type", "application/json", "Content-Length",
                Integer.toString(body.length), "Connection", "close");
        return new TestResponse(status, headers, body, json);
    }

    private String cookieHeader(String path, Map<String, String> extra) {
        purgeExpired();
        StringJoiner header = new StringJoiner("; ");
        Map<String, String> sent = new LinkedHashMap<>();
        List<HttpCookie> cookies = new ArrayList<>(jar.values());
        // of same-named cookies, the one with the longest path goes (browsers send it first)
        cookies.sort(Comparator.comparingInt((HttpCookie cookie) -> cookie.getPath().length()).reversed());
        for (HttpCookie cookie : cookies) {
            // like a browser: a Secure cookie only goes over HTTPS (see https(boolean))
            if (pathMatches(path, cookie.getPath()) && (https || !cookie.getSecure())) {
                sent.putIfAbsent(cookie.getName(), cookie.getValue());
            }
        }
        sent.putAll(extra);
        sent.forEach((name, value) -> header.add(name + "=" + value));
        return sent.isEmpty() ? null : header.toString();
    }

    private void store(String path, Headers responseHeaders) {
        for (String setCookie : responseHeaders.getAll("Set-Cookie")) {
            for (HttpCookie cookie : HttpCookie.parse("Set-Cookie: " + setCookie)) {
                if (cookie.getPath() == null || !cookie.getPath().startsWith("/")) {
                    cookie.setPath(defaultPath(path));
                }
                String key = cookie.getName() + "\u0000" + cookie.getPath();
                if (cookie.getMaxAge() == 0 || cookie.hasExpired()) {
                    jar.remove(key);
                } else {
                    jar.put(key, cookie);
                }
            }
        }
    }

    /** RFC 6265 §5.1.4: {@code /admin} matches {@code /admin} and {@code /admin/x}, not {@code /administrator}. */
    private static boolean pathMatches(String requestPath, String cookiePath) {
        return requestPath.equals(cookiePath) || requestPath.startsWith(cookiePath)
                && (cookiePath.endsWith("/") || requestPath.charAt(cookiePath.length()) == '/');
    }

    /** RFC 6265 §5.1.4: without a Path attribute, a cookie belongs to the request path's directory. */
    private static String defaultPath(String requestPath) {
        int lastSlash = requestPath.lastIndexOf('/');
        return lastSlash <= 0 ? "/" : requestPath.substring(0, lastSlash);
    }

    private void purgeExpired() {
        for (Iterator<HttpCookie> it = jar.values().iterator(); it.hasNext();) {
            if (it.next().hasExpired()) {
                it.remove();
            }
        }
    }

    static RuntimeException rethrowable(Throwable error) {
        if (error instanceof RuntimeException runtime) {
            return runtime;
        }
        if (error instanceof Error fatal) {
            throw fatal;
        }
        return new ServerException(error);
    }

    /** Wraps a checked exception that made the app answer 500, re-thrown in the test. */
    public static final class ServerException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        ServerException(Throwable cause) {
            super("the app failed with " + cause, cause);
        }
    }
}
