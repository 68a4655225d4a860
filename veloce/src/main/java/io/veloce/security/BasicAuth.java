package io.veloce.security;

import io.veloce.di.Dependency;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * HTTP Basic credentials (RFC 7617) as a dependency. A missing, malformed or (with
 * {@link #matching}) wrong {@code Authorization} header is 401 with
 * {@code WWW-Authenticate: Basic realm="...", charset="UTF-8"}, which makes a browser ask for a
 * user name and password. Use it over HTTPS only: the password travels in the clear.
 *
 * <pre>{@code
 * app.get("/admin", BasicAuth.matching("admin area", "admin", System.getenv("ADMIN_PASSWORD")),
 *         (req, credentials) -> "hello " + credentials.username());
 * }</pre>
 */
public final class BasicAuth {

    private BasicAuth() {
    }

    /**
     * Returns a dependency on the request's Basic credentials.
     *
     * @param realm the protection space named in the challenge
     * @return a dependency whose value is the credentials
     */
    public static Dependency<BasicCredentials> required(String realm) {
        return Dependency.of(conn -> {
            String authorization = conn.headers().get("Authorization");
            if (authorization == null) {
                throw challenge(realm, "Not authenticated");
            }
            int space = authorization.indexOf(' ');
            if (space < 0 || !authorization.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
                throw challenge(realm, "expected 'Authorization: Basic <credentials>'");
            }
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(authorization.substring(space + 1).trim()),
                        StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                throw challenge(realm, "Basic credentials are not valid base64");
            }
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw challenge(realm, "Basic credentials must be 'user:password'");
            }
            return new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1));
        });
    }

    /**
     * Returns a dependency on Basic credentials that must be exactly {@code username} and
     * {@code password} (both compared in constant time).
     *
     * @param realm the protection space named in the challenge
     * @param username the accepted user name
     * @param password the accepted password
     * @return a dependency whose value is the (valid) credentials
     */
    public static Dependency<BasicCredentials> matching(String realm, String username, String password) {
        return Dependency.of(required(realm), (conn, credentials) -> {
            // both compared, always: the time must not tell which one was wrong
            boolean user = Secrets.constantTimeEquals(credentials.username(), username);
            boolean pass = Secrets.constantTimeEquals(credentials.password(), password);
            if (!(user & pass)) {
                throw challenge(realm, "invalid user name or password");
            }
            return credentials;
        });
    }

    private static HttpException challenge(String realm, String detail) {
        String quoted = realm.replace("\\", "\\\\").replace("\"", "\\\"");
        return new HttpException(401, detail,
                Headers.of("WWW-Authenticate", "Basic realm=\"" + quoted + "\", charset=\"UTF-8\""));
    }
}
