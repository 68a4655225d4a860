package io.veloce.middleware.security;

import io.veloce.http.Headers;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Adds the OWASP Secure Headers project's recommended response headers to every HTTP response
 * (errors included), without overwriting a header the handler set on purpose. Immutable: each
 * setter returns a copy. WebSocket handshakes pass through untouched (a 101 carries no page).
 *
 * <table>
 * <caption>Headers added by default</caption>
 * <tr><th>header</th><th>default value</th></tr>
 * <tr><td>{@code X-Content-Type-Options}</td><td>{@code nosniff}</td></tr>
 * <tr><td>{@code X-Frame-Options}</td><td>{@code DENY}</td></tr>
 * <tr><td>{@code Referrer-Policy}</td><td>{@code strict-origin-when-cross-origin}</td></tr>
 * <tr><td>{@code Cross-Origin-Opener-Policy}</td><td>{@code same-origin}</td></tr>
 * <tr><td>{@code Strict-Transport-Security}</td><td>{@code max-age=31536000} — on HTTPS responses only
 * (browsers ignore it over HTTP, and sending it there would suggest it protects something)</td></tr>
 * </table>
 *
 * <p>{@code Content-Security-Policy} and {@code Permissions-Policy} are not set by default (a
 * useful policy depends on the app's pages); add them with {@link #with}.
 *
 * <pre>{@code
 * app.addMiddleware(new SecurityHeadersMiddleware()
 *         .with("Content-Security-Policy", "default-src 'self'")
 *         .without("X-Frame-Options"));
 * }</pre>
 */
public final class SecurityHeadersMiddleware implements Middleware {

    private static final String HSTS = "Strict-Transport-Security";

    private final Map<String, String> headers;

    /** Creates the middleware with the default set in the class description. */
    public SecurityHeadersMiddleware() {
        this(defaults());
    }

    private SecurityHeadersMiddleware(Map<String, String> headers) {
        this.headers = headers;
    }

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("X-Content-Type-Options", "nosniff");
        defaults.put("X-Frame-Options", "DENY");
        defaults.put("Referrer-Policy", "strict-origin-when-cross-origin");
        defaults.put("Cross-Origin-Opener-Policy", "same-origin");
        defaults.put(HSTS, "max-age=31536000");
        return defaults;
    }

    /**
     * Returns a copy that sets {@code name} to {@code value} (replacing the default, if any).
     * {@code Strict-Transport-Security} is still sent on HTTPS responses only.
     *
     * @param name a header name, for example {@code Content-Security-Policy}
     * @param value its value
     * @return the new middleware
     * @throws IllegalArgumentException when the name is not a token or the value holds CR, LF or NUL
     */
    public SecurityHeadersMiddleware with(String name, String value) {
        new Headers().set(name, value); // validates both, once, here rather than per response
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        copy.put(name, value);
        return new SecurityHeadersMiddleware(copy);
    }

    /**
     * Returns a copy that does not send {@code name}.
     *
     * @param name a header of the set (case-insensitive)
     * @return the new middleware
     */
    public SecurityHeadersMiddleware without(String name) {
        Objects.requireNonNull(name, "name");
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
        return new SecurityHeadersMiddleware(copy);
    }

    /**
     * Returns the headers this middleware adds, by name, in order.
     *
     * @return an unmodifiable copy, name to value as given to {@link #with}, the HSTS header
     *     included (though it is sent on HTTPS responses only)
     */
    public Map<String, String> headers() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(headers)); // Map.copyOf would lose the order
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        Response response = next.handle(request);
        Headers out = response.headers();
        for (Map.Entry<String, String> header : headers.entrySet()) {
            String name = header.getKey();
            if (!out.contains(name) && (request.secure() || !name.equalsIgnoreCase(HSTS))) {
                out.addTrusted(name, header.getValue());
            }
        }
        return response;
    }

    @Override
    public String toString() {
        return "SecurityHeadersMiddleware" + headers.keySet();
    }
}
