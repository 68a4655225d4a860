package io.veloce.testing;

import io.veloce.http.Headers;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The options of one test request, set in the lambda passed to {@link TestClient}:
 * {@code client.post("/items", r -> r.json(item).header("X-Trace", "1"))}. A body is set once:
 * the last of {@code json}, {@code form}, {@code text} and {@code body} wins.
 */
public final class TestRequest {

    private final Headers headers = new Headers();
    private final StringBuilder query = new StringBuilder();
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final Map<String, String> form = new LinkedHashMap<>();
    private Object json;
    private boolean hasJson;
    private byte[] body;
    private String contentType;

    TestRequest() {
    }

    /**
     * Adds a request header ({@code Host} defaults to {@code testserver}; no {@code Origin} is
     * sent unless given).
     *
     * @return this, for chaining
     */
    public TestRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /** Adds a query parameter (encoded for you); returns this. */
    public TestRequest query(String name, String value) {
        query.append(query.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value));
        return this;
    }

    /** Sends a cookie with this request only, on top of the client's cookie jar; returns this. */
    public TestRequest cookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    /**
     * Offers WebSocket subprotocols, in order of preference, in one {@code Sec-WebSocket-Protocol}
     * header (for {@code websocketConnect}); returns this.
     */
    public TestRequest subprotocols(String... subprotocols) {
        headers.set("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        return this;
    }

    /** Sends {@code value} serialised as JSON with {@code Content-Type: application/json}; returns this. */
    public TestRequest json(Object value) {
        this.json = value;
        this.hasJson = true;
        this.body = null;
        this.form.clear();
        return this;
    }

    /** Adds a field to an {@code application/x-www-form-urlencoded} body; returns this. */
    public TestRequest form(String name, String value) {
        form.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        this.hasJson = false;
        this.body = null;
        return this;
    }

    /** Sends {@code text} as {@code text/plain; charset=utf-8}; returns this. */
    public TestRequest text(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /** Sends raw bytes with the given content type ({@code null} for none); returns this. */
    public TestRequest body(byte[] bytes, String contentType) {
        this.body = Objects.requireNonNull(bytes, "bytes");
        this.contentType = contentType;
        this.hasJson = false;
        this.form.clear();
        return this;
    }

    Headers headers() {
        return headers;
    }

    String query() {
        return query.toString();
    }

    Map<String, String> cookies() {
        return cookies;
    }

    boolean hasJson() {
        return hasJson;
    }

    Object jsonValue() {
        return json;
    }

    Map<String, String> formFields() {
        return form;
    }

    byte[] rawBody() {
        return body;
    }

    String rawContentType() {
        return contentType;
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
