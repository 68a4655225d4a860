package io.veloce.middleware.security;

import io.veloce.http.HttpException;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.LogText;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.middleware.WebSocketNext;
import io.veloce.websocket.WebSocket;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every plain-HTTP request to the same URL over HTTPS, and refuses plain {@code ws://}
 * WebSocket handshakes (a WebSocket client does not follow redirects: it must be told to use
 * {@code wss://}).
 *
 * <pre>{@code
 * app.trustedProxies(TrustedProxies.of("10.0.0.0/8"));   // the TLS-terminating load balancer
 * app.addMiddleware(new HTTPSRedirectMiddleware());
 * }</pre>
 *
 * <ul>
 * <li>HTTP: {@code 308 Permanent Redirect} by default (it keeps the method and body, unlike
 *     301/302), or {@code 307} when built with {@code new HTTPSRedirectMiddleware(307, port)};
 *     the {@code Location} is the request's URL with the {@code https} scheme and the HTTPS port
 *     (443 by default, left out of the URL). A request without a usable {@code Host} gets 400:
 *     there is no URL to send it to, and the server's own address is nothing to hand out.</li>
 * <li>WebSocket: a handshake that is not over TLS is refused with 403 and a detail naming
 *     {@code wss://}; one WARN line is logged.</li>
 * <li>Whether a request is secure is {@code request.secure()}: behind a proxy that terminates
 *     TLS, configure {@code app.trustedProxies(...)} so that its {@code X-Forwarded-Proto} (or
 *     {@code Forwarded: proto=}) is believed, or every request looks like plain HTTP and is
 *     redirected forever.</li>
 * </ul>
 */
public final class HTTPSRedirectMiddleware implements Middleware {

    private static final Logger log = LoggerFactory.getLogger(HTTPSRedirectMiddleware.class);

    private final int status;
    private final int httpsPort;

    /** Redirects with 308 to the default HTTPS port (443). */
    public HTTPSRedirectMiddleware() {
        this(308, 443);
    }

    /**
     * Redirects with {@code status} to {@code httpsPort}.
     *
     * @param status 307 (temporary) or 308 (permanent); both keep the method and the body
     * @param httpsPort the port HTTPS is served on, as clients reach it
     * @throws IllegalArgumentException for another status or a port outside 1..65535
     */
    public HTTPSRedirectMiddleware(int status, int httpsPort) {
        if (status != 307 && status != 308) {
            throw new IllegalArgumentException("status must be 307 or 308 (they keep the method), got " + status);
        }
        if (httpsPort < 1 || httpsPort > 65535) {
            throw new IllegalArgumentException("httpsPort must be 1..65535, got " + httpsPort);
        }
        this.status = status;
        this.httpsPort = httpsPort;
    }

    @Override
    public Response handle(Request request, Next next) throws Exception {
        if (request.secure()) {
            return next.handle(request);
        }
        URI url = request.url();
        String host = url.getHost();
        String hostHeader = request.headers().get("Host");
        boolean forwarded = request.headers().contains("X-Forwarded-Host") || request.headers().contains("Forwarded");
        boolean fromClient = forwarded || hostHeader != null && hostHeader.strip().equalsIgnoreCase(url.getRawAuthority());
        if (host == null || !fromClient) {
            // without a usable Host there is no URL to send the client to, and the socket's own
            // address is nothing to hand out
            throw new HttpException(400, "a valid Host header is needed to redirect to HTTPS");
        }
        String port = httpsPort == 443 ? "" : ":" + httpsPort;
        String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return Response.redirect("https://" + host + port + target, status);
    }

    @Override
    public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        if (!ws.secure()) {
            log.warn("WebSocket handshake refused: {} came over plain ws:// from {}", LogText.of(ws.path()), ws.client());
            throw new HttpException(403, "this app only accepts WebSocket connections over wss://");
        }
        next.handle(ws);
    }
}
