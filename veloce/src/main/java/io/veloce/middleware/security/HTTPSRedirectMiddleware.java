package io.veloce.middleware.security;

import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.middleware.WebSocketNext;
import io.veloce.websocket.CloseCode;
import io.veloce.websocket.WebSocket;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends plain-HTTP requests to HTTPS: a redirect to the same URL with {@code https} (307 by
 * default, which keeps the method and body; 308 when permanent), port 80 dropped and any other
 * port kept. A WebSocket handshake over plain {@code ws://} is refused with 1008 (HTTP 403):
 * browsers do not follow redirects on WebSocket handshakes, so the client must use
 * {@code wss://} itself.
 *
 * <pre>{@code
 * app.addMiddleware(new HTTPSRedirectMiddleware());
 * }</pre>
 */
public final class HTTPSRedirectMiddleware implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(HTTPSRedirectMiddleware.class);

    private final int status;

    /** Redirects with 307 Temporary Redirect. */
    public HTTPSRedirectMiddleware() {
        this(false);
    }

    /**
     * Redirects with 308 Permanent Redirect when {@code permanent}, else 307.
     *
     * @param permanent whether browsers may remember the redirect
     */
    public HTTPSRedirectMiddleware(boolean permanent) {
        this.status = permanent ? 308 : 307;
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        if (request.secure()) {
            return next.handle(request);
        }
        URI url = request.url();
        // built from the raw parts: URI's multi-argument constructors would encode '%' again
        String port = url.getPort() == -1 || url.getPort() == 80 ? "" : ":" + url.getPort();
        String location = "https://" + url.getHost() + port + url.getRawPath()
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return Response.redirect(location, status);
    }

    @Override
    public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        if (ws.secure()) {
            next.handle(ws);
            return;
        }
        log.warn("WebSocket handshake over plain ws:// refused for {}: use wss://", ws.path());
        ws.close(CloseCode.POLICY_VIOLATION);
    }
}
