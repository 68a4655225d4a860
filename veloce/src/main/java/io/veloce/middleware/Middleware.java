package io.veloce.middleware;

import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.websocket.WebSocket;

/**
 * Code that runs around every connection of the app (or of one router's routes). One type sees
 * both kinds of connection: the HTTP hook {@link #handle(Request, Next)} and the WebSocket hook
 * {@link #handleWebSocket(WebSocket, WebSocketNext)}. Each hook defaults to passing the
 * connection on unchanged, so a middleware overrides only the hooks it cares about.
 *
 * <p><b>Order.</b> The first middleware added with {@code app.addMiddleware} is the outermost:
 * requests pass through middleware in registration order, responses come back in reverse. App
 * middleware runs before routing, so it also sees requests for unknown paths (whose 404 it gets
 * as a response); a WebSocket handshake reaches app middleware once a WebSocket route matched
 * its path (a handshake to any other path is served as a plain HTTP request). Errors thrown further in have already been turned into responses (404, 405,
 * {@code HttpException}, registered exception handlers) when {@code next.handle} returns; other
 * exceptions propagate out of {@code next.handle}, and become a 500 unless a middleware catches
 * them.
 *
 * <pre>{@code
 * app.addMiddleware(new Middleware() {
 *     public Response handle(Request request, Next next) throws Exception {
 *         long start = System.nanoTime();
 *         Response response = next.handle(request);
 *         return response.header("Server-Timing", "app;dur=" + (System.nanoTime() - start) / 1_000_000);
 *     }
 * });
 * }</pre>
 */
public interface Middleware {

    /**
     * The HTTP hook: return early with a response of your own, or call {@code next} and return
     * (possibly changing) its response. The default passes the request on unchanged.
     *
     * @param request the request; pass it (or a wrapper around it) to {@code next}
     * @param next the rest of the chain; each call runs all of it again, handler included (a
     *     retry may call it twice). Call it on this thread: dependencies resolve only there
     * @return the response to send, or to hand to the middleware further out; never {@code null}
     *     (the server cannot send a {@code null}: return {@code Response.empty(204)} instead)
     * @throws Exception to end the request with an error ({@code HttpException} gives its status)
     */
    default Response handle(Request request, Next next) throws Exception {
        return next.handle(request);
    }

    /**
     * The WebSocket hook: runs while the handshake is held open, before the handler (and its
     * dependencies), and returns when the connection's handler has returned. Refuse the handshake
     * with {@code ws.close(code)} and return without calling {@code next} (HTTP 403 on the wire,
     * {@code WebSocketDisconnect(code)} in the test client), or throw an {@code HttpException} to
     * refuse it with that status. Call {@code next.handle(ws)} to go on, possibly with a wrapped
     * {@link WebSocket}. The default passes the connection on unchanged.
     *
     * @param ws the connection, its handshake not yet accepted; its request data (headers,
     *     cookies, state) can be read already
     * @param next the rest of the chain: later middleware, then the handler; call it at most
     *     once (the connection has one life), on this thread (dependencies resolve only there)
     * @throws Exception before the handshake is accepted: it is refused (500, or the status of an
     *     {@code HttpException}); after: the connection is closed with 1011
     */
    default void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
        next.handle(ws);
    }
}
