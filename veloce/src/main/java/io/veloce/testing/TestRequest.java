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
     * @param name the header name, an HTTP token; a name given twice is sent twice. A
     *     {@code Content-Type} given here wins over the body's; {@code Content-Length} is
     *     replaced by the body's real length when there is a body
     * @param value the value, without CR, LF or NUL
     * @return this, for chaining
     * @throws IllegalArgumentException when the name is not a token, or the value is
     *     {@code null} or holds CR, LF or NUL
     */
    public TestRequest header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    /**
     * Adds a query parameter (encoded for you); returns this.
     *
     * @param name the parameter name, unencoded (encoded here as UTF-8, a space as {@code +});
     *     not {@code null}
     * @param value the value, unencoded; not {@code null}. Parameters go after any query string
     *     already in the path, in call order, a repeated name once per call
     * @return this, for chaining
     */
    public TestRequest query(String name, String value) {
        query.append(query.isEmpty() ? "" : "&").append(encode(name)).append('=').append(encode(value));
        return this;
    }

    /**
     * Sends a cookie with this request only, on top of the client's cookie jar; returns this.
     *
     * @param name the cookie name; it replaces a jar cookie of that name for this request, and a
     *     second call with the same name replaces the first
     * @param value the value, sent as is (neither encoded nor quoted)
     * @return this, for chaining
     */
    public TestRequest cookie(String name, String value) {
        cookies.put(name, value);
        return this;
    }

    /**
     * Offers WebSocket subprotocols, in order of preference, in one {@code Sec-WebSocket-Protocol}
     * header (for {@code websocketConnect}); returns this.
     *
     * @param subprotocols the subprotocol tokens, most preferred first; replaces what an earlier
     *     call or {@code header("Sec-WebSocket-Protocol", ...)} set
     * @return this, for chaining
     */
    public TestRequest subprotocols(String... subprotocols) {
        headers.set("Sec-WebSocket-Protocol", String.join(", ", subprotocols));
        return this;
    }

    /**
     * Sends {@code value} serialised as JSON with {@code Content-Type: application/json}; returns this.
     *
     * @param value anything the app's mapper can serialise, serialised when the request is sent;
     *     {@code null} sends {@code null}. Replaces a form or raw body set earlier
     * @return this, for chaining
     */
    public TestRequest json(Object value) {
        this.json = value;
        this.hasJson = true;
        this.body = null;
        this.form.clear();
        return this;
    }

    /**
     * Adds a field to an {@code application/x-www-form-urlencoded} body; returns this.
     *
     * @param name the field name, unencoded; not {@code null}. A name given again replaces its
     *     earlier value (one value per name)
     * @param value the field value, unencoded; not {@code null}. Form fields replace a JSON or
     *     raw body set earlier
     * @return this, for chaining
     * @throws NullPointerException when {@code name} or {@code value} is {@code null}
     */
    public TestRequest form(String name, String value) {
        form.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
        this.hasJson = false;
        this.body = null;
        return this;
    }

    /**
     * Sends {@code text} as {@code text/plain; charset=utf-8}; returns this.
     *
     * @param text the body, encoded as UTF-8; not {@code null}. Replaces a JSON or form body set
     *     earlier
     * @return this, for chaining
     * @throws NullPointerException when {@code text} is {@code null}
     */
    public TestRequest text(String text) {
        return body(text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    /**
     * Sends raw bytes with the given content type ({@code null} for none); returns this.
     *
     * @param bytes the body, sent as is and not copied; not {@code null}. Replaces a JSON or
     *     form body set earlier
     * @param contentType the {@code Content-Type} value, or {@code null} to send none; one set
     *     with {@link #header} wins
     * @return this, for chaining
     * @throws NullPointerException when {@code bytes} is {@code null}
     */
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
