package io.veloce.middleware.security;

import io.veloce.http.Connection;
import io.veloce.http.CookieOptions;
import io.veloce.http.Cookies;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.http.SameSite;
import io.veloce.http.Session;
import io.veloce.middleware.LogText;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.middleware.WebSocketNext;
import io.veloce.websocket.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sessions in a signed cookie: {@link Connection#session() request.session()} is a map of strings
 * that the client keeps and cannot change. The cookie holds the values and the time it was issued,
 * signed with HMAC-SHA256; nothing is stored server-side. Built with {@link #builder(byte[])};
 * immutable.
 *
 * <pre>{@code
 * app.addMiddleware(SessionMiddleware.builder(secretKey)      // >= 32 random bytes, kept secret
 *         .maxAge(Duration.ofDays(1))
 *         .build());
 * app.post("/login", req -> {
 *     req.session().put("user", "ada");
 *     return "welcome";
 * });
 * app.get("/me", req -> req.session().get("user", "anonymous"));
 * }</pre>
 *
 * <ul>
 * <li><b>Hostile cookies.</b> A cookie whose signature does not verify, that is malformed, larger
 *     than 4096 bytes or older than the max age gives an empty session, never an error page; it is
 *     logged once as a warning saying why, and deleted on the client unless the handler stores a
 *     new session. The age is checked against the signed issue time, so a client that keeps a
 *     cookie past its {@code Max-Age} gains nothing by replaying it.</li>
 * <li><b>Writing.</b> When the handler changed the session, the response sets the cookie again
 *     (issued now, so the max age counts from the last change); when it emptied a session the
 *     client had ({@code clear()} on log-out), the response deletes the cookie. An unchanged session
 *     sends no cookie. A session whose cookie would exceed 4096 bytes (what browsers keep) fails the
 *     request with an {@link IllegalStateException} (a 500 and a log line) rather than silently
 *     losing data: keep an ID in the session and the rest server-side.</li>
 * <li><b>Key rotation.</b> The newest key signs; {@link Builder#previousKeys(byte[]...) previous
 *     keys} still verify, and a cookie verified with one is signed again with the newest key (with
 *     its original issue time). Drop an old key once the max age has passed since the rotation.</li>
 * <li><b>WebSockets</b> get the session of the handshake's cookie, read-only: a WebSocket cannot
 *     set cookies once the handshake is done, so changes go through an HTTP route.</li>
 * <li>Defaults: cookie {@code session}, max age 14 days, {@code Path=/}, no {@code Domain},
 *     {@code SameSite=Lax}, {@code HttpOnly} always, {@code Secure} on requests that arrived over
 *     TLS (otherwise the app's cookie defaults decide, so {@code useSecureDefaults()} still
 *     applies behind a TLS-terminating proxy).</li>
 * </ul>
 *
 * <p>The session is signed, not encrypted: the client can read (Base64url-decode) what it holds.
 * Keep secrets out of it.
 */
public final class SessionMiddleware implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(SessionMiddleware.class);
    private static final String STATE_KEY = Session.class.getName();

    private final SessionCodec codec;
    private final String cookieName;
    private final long maxAgeSeconds;
    private final CookieOptions options;
    private final boolean secureByRequest;
    private final Clock clock;

    private SessionMiddleware(Builder builder) {
        this.cookieName = builder.cookieName;
        this.maxAgeSeconds = builder.maxAge.toSeconds();
        this.codec = new SessionCodec(new Signer("veloce-session:" + cookieName, builder.key, builder.previousKeys),
                maxAgeSeconds);
        CookieOptions options = CookieOptions.defaults().path(builder.path).httpOnly(true).sameSite(builder.sameSite);
        if (builder.domain != null) {
            options = options.domain(builder.domain);
        }
        if (builder.httpsOnly != null) {
            options = options.secure(builder.httpsOnly);
        }
        this.options = options;
        this.secureByRequest = builder.httpsOnly == null;
        this.clock = builder.clock;
    }

    /**
     * Returns a builder signing with {@code secretKey}, with the defaults of the class description.
     *
     * @param secretKey at least 32 random bytes (copied); whoever has it can forge any session
     * @return a new builder
     * @throws IllegalArgumentException when the key is shorter than 32 bytes
     */
    public static Builder builder(byte[] secretKey) {
        return new Builder(secretKey);
    }

    /** Loads the session, runs the request, then sends the cookie back if the session changed. */
    @Override
    public Response handle(Request request, Next next) throws Exception {
        long now = clock.instant().getEpochSecond();
        SessionCodec.Result loaded = load(request, now);
        Session session = Session.of(loaded instanceof SessionCodec.Valid valid ? valid.values() : Map.of());
        request.state().put(STATE_KEY, session);
        Response response = next.handle(request);
        if (session.isModified()) {
            if (!session.isEmpty()) {
                write(request, response, values(session), now, now);
            } else if (loaded != null) {
                delete(request, response);
            }
        } else if (loaded instanceof SessionCodec.Rejected) {
            delete(request, response); // or the client sends it, and is warned about, on every request
        } else if (loaded instanceof SessionCodec.Valid valid && valid.oldKey()) {
            write(request, response, valid.values(), valid.issuedAt(), now);
        }
        return response;
    }

    /** Gives the handshake's session to the WebSocket, read-only. */
    @Override
    public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        SessionCodec.Result loaded = load(ws, clock.instant().getEpochSecond());
        ws.state().put(STATE_KEY,
                Session.readOnly(loaded instanceof SessionCodec.Valid valid ? valid.values() : Map.of()));
        next.handle(ws);
    }

    /** Returns the cookie read, or {@code null} when the client sent none. */
    private SessionCodec.Result load(Connection connection, long now) {
        String cookie = connection.cookies().get(cookieName);
        if (cookie == null || cookie.isEmpty()) {
            return null;
        }
        SessionCodec.Result result = codec.decode(cookie, now);
        if (result instanceof SessionCodec.Rejected rejected) {
            log.warn("session cookie rejected: {} ({} {} from {}); going on with an empty session", rejected.reason(),
                    connection.method(), LogText.of(connection.path()), connection.client().host());
        }
        return result;
    }

    private static Map<String, String> values(Session session) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : session.keys()) {
            values.put(key, session.get(key));
        }
        return values;
    }

    private void write(Request request, Response response, Map<String, String> values, long issuedAt, long now) {
        String value = codec.encode(values, issuedAt);
        int size = cookieName.length() + 1 + value.length();
        if (size > SessionCodec.MAX_COOKIE_BYTES) {
            throw new IllegalStateException("the session cookie would be " + size + " bytes, over the "
                    + SessionCodec.MAX_COOKIE_BYTES + " a browser keeps; store less in the session "
                    + "(an ID, with the data server-side) " + values.keySet());
        }
        long remaining = Math.max(1, issuedAt + maxAgeSeconds - now);
        response.cookie(cookieName, value, options(request).maxAge(Duration.ofSeconds(remaining)));
    }

    private void delete(Request request, Response response) {
        response.cookie(cookieName, "", options(request).maxAge(Duration.ZERO));
    }

    private CookieOptions options(Request request) {
        return secureByRequest && request.secure() ? options.secure(true) : options;
    }

    /** Collects the settings of a {@link SessionMiddleware}; not thread-safe, build it at startup. */
    public static final class Builder {

        private final byte[] key;
        private final List<byte[]> previousKeys = new ArrayList<>();
        private String cookieName = "session";
        private Duration maxAge = Duration.ofDays(14);
        private String path = "/";
        private String domain;
        private SameSite sameSite = SameSite.LAX;
        private Boolean httpsOnly;
        private Clock clock = Clock.systemUTC();

        private Builder(byte[] key) {
            this.key = Signer.checkedKey(key);
        }

        /**
         * Adds keys that verify cookies but no longer sign them: the keys in use before a rotation.
         *
         * @param keys the previous keys, each at least 32 bytes (copied)
         * @return this builder
         * @throws IllegalArgumentException when a key is shorter than 32 bytes
         */
        public Builder previousKeys(byte[]... keys) {
            for (byte[] key : keys) {
                previousKeys.add(Signer.checkedKey(key));
            }
            return this;
        }

        /**
         * Sets the cookie's name (default {@code session}).
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
         * Sets how long a session lives after it was last changed (default 14 days): the cookie's
         * {@code Max-Age}, and the age beyond which the server refuses it whatever the client does.
         *
         * @param maxAge at least one second, at most 400 days (what browsers keep a cookie for)
         * @return this builder
         * @throws IllegalArgumentException outside that range
         */
        public Builder maxAge(Duration maxAge) {
            if (maxAge.toSeconds() < 1 || maxAge.compareTo(Duration.ofDays(400)) > 0) {
                throw new IllegalArgumentException("session max age must be 1 s to 400 days, got " + maxAge);
            }
            this.maxAge = maxAge;
            return this;
        }

        /**
         * Sets the cookie's {@code Path} (default {@code /}).
         *
         * @param path the path
         * @return this builder
         * @throws IllegalArgumentException when it holds a control character or {@code ;}
         */
        public Builder path(String path) {
            CookieOptions.defaults().path(Objects.requireNonNull(path, "path")); // validates
            this.path = path;
            return this;
        }

        /**
         * Sets the cookie's {@code Domain} (default none: this host only, the safest).
         *
         * @param domain the domain, or {@code null} for none
         * @return this builder
         * @throws IllegalArgumentException when it holds a control character or {@code ;}
         */
        public Builder domain(String domain) {
            CookieOptions.defaults().domain(domain); // validates
            this.domain = domain;
            return this;
        }

        /**
         * Sets the cookie's {@code SameSite} (default {@code Lax}).
         *
         * @param sameSite the attribute; {@code NONE} requires {@code httpsOnly(true)}
         * @return this builder
         */
        public Builder sameSite(SameSite sameSite) {
            this.sameSite = Objects.requireNonNull(sameSite, "sameSite");
            return this;
        }

        /**
         * Sets whether the cookie is {@code Secure} on every response ({@code true}) or never
         * ({@code false}). By default it is on responses to requests that arrived over TLS, and
         * otherwise left to the app's cookie defaults.
         *
         * @param httpsOnly whether the cookie is only sent over HTTPS
         * @return this builder
         */
        public Builder httpsOnly(boolean httpsOnly) {
            this.httpsOnly = httpsOnly;
            return this;
        }

        /**
         * Sets the clock that dates and ages cookies (default the system clock, UTC); for tests.
         *
         * @param clock the clock
         * @return this builder
         */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the middleware.
         *
         * @return the middleware
         * @throws IllegalArgumentException when {@code SameSite=None} is asked for without
         *     {@code httpsOnly(true)} (browsers drop such cookies)
         */
        public SessionMiddleware build() {
            if (sameSite == SameSite.NONE && !Boolean.TRUE.equals(httpsOnly)) {
                throw new IllegalArgumentException("SameSite=None cookies must be Secure: set httpsOnly(true)");
            }
            return new SessionMiddleware(this);
        }
    }
}
