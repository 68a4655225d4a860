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

    /**
     * Returns a 200 {@code text/plain; charset=utf-8} response.
     *
     * @param text the body, encoded as UTF-8 now; must not be {@code null} (an empty string gives
     *     an empty body)
     * @return a new response, status 200, with {@code Content-Type} set
     * @throws NullPointerException when {@code text} is {@code null}
     */
    public static Response text(String text) {
        return new Response(200, new Body.Bytes(text.getBytes(StandardCharsets.UTF_8)), TEXT_PLAIN);
    }

    /**
     * Returns a 200 {@code text/html; charset=utf-8} response.
     *
     * @param html the page, encoded as UTF-8 now and sent as is (escaping what came from users is
     *     the caller's job); must not be {@code null}
     * @return a new response, status 200, with {@code Content-Type} set
     * @throws NullPointerException when {@code html} is {@code null}
     */
    public static Response html(String html) {
        return new Response(200, new Body.Bytes(html.getBytes(StandardCharsets.UTF_8)))
                .contentType("text/html; charset=utf-8");
    }

    /**
     * Returns a 200 {@code application/json} response; {@code value} is serialised when sent.
     *
     * @param value anything the app's {@code ObjectMapper} can serialise; {@code null} gives the
     *     body {@code null} (unlike a handler returning {@code null}, which is a 204). Kept by
     *     reference until serialised, so changes made to it before then are sent
     * @return a new response, status 200, with {@code Content-Type: application/json}
     */
    public static Response json(Object value) {
        return new Response(200, new Body.Json(value), APPLICATION_JSON);
    }

    /**
     * Returns a 200 {@code application/octet-stream} response.
     *
     * @param bytes the body; not copied, so do not change the array afterwards
     * @return a new response, status 200, with {@code Content-Type: application/octet-stream}
     * @throws NullPointerException when {@code bytes} is {@code null}
     */
    public static Response bytes(byte[] bytes) {
        return bytes(bytes, OCTET_STREAM);
    }

    /**
     * Returns a 200 response with the given bytes and content type.
     *
     * @param bytes the body; not copied, so do not change the array afterwards
     * @param contentType the {@code Content-Type} value, for example {@code image/png}
     * @return a new response, status 200
     * @throws NullPointerException when {@code bytes} is {@code null}
     * @throws IllegalArgumentException when {@code contentType} is {@code null} or holds CR, LF or NUL
     */
    public static Response bytes(byte[] bytes, String contentType) {
        return new Response(200, new Body.Bytes(Objects.requireNonNull(bytes, "bytes"))).contentType(contentType);
    }

    /**
     * Returns a 200 response whose body is written by {@code writer} while it is sent (chunked
     * transfer), for large or generated bodies.
     *
     * @param contentType the {@code Content-Type} value, for example {@code text/event-stream}
     * @param writer called once, on the handler's thread, after the status and headers went out;
     *     must not be {@code null}
     * @return a new response, status 200
     * @throws NullPointerException when {@code writer} is {@code null}
     * @throws IllegalArgumentException when {@code contentType} is {@code null} or holds CR, LF or NUL
     */
    public static Response stream(String contentType, BodyWriter writer) {
        return new Response(200, new Body.Stream(Objects.requireNonNull(writer, "writer"))).contentType(contentType);
    }

    /**
     * Returns an empty response with {@code status} (for example 204 or 202).
     *
     * @param status the HTTP status, 100–599
     * @return a new response with no body and no {@code Content-Type}
     * @throws IllegalArgumentException when {@code status} is not in 100–599
     */
    public static Response empty(int status) {
        return new Response(200, Body.EMPTY).status(status);
    }

    /**
     * Returns a 307 Temporary Redirect to {@code location} (method and body are kept by the client).
     *
     * @param location the {@code Location} value, absolute or relative to the request URL; sent
     *     as given, so check it before redirecting to a URL the client chose
     * @return a new response with no body
     * @throws IllegalArgumentException when {@code location} is {@code null} or holds CR, LF or NUL
     */
    public static Response redirect(String location) {
        return redirect(location, 307);
    }

    /**
     * Returns a redirect with {@code status} (301, 302, 303, 307 or 308).
     *
     * @param location the {@code Location} value, absolute or relative to the request URL; sent
     *     as given, so check it before redirecting to a URL the client chose
     * @param status 301 or 308 (permanent), 302, 303 (the client follows with a {@code GET}) or 307
     * @return a new response with no body
     * @throws IllegalArgumentException when the status is not a redirect status, or
     *     {@code location} is {@code null} or holds CR, LF or NUL
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
     * @param status the HTTP status, 100–599; it replaces the one set before (200 by default)
     * @return this response, for chaining
     * @throws IllegalArgumentException when {@code status} is not in 100–599
     */
    public Response status(int status) {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("HTTP status must be 100-599, got " + status);
        }
        this.status = status;
        return this;
    }

    /**
     * Returns the status.
     *
     * @return the HTTP status, 100–599; 200 unless a factory or {@link #status(int)} set another
     */
    public int status() {
        return status;
    }

    /**
     * Sets a header, replacing previous values of that name.
     *
     * @param name the header name, an RFC 9110 token (case-insensitive)
     * @param value the value; must not be {@code null} ({@code headers().remove(name)} removes one)
     * @return this response, for chaining
     * @throws IllegalArgumentException for an invalid name or a value with CR, LF or NUL
     */
    public Response header(String name, String value) {
        headers.set(name, value);
        return this;
    }

    /**
     * Returns the (mutable) headers.
     *
     * @return this response's own headers, not a copy: what is changed through them is sent
     */
    public Headers headers() {
        return headers;
    }

    /**
     * Sets {@code Content-Type}; returns this.
     *
     * @param contentType the media type with its parameters, for example
     *     {@code text/csv; charset=utf-8}; replaces the one a factory set
     * @return this response, for chaining
     * @throws IllegalArgumentException when {@code contentType} is {@code null} or holds CR, LF or NUL
     */
    public Response contentType(String contentType) {
        headers.set("Content-Type", contentType);
        return this;
    }

    /**
     * Returns the body.
     *
     * @return the current body, never {@code null} ({@link Body#EMPTY} when there is none); a
     *     {@link Body.Json} is already {@link Body.Bytes} when middleware gets the response back
     *     from {@code next}
     */
    public Body body() {
        return body;
    }

    /**
     * Replaces the body (for middleware that transforms responses); returns this. Headers that
     * describe the old body, such as {@code Content-Length} or {@code Content-Encoding}, are the
     * caller's to update.
     *
     * @param body the new body; must not be {@code null} (use {@link Body#EMPTY})
     * @return this response, for chaining
     * @throws NullPointerException when {@code body} is {@code null}
     */
    public Response body(Body body) {
        this.body = Objects.requireNonNull(body, "body");
        return this;
    }

    /**
     * Sets a cookie with the app's default options.
     *
     * @param name the cookie name, an RFC 9110 token
     * @param value the value: printable ASCII without whitespace, {@code "}, {@code ,}, {@code ;}
     *     or {@code \}, possibly empty; encode anything else (for example Base64url)
     * @return this response, for chaining
     * @throws IllegalArgumentException when the name is not a token or the value needs encoding
     * @throws NullPointerException when {@code value} is {@code null}
     */
    public Response cookie(String name, String value) {
        return cookie(name, value, CookieOptions.defaults());
    }

    /**
     * Sets a cookie; options left unset take the app's cookie defaults when the response is sent.
     * Setting the same name twice sends two {@code Set-Cookie} headers; the browser keeps the last.
     *
     * @param name the cookie name, an RFC 9110 token
     * @param value the value: printable ASCII without whitespace, {@code "}, {@code ,}, {@code ;}
     *     or {@code \}, possibly empty; encode anything else (for example Base64url)
     * @param options the attributes; {@link CookieOptions#defaults()} for none of its own, never
     *     {@code null}
     * @return this response, for chaining
     * @throws IllegalArgumentException when the name is not a token or the value needs encoding
     * @throws NullPointerException when {@code value} or {@code options} is {@code null}
     */
    public Response cookie(String name, String value, CookieOptions options) {
        Cookies.setCookie(name, value, options); // validates now, so the mistake points at the caller
        if (cookies == null) {
            cookies = new ArrayList<>(2);
        }
        cookies.add(new ResponseCookie(name, value, options));
        return this;
    }

    /**
     * Deletes a cookie on the client (empty value, {@code Max-Age=0}); returns this. The deletion
     * carries the app's default {@code Path} and {@code Domain}, and a browser only deletes a
     * cookie whose path and domain match: one set with other options is deleted with
     * {@code cookie(name, "", options.maxAge(Duration.ZERO))} instead.
     *
     * @param name the cookie name, an RFC 9110 token
     * @return this response, for chaining
     * @throws IllegalArgumentException when the name is not a token
     */
    public Response deleteCookie(String name) {
        return cookie(name, "", CookieOptions.defaults().maxAge(java.time.Duration.ZERO));
    }

    /**
     * Returns the cookies this response sets, in order (empty when none).
     *
     * @return an unmodifiable copy, in the order they were set; later calls to
     *     {@link #cookie(String, String, CookieOptions)} do not change it
     */
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
