package io.veloce.middleware;

import io.veloce.http.Headers;
import io.veloce.http.Request;
import io.veloce.http.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-Origin Resource Sharing: lets pages of other origins call this app's HTTP routes from the
 * browser, within the limits you set. Built with {@link #builder()}; immutable.
 *
 * <pre>{@code
 * app.addMiddleware(CORSMiddleware.builder()
 *         .allowOrigins("https://app.example.com")
 *         .allowMethods("GET", "POST")
 *         .allowHeaders("Authorization", "Content-Type")
 *         .allowCredentials(true)
 *         .build());
 * }</pre>
 *
 * <ul>
 * <li><b>Preflight</b> ({@code OPTIONS} with {@code Origin} and
 *     {@code Access-Control-Request-Method}) is answered here, without reaching the routes:
 *     204 with the allowed origin, methods, headers and max age; 403 for an origin not
 *     allowed; 400 naming the method or header that is not allowed.</li>
 * <li><b>Other requests</b> from an allowed origin get {@code Access-Control-Allow-Origin} (the
 *     origin itself, or {@code *} when any origin is allowed without credentials),
 *     {@code Access-Control-Allow-Credentials} and {@code Access-Control-Expose-Headers} as
 *     configured. A request from an origin not allowed is served without any CORS header, so the
 *     browser keeps the response from the page.</li>
 * <li>{@code Vary: Origin} is on every response whose CORS headers depend on the origin.</li>
 * <li>Defaults: no origin allowed, methods {@code GET, HEAD, POST}, only the CORS-safelisted
 *     request headers, no credentials, max age 10 minutes.</li>
 * <li>A refused preflight is logged once, at WARN, with the reason.</li>
 * <li>WebSocket handshakes are not CORS requests (browsers do not preflight them and ignore
 *     these headers): they pass through. Protect WebSockets with
 *     {@code WebSocketOriginMiddleware}.</li>
 * </ul>
 */
public final class CORSMiddleware implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(CORSMiddleware.class);

    private static final Set<String> SAFELISTED_HEADERS =
            Set.of("accept", "accept-language", "content-language", "content-type");

    private final Set<String> origins;
    private final boolean anyOrigin;
    private final Set<String> methods;
    private final Set<String> headers;
    private final boolean anyHeader;
    private final String exposeHeaders;
    private final boolean credentials;
    private final String maxAge;
    private final String allowMethodsValue;

    private CORSMiddleware(Builder builder) {
        this.anyOrigin = builder.origins.contains("*");
        if (anyOrigin && builder.credentials) {
            throw new IllegalArgumentException("allowing any origin (\"*\") together with credentials would let every "
                    + "site make credentialed requests as your users: list the origins instead");
        }
        this.origins = Set.copyOf(builder.origins);
        this.methods = Set.copyOf(builder.methods);
        this.anyHeader = builder.headers.contains("*");
        Set<String> lower = new LinkedHashSet<>(SAFELISTED_HEADERS);
        for (String header : builder.headers) {
            lower.add(header.toLowerCase(Locale.ROOT));
        }
        this.headers = Set.copyOf(lower);
        this.exposeHeaders = builder.exposeHeaders.isEmpty() ? null : String.join(", ", builder.exposeHeaders);
        this.credentials = builder.credentials;
        this.maxAge = Long.toString(builder.maxAge.toSeconds());
        this.allowMethodsValue = String.join(", ", builder.methods);
    }

    /**
     * Returns a builder with the defaults of the class description.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        String origin = request.headers().get("Origin");
        if (origin == null) {
            Response response = next.handle(request);
            varyOnOrigin(response.headers());
            return response;
        }
        boolean allowed = anyOrigin || origins.contains(origin);
        if (request.method().equals("OPTIONS") && request.headers().contains("Access-Control-Request-Method")) {
            return preflight(request, origin, allowed);
        }
        Response response = next.handle(request);
        Headers out = response.headers();
        varyOnOrigin(out);
        if (allowed) {
            out.set("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin);
            if (credentials) {
                out.set("Access-Control-Allow-Credentials", "true");
            }
            if (exposeHeaders != null) {
                out.set("Access-Control-Expose-Headers", exposeHeaders);
            }
        }
        return response;
    }

    private Response preflight(Request request, String origin, boolean allowed) {
        if (!allowed) {
            return refusal(request, 403, "CORS origin not allowed: " + origin);
        }
        String method = request.headers().get("Access-Control-Request-Method").trim();
        if (!methods.contains(method)) {
            return refusal(request, 400, "CORS method not allowed: " + method + " (allowed: " + allowMethodsValue + ")");
        }
        String requested = request.headers().get("Access-Control-Request-Headers");
        List<String> requestedHeaders = new ArrayList<>();
        if (requested != null) {
            for (String header : requested.split(",")) {
                String name = header.trim();
                if (name.isEmpty()) {
                    continue;
                }
                if (!anyHeader && !headers.contains(name.toLowerCase(Locale.ROOT))) {
                    return refusal(request, 400, "CORS header not allowed: " + name);
                }
                requestedHeaders.add(name);
            }
        }
        Response response = Response.empty(204)
                .header("Access-Control-Allow-Origin", anyOrigin && !credentials ? "*" : origin)
                .header("Access-Control-Allow-Methods", allowMethodsValue)
                .header("Access-Control-Max-Age", maxAge);
        if (!requestedHeaders.isEmpty()) {
            response.header("Access-Control-Allow-Headers", String.join(", ", requestedHeaders));
        }
        if (credentials) {
            response.header("Access-Control-Allow-Credentials", "true");
        }
        varyOnOrigin(response.headers());
        return response;
    }

    private static Response refusal(Request request, int status, String detail) {
        log.warn("preflight refused ({}): {}", LogText.of(request.path()), LogText.of(detail));
        return Response.json(Map.of("detail", detail)).status(status);
    }

    /** A response whose CORS headers depend on the request's origin must say so to caches. */
    private void varyOnOrigin(Headers out) {
        if (anyOrigin && !credentials) {
            return; // "*" for everyone: nothing varies
        }
        if (!out.containsToken("Vary", "Origin") && !out.containsToken("Vary", "*")) {
            out.add("Vary", "Origin");
        }
    }

    /** Collects the settings of a {@link CORSMiddleware}; not thread-safe, build it at startup. */
    public static final class Builder {

        private final Set<String> origins = new LinkedHashSet<>();
        private final Set<String> methods = new LinkedHashSet<>(List.of("GET", "HEAD", "POST"));
        private final Set<String> headers = new LinkedHashSet<>();
        private final Set<String> exposeHeaders = new LinkedHashSet<>();
        private boolean credentials;
        private Duration maxAge = Duration.ofMinutes(10);

        private Builder() {
        }

        /**
         * Allows these exact origins (scheme, host and port as the browser sends them, for
         * example {@code https://app.example.com}); {@code "*"} allows any origin, which cannot be
         * combined with credentials.
         *
         * @param origins the allowed origins
         * @return this builder
         */
        public Builder allowOrigins(String... origins) {
            return allowOrigins(List.of(origins));
        }

        /**
         * Allows these exact origins; see {@link #allowOrigins(String...)}.
         *
         * @param origins the allowed origins
         * @return this builder
         */
        public Builder allowOrigins(Collection<String> origins) {
            for (String origin : origins) {
                this.origins.add(Objects.requireNonNull(origin, "origin"));
            }
            return this;
        }

        /**
         * Replaces the allowed methods (default {@code GET, HEAD, POST}).
         *
         * @param methods HTTP methods, upper case
         * @return this builder
         */
        public Builder allowMethods(String... methods) {
            this.methods.clear();
            this.methods.addAll(List.of(methods));
            return this;
        }

        /**
         * Allows these request headers besides the CORS-safelisted ones ({@code "*"}: any).
         *
         * @param headers header names, any case
         * @return this builder
         */
        public Builder allowHeaders(String... headers) {
            this.headers.addAll(List.of(headers));
            return this;
        }

        /**
         * Lets the page's script read these response headers.
         *
         * @param headers header names
         * @return this builder
         */
        public Builder exposeHeaders(String... headers) {
            this.exposeHeaders.addAll(List.of(headers));
            return this;
        }

        /**
         * Allows credentialed requests (cookies, HTTP authentication) from the allowed origins.
         *
         * @param allow whether to allow them (default false)
         * @return this builder
         */
        public Builder allowCredentials(boolean allow) {
            this.credentials = allow;
            return this;
        }

        /**
         * Sets how long a browser may cache a preflight answer (default 10 minutes).
         *
         * @param maxAge the duration, whole seconds are sent
         * @return this builder
         */
        public Builder maxAge(Duration maxAge) {
            this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
            return this;
        }

        /**
         * Builds the middleware.
         *
         * @return the middleware
         * @throws IllegalArgumentException when {@code "*"} origins are combined with credentials
         */
        public CORSMiddleware build() {
            return new CORSMiddleware(this);
        }
    }
}
