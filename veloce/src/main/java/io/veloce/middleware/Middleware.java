package io.veloce.middleware;

import io.veloce.http.Request;
import io.veloce.http.Response;

/**
 * Code that runs around every connection of the app (or of one router's routes). One type sees
 * both kinds of connection: the HTTP hook below, and a WebSocket-handshake hook. Each hook
 * defaults to passing the connection on unchanged, so a middleware overrides only the hooks it
 * cares about.
 *
 * <p><b>Order.</b> The first middleware added with {@code app.addMiddleware} is the outermost:
 * requests pass through middleware in registration order, responses come back in reverse. App
 * middleware runs before routing, so it also sees requests for unknown paths (whose 404 it gets
 * as a response). Errors thrown further in have already been turned into responses (404, 405,
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
     * @throws Exception to end the request with an error ({@code HttpException} gives its status)
     */
    default Response handle(Request request, Next next) throws Exception {
        return next.handle(request);
    }
}
