package io.veloce.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * An HTTP response: status (200 by default), headers, cookies and a {@link Body}. Built by
 * handlers ({@code Response.json(item).status(201)}) and changed by middleware on its way out.
 * Mutable and not thread-safe.
 *
 * <p>A handler may also return a plain value, converted as follows: a {@code Response} is sent
 * as is, a {@code String} as {@code text/plain; charset=utf-8}, a {@code byte[]} as
 * {@code application/octet-stream}, {@code null} as 204, anything else as JSON.
 */
public final class Response {

    /** Content type of text responses. */
    public static final String TEXT_PLAIN = "text/plain; charset=utf-8";
    /** Content type of JSON responses. */
    public static final String APPLICATION_JSON = "application/json";
    /** Content type of binary responses. */
    public static final String OCTET_STREAM = "application/octet-stream";

    private int status;
    private final Headers headers;
    private Body body;
    private List<ResponseCookie> cookies;

    private Response(int status, Body body) {
        this.status = status;
        this.headers = new Headers();
        this.body = body;
    }

    /** For the factories' constant content types, which need no validation. */
    private Response(int status, Body body, String contentType) {
        this(status, body);
        headers.addTrusted("Content-Type", contentType);
    }

    /** Returns a 200 {@code text/plain; charset=utf-8} response. */
    public static Response text(String text) {
        return new Response(200, new Body.Bytes(text.getBytes(StandardCharsets.UTF_8)), TEXT_PLAIN);
    }

    /** Returns a 200 {@code text/html; charset=utf-8} response. */
    public static Response html(String html) {
        return new Response(200, new Body.Bytes(html.getBytes(StandardCharsets.UTF_8)))
                .contentType("text/html; charset=utf-8");
    }

    /** Returns a 200 {@code application/json} response; {@code value} is serialised when sent. */
    public static Response json(Object value) {
        return new Response(200, new Body.Json(value), APPLICATION_JSON);
    }

    /** Returns a 200 {@code application/octet-stream} response. */
    public static Response bytes(byte[] bytes) {
        return bytes(bytes, OCTET_STREAM);
    }

    /** Returns a 200 response with the given bytes and content type. */
    public static Response bytes(byte[] bytes, String contentType) {
        return new Response(200, new Body.Bytes(Objects.requireNonNull(bytes, "bytes"))).contentType(contentType);
    }

    /**
     * Returns a 200 response whose body is written by {@code writer} while it is sent (chunked
     * transfer), for large or generated bodies.
     */
    public static Response stream(String contentType, BodyWriter writer) {
        return new Response(200, new Body.Stream(Objects.requireNonNull(writer, "writer"))).contentType(contentType);
    }

    /** Returns an empty response with {@code status} (for example 204 or 202). */
    public static Response empty(int status) {
        return new Response(200, Body.EMPTY).status(status);
    }

    /** Returns a 307 Temporary Redirect to {@code location} (method and body are kept by the client). */
    public static Response redirect(String location) {
        return redirect(location, 307);
    }

    /**
     * Returns a redirect with {@code status} (301, 302, 303, 307 or 308).
     *
     * @throws IllegalArgumentException when the status is not a redirect status
     */
    public static Response redirect(String location, int status) {
        if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
            throw new IllegalArgumentException("redirect status must be 301, 302, 303, 307 or 308, got " + status);
        }
        Response response = empty(status);
        response.headers.set("Location", location);
        return response;
    }

    /**
     * Sets the status.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException when {@code status} is not in 100–599
     */
    public Response status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100-599, got " + status);
        }
        this.status = status;
        return this;
    }

    /** Returns the status. */
    public int status() {
        return status;
    }

    /**
     * Sets a header, replacing previous values of that name.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException for an invalid name or a value with CR, LF or NUL
     */
    public Response header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /** Returns the (mutable) headers. */
    public Headers headers() {
        return headers;
    }

    /** Sets {@code Content-Type}; returns this. */
    public Response contentType(String contentType) {
        headers.set("Content-Type", contentType);
        return this;
    }

    /** Returns the body. */
    public Body body() {
        return body;
    }

    /** Replaces the body (for middleware that transforms responses); returns this. */
    public Response body(Body body) {
        this.body = Objects.requireNonNull(body, "body");
        return this;
    }

    /**
     * Sets a cookie with the app's default options.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException when the name is not a token or the value needs encoding
     */
    public Response cookie(String name, String value) {
        return cookie(name, value, CookieOptions.defaults());
    }

    /**
     * Sets a cookie; options left unset take the app's cookie defaults when the response is sent.
     *
     * @return this, for chaining
     * @throws IllegalArgumentException when the name is not a token or the value needs encoding
     */
    public Response cookie(String name, String value, CookieOptions options) {
        Cookies.setCookie(name, value, options); // validates now, so the mistake points at the caller
        if (cookies == null) {
            cookies = new ArrayList<>(2);
        }
        cookies.add(new ResponseCookie(name, value, options));
        return this;
    }

    /** Deletes a cookie on the client (empty value, {@code Max-Age=0}); returns this. */
    public Response deleteCookie(String name) {
        return cookie(name, "", CookieOptions.defaults().maxAge(java.time.Duration.ZERO));
    }

    /** Returns the cookies this response sets, in order (empty when none). */
    public List<ResponseCookie> cookies() {
        return cookies == null ? List.of() : List.copyOf(cookies);
    }

    @Override
    public String toString() {
        return "Response[" + status + ", " + headers + ", " + body.getClass().getSimpleName() + "]";
    }

    /**
     * A cookie set by a response, before the app's defaults are applied.
     *
     * @param name the cookie name
     * @param value the cookie value
     * @param options the options given by the handler (unset ones come from the app)
     */
    public record ResponseCookie(String name, String value, CookieOptions options) {
    }
}
