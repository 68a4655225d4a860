package io.veloce.middleware.security;

import io.veloce.middleware.LogText;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.WebSocketNext;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.WebSocket;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The defence against Cross-Site WebSocket Hijacking: refuses WebSocket handshakes whose
 * {@code Origin} is not on an allow-list, before any handler or dependency runs. Browsers send
 * cookies with a WebSocket handshake from any site, and the same-origin policy does not apply to
 * WebSockets, so a page on {@code https://evil.example} can open a socket to your app with your
 * user's session unless the server checks {@code Origin}.
 *
 * <pre>{@code
 * app.addMiddleware(new WebSocketOriginMiddleware(List.of("https://app.example.com")));
 * }</pre>
 *
 * <p>Matching is {@link WebSocket#checkOrigin(java.util.Collection)}'s: trailing {@code /}
 * removed and case ignored on both sides, no port normalisation
 * ({@code https://app.example.com:443} is another entry), {@code "*"} accepts everything. A
 * refused handshake gets close code 1008 (HTTP 403 on the wire, {@code WebSocketDisconnect(1008)}
 * in the test client) and one warning line in the log with the origin and path. A handshake
 * without {@code Origin} (non-browser clients) passes when {@code allowMissing} is true, the
 * default; {@code Origin: null} (sandboxed frames, {@code file:} pages) and repeated
 * {@code Origin} headers are refused unless {@code "*"} is listed (repeated ones even then).
 * Plain HTTP requests pass untouched.
 */
public final class WebSocketOriginMiddleware implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(WebSocketOriginMiddleware.class);

    private final List<String> allowed;
    private final boolean allowMissing;

    /**
     * Allows handshakes from {@code allowed} origins and handshakes without an {@code Origin}.
     *
     * @param allowed the origins to accept, each as scheme, host and non-default port
     *     ({@code https://app.example.com}), or {@code "*"} for any; copied. Empty refuses every
     *     handshake that has an {@code Origin}
     * @throws NullPointerException when {@code allowed} or an entry is {@code null}
     */
    public WebSocketOriginMiddleware(List<String> allowed) {
        this(allowed, true);
    }

    /**
     * Allows handshakes from {@code allowed} origins ({@code "*"}: any), and handshakes without
     * an {@code Origin} header when {@code allowMissing} is true.
     *
     * @param allowed the origins to accept, each as scheme, host and non-default port
     *     ({@code https://app.example.com}), or {@code "*"} for any; copied. Empty refuses every
     *     handshake that has an {@code Origin}
     * @param allowMissing whether a handshake without {@code Origin} (a non-browser client)
     *     passes; with {@code false} such clients must send one. Listing {@code "*"} lets them
     *     pass either way
     * @throws NullPointerException when {@code allowed} or an entry is {@code null}
     */
    public WebSocketOriginMiddleware(List<String> allowed, boolean allowMissing) {
        this.allowed = List.copyOf(Objects.requireNonNull(allowed, "allowed"));
        this.allowMissing = allowMissing;
    }

    @Override
    public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        boolean missing = ws.headers().getAll("Origin").isEmpty();
        if (missing ? allowMissing || allowed.contains("*") : ws.checkOrigin(allowed)) {
            next.handle(ws);
            return;
        }
        log.warn("WebSocket handshake refused: origin {} is not allowed for {}",
                missing ? "(none)" : LogText.of(String.join(", ", ws.headers().getAll("Origin"))),
                LogText.of(ws.path()));
        ws.close(CloseCode.POLICY_VIOLATION);
    }
}
