package io.veloce.security;

import io.veloce.di.Dependency;
import io.veloce.http.HttpException;

/**
 * A token a browser sends as an entry of {@code Sec-WebSocket-Protocol}, the one handshake header
 * JavaScript can set: {@code new WebSocket(url, ["chat", "token.abc123"])} offers the real
 * subprotocol {@code chat} and the token {@code abc123} under the prefix {@code token.}.
 * Unlike a query parameter, it does not end up in access logs. The handler must accept the real
 * subprotocol ({@code ws.accept("chat")}), never the token entry.
 *
 * <pre>{@code
 * Dependency<User> user = Dependency.of(SubprotocolToken.required("token."),
 *         (conn, token) -> users.byToken(token).orElseThrow(() -> new HttpException(403, "invalid token")));
 * app.websocket("/chat", user, (ws, u) -> { ws.accept("chat"); ... });
 * }</pre>
 *
 * <p>A missing token is 403 (the handshake is refused). Tokens are subprotocol tokens (RFC 7230
 * {@code token} characters): base64url or hex encode them.
 */
public final class SubprotocolToken {

    private SubprotocolToken() {
    }

    /**
     * Returns a dependency on the first offered subprotocol entry that starts with {@code prefix},
     * without the prefix.
     *
     * @param prefix the marker of the token entry, for example {@code token.}
     * @return a dependency whose value is the token
     */
    public static Dependency<String> required(String prefix) {
        return Dependency.of(conn -> {
            for (String header : conn.headers().getAll("Sec-WebSocket-Protocol")) {
                for (String entry : header.split(",")) {
                    String trimmed = entry.trim();
                    if (trimmed.startsWith(prefix) && trimmed.length() > prefix.length()) {
                        return trimmed.substring(prefix.length());
                    }
                }
            }
            throw new HttpException(403, "Not authenticated: no '" + prefix + "' entry in Sec-WebSocket-Protocol");
        });
    }
}
