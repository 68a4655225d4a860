package io.veloce.security;

import io.veloce.di.Dependency;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The bearer token of {@code Authorization: Bearer <token>} (RFC 6750), as a dependency.
 *
 * <pre>{@code
 * Dependency<User> currentUser = Dependency.of(BearerToken.required(),
 *         (conn, token) -> users.byToken(token).orElseThrow(BearerToken::invalidToken));
 * app.get("/me", currentUser, (req, user) -> user);
 * }</pre>
 *
 * <p>Per RFC 6750 §3.1: a missing header or another scheme is 401 with
 * {@code WWW-Authenticate: Bearer}; {@code Bearer} with an empty or malformed token is 400 with
 * {@code Bearer error="invalid_request"}. Browsers cannot set headers on a
 * WebSocket handshake: for browser WebSockets use {@link ApiKey#query}, {@link ApiKey#cookie} or
 * {@link SubprotocolToken} instead (see docs/dependencies.md).
 */
public final class BearerToken {

    private BearerToken() {
    }

    /**
     * Returns a dependency on the request's bearer token.
     *
     * @return a dependency whose value is the token
     */
    public static Dependency<String> required() {
        return Dependency.of(conn -> {
            String authorization = conn.headers().get("Authorization");
            if (authorization == null) {
                throw new HttpException(401, "Not authenticated", Headers.of("WWW-Authenticate", "Bearer"));
            }
            int space = authorization.indexOf(' ');
            String scheme = space < 0 ? authorization : authorization.substring(0, space);
            if (!scheme.toLowerCase(Locale.ROOT).equals("bearer")) {
                // another scheme is not an error in this one (RFC 6750 §3.1): just the challenge
                throw new HttpException(401, "Not authenticated: expected a Bearer token",
                        Headers.of("WWW-Authenticate", "Bearer"));
            }
            String token = space < 0 ? "" : authorization.substring(space + 1).trim();
            if (token.isEmpty() || token.indexOf(' ') >= 0) {
                throw new HttpException(400, "malformed bearer token",
                        Headers.of("WWW-Authenticate", "Bearer error=\"invalid_request\""));
            }
            return token;
        });
    }

    /**
     * Returns a dependency on a bearer token that must be one of {@code validTokens} (compared in
     * constant time); any other token is {@link #invalidToken()}.
     *
     * @param validTokens the accepted tokens
     * @return a dependency whose value is the (valid) token
     */
    public static Dependency<String> matching(Collection<String> validTokens) {
        List<String> valid = List.copyOf(validTokens);
        return Dependency.of(required(), (conn, token) -> {
            if (!Secrets.matchesAny(token, valid)) {
                throw invalidToken();
            }
            return token;
        });
    }

    /**
     * Returns the refusal for a token that is well formed but not valid: 401 with
     * {@code WWW-Authenticate: Bearer error="invalid_token"}.
     *
     * @return the exception to throw
     */
    public static HttpException invalidToken() {
        return new HttpException(401, "invalid token",
                Headers.of("WWW-Authenticate", "Bearer error=\"invalid_token\""));
    }
}
