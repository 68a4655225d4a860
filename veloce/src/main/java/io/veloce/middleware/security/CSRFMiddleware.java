package io.veloce.middleware.security;

import io.veloce.http.CookieOptions;
import io.veloce.http.Cookies;
import io.veloce.http.HttpException;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.http.Session;
import io.veloce.http.SameSite;
import io.veloce.middleware.LogText;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.security.Secrets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-Site Request Forgery protection with a signed double-submit cookie (OWASP): a request
 * that can change something ({@code POST}, {@code PUT}, {@code PATCH}, {@code DELETE}, any method
 * but {@code GET}, {@code HEAD}, {@code OPTIONS} and {@code TRACE}) must repeat the token of the
 * {@code csrftoken} cookie in the {@code X-CSRF-Token} header or, for an HTML form, in the
 * {@code csrf_token} field. Another site can make the browser send the cookie but cannot read it,
 * so it cannot repeat it. Built with {@link #builder(byte[])}; immutable.
 *
 * <pre>{@code
 * app.addMiddleware(CSRFMiddleware.builder(secretKey).build());   // >= 32 random bytes, kept secret
 * app.get("/transfer", req -> Response.html("<form method=post><input type=hidden name=csrf_token value="
 *         + CSRFMiddleware.token(req) + ">...</form>"));
 * app.post("/transfer", req -> "done");
 * }</pre>
 *
 * <ul>
 * <li><b>Safe methods</b> pass. When the client has no valid token cookie, a fresh token is made,
 *     set as the cookie on the response and available to the handler through {@link #token(Request)}
 *     (also in the state under {@link #KEY}), for a page to embed in its forms or scripts.</li>
 * <li><b>Other methods</b> are refused with 403 and one warning line in the log naming the method,
 *     path and reason, before the handler runs: {@code "CSRF token missing"} (no cookie, or neither
 *     header nor form field), {@code "CSRF token mismatch"} (the submitted token is not the
 *     cookie's) or {@code "CSRF token invalid"} (the two agree but the server did not sign them).
 *     The form field is read only from {@code application/x-www-form-urlencoded} bodies, and only
 *     when the header is absent.</li>
 * <li><b>Tokens</b> are 32 random bytes and their HMAC-SHA256, both Base64url:
 *     {@code random "." signature}. The signature stops a client from making tokens up. Add a
 *     {@link SessionMiddleware} <em>before</em> this one and the signature also covers a random
 *     secret kept in the session (under {@link #SESSION_SECRET}), so a token is only good for the
 *     session it was issued to (OWASP's session-bound variant): a token an attacker obtained
 *     and planted in a victim's browser (from a sibling subdomain, or over plain HTTP) fails as
 *     {@code invalid}. Clearing the session (at login, say) retires the old tokens. Without
 *     sessions a token from the server is valid for anyone.</li>
 * <li>Defaults: cookie {@code csrftoken} (not {@code HttpOnly}: the page's script must read it;
 *     {@code Path=/}; {@code SameSite=Lax}, so a user following a link from another site keeps the
 *     token that the forms already open embed; {@code Secure} on requests that arrived over TLS,
 *     otherwise the app's cookie defaults decide), header {@code X-CSRF-Token}, form field
 *     {@code csrf_token}, no exempt path. Exempt paths (for example a webhook called by another
 *     server) are skipped entirely: they get no token either.</li>
 * <li><b>WebSockets</b> pass through. A WebSocket handshake is a {@code GET} whose headers a page
 *     cannot set, so no CSRF token can protect it; Cross-Site WebSocket Hijacking is stopped by
 *     checking the handshake's {@code Origin} with {@link WebSocketOriginMiddleware}.</li>
 * </ul>
 */
public final class CSRFMiddleware implements Middleware {

    /** The state key of the request's token. */
    public static final String KEY = "csrfToken";
    /** The session key of the secret tokens are bound to, when the app has sessions. */
    public static final String SESSION_SECRET = "_csrf";

    private static final Logger log = LoggerFactory.getLogger(CSRFMiddleware.class);
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    /** A token the middleware made is 43 + 1 + 43 characters; anything much longer is not one. */
    private static final int MAX_TOKEN_LENGTH = 128;

    private final Signer signer;
    private final String cookieName;
    private final String headerName;
    private final String formField;
    private final Set<String> exemptPaths;
    private final CookieOptions options;

    private CSRFMiddleware(Builder builder) {
        this.signer = new Signer("veloce-csrf", builder.key, List.of());
        this.cookieName = builder.cookieName;
        this.headerName = builder.headerName;
        this.formField = builder.formField;
        this.exemptPaths = Set.copyOf(builder.exemptPaths);
        this.options = CookieOptions.defaults().path("/").httpOnly(false).sameSite(builder.sameSite);
    }

    /**
     * Returns a builder signing tokens with {@code secretKey}, with the defaults of the class
     * description.
     *
     * @param secretKey at least 32 random bytes (copied); use another key than the session's
     * @return a new builder
     * @throws IllegalArgumentException when the key is shorter than 32 bytes
     */
    public static Builder builder(byte[] secretKey) {
        return new Builder(secretKey);
    }

    /**
     * Returns the CSRF token of {@code request}, to embed in a page's forms (field
     * {@code csrf_token}) or send from its scripts (header {@code X-CSRF-Token}).
     *
     * @param request a request that went through {@code CSRFMiddleware}
     * @return the token
     * @throws IllegalStateException when the request has no token: no {@code CSRFMiddleware} in the
     *     app, or an exempt path
     */
    public static String token(Request request) {
        if (request.state().get(KEY) instanceof String token) {
            return token;
        }
        throw new IllegalStateException("no CSRF token: add CSRFMiddleware to the app (exempt paths get none)");
    }

    /**
     * Lets safe methods through (issuing a token when needed) and refuses other methods without a
     * matching, signed token.
     *
     * @throws HttpException 403 {@code "CSRF token missing"}, {@code "CSRF token mismatch"} or
     *     {@code "CSRF token invalid"}
     */
    @Override
    public Response handle(Request request, Next next) throws Exception {
        if (exemptPaths.contains(request.path())) {
            return next.handle(request);
        }
        String cookie = request.cookies().get(cookieName);
        boolean hasCookie = cookie != null && !cookie.isEmpty();
        String binding = sessionBinding(request);
        if (SAFE_METHODS.contains(request.method())) {
            if (hasCookie && signed(cookie, binding)) {
                request.state().put(KEY, cookie);
                return next.handle(request);
            }
            if (hasCookie) {
                log.warn("CSRF cookie replaced: token invalid ({} {} from {})", request.method(),
                        LogText.of(request.path()), request.client().host());
            }
            String token = newToken(binding);
            request.state().put(KEY, token);
            return next.handle(request).cookie(cookieName, token, request.secure() ? options.secure(true) : options);
        }
        String submitted = submitted(request);
        String reason = !hasCookie || submitted == null || submitted.isEmpty() ? "missing"
                : !Secrets.constantTimeEquals(submitted, cookie) ? "mismatch"
                : !signed(cookie, binding) ? "invalid"
                : null;
        if (reason != null) {
            log.warn("CSRF check failed: token {} ({} {} from {})", reason, request.method(),
                    LogText.of(request.path()), request.client().host());
            throw new HttpException(403, "CSRF token " + reason);
        }
        request.state().put(KEY, cookie);
        return next.handle(request);
    }

    /** The header, or else the form field of a urlencoded body; {@code null} when neither is there. */
    private String submitted(Request request) {
        String header = request.headers().get(headerName);
        if (header != null) {
            return header;
        }
        String type = request.contentType();
        if (type != null && type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            return request.form().get(formField);
        }
        return null;
    }

    /**
     * With a {@link SessionMiddleware} before this one, a per-session secret kept in the session
     * (made on first use), so a token is only good for the session it was issued to: a token
     * planted by a sibling subdomain or a network attacker is the attacker's, not the user's.
     * Without sessions, {@code ""}: tokens then only prove the server made them.
     */
    private static String sessionBinding(Request request) {
        if (!(request.state().get(Session.class.getName()) instanceof Session session)) {
            return "";
        }
        String secret = session.get(SESSION_SECRET);
        if (secret == null) {
            byte[] random = new byte[16];
            RANDOM.nextBytes(random);
            secret = ENCODER.encodeToString(random);
            session.put(SESSION_SECRET, secret);
        }
        return secret;
    }

    private String newToken(String binding) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String nonce = ENCODER.encodeToString(random);
        return nonce + "." + signer.sign(nonce + "|" + binding);
    }

    private boolean signed(String token, String binding) {
        int dot = token.indexOf('.');
        return token.length() <= MAX_TOKEN_LENGTH && dot > 0 && dot == token.lastIndexOf('.')
                && signer.verify(token.substring(0, dot) + "|" + binding, token.substring(dot + 1)) == 0;
    }

    /** Collects the settings of a {@link CSRFMiddleware}; not thread-safe, build it at startup. */
    public static final class Builder {

        private final byte[] key;
        private String cookieName = "csrftoken";
        private String headerName = "X-CSRF-Token";
        private String formField = "csrf_token";
        private final Set<String> exemptPaths = new LinkedHashSet<>();
        private SameSite sameSite = SameSite.LAX;

        private Builder(byte[] key) {
            this.key = Signer.checkedKey(key);
        }

        /**
         * Sets the token cookie's name (default {@code csrftoken}).
         *
         * @param name a cookie name (an HTTP token)
         * @return this builder
         * @throws IllegalArgumentException when the name is not a valid cookie name
         */
        public Builder cookieName(String name) {
            Cookies.setCookie(name, "", CookieOptions.defaults()); // validates the name
            this.cookieName = name;
            return this;
        }

        /**
         * Sets the request header that carries the token (default {@code X-CSRF-Token}).
         *
         * @param name the header name
         * @return this builder
         */
        public Builder headerName(String name) {
            this.headerName = Objects.requireNonNull(name, "headerName");
            return this;
        }

        /**
         * Sets the form field that carries the token in urlencoded bodies (default
         * {@code csrf_token}).
         *
         * @param name the field name
         * @return this builder
         */
        public Builder formField(String name) {
            this.formField = Objects.requireNonNull(name, "formField");
            return this;
        }

        /**
         * Skips these exact paths (decoded, as {@code request.path()} gives them) entirely: requests
         * that do not come from your pages, such as webhooks authenticated otherwise.
         *
         * @param paths paths starting with {@code /}
         * @return this builder
         * @throws IllegalArgumentException when a path does not start with {@code /}
         */
        public Builder exemptPaths(String... paths) {
            for (String path : paths) {
                if (!path.startsWith("/")) {
                    throw new IllegalArgumentException("an exempt path must start with '/': " + path);
                }
                exemptPaths.add(path);
            }
            return this;
        }

        /**
         * Sets the token cookie's {@code SameSite} (default {@code Lax}); browsers drop
         * {@code None} cookies that are not {@code Secure}.
         *
         * @param sameSite the attribute
         * @return this builder
         */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /**
         * Builds the middleware.
         *
         * @return the middleware
         */
        public CSRFMiddleware build() {
            return new CSRFMiddleware(this);
        }
    }
}
