package io.veloce;

import io.veloce.di.DependencyOverrides;
import io.veloce.http.Body;
import io.veloce.http.CookieOptions;
import io.veloce.http.Cookies;
import io.veloce.http.Headers;
import io.veloce.http.JsonCodec;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.http.TrustedProxies;
import io.veloce.middleware.Middleware;
import io.veloce.routing.RouteMatch;
import io.veloce.routing.RouteTable;
import io.veloce.server.Dispatcher;
import io.veloce.server.Exchange;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one request path every transport drives: app middleware (outermost first), routing, the
 * route's router middleware and handler, error mapping, then the response written to the
 * {@link Exchange}. Built once when the app starts; immutable and shared by all threads.
 */
final class Pipeline implements Dispatcher {

    private static final Logger log = LoggerFactory.getLogger(Veloce.class);
    private static final byte[] NO_BODY = new byte[0];
    private static final byte[] INTERNAL_ERROR =
            "{\"detail\":\"Internal Server Error\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    private final RouteTable<Endpoint> routes;
    private final RouteTable<WebSocketEndpoint> webSockets;
    private final boolean hasWebSockets;
    private final WebSocketDispatch webSocketDispatch;
    private final Middleware[] middleware;
    private final ExceptionHandlers exceptionHandlers;
    private final JsonCodec json;
    private final DependencyOverrides overrides;
    private final CookieOptions cookieDefaults;
    private final Forwarding.Resolver proxies;
    private final Limits limits;
    private final boolean redirectTrailingSlash;
    private final List<Veloce.LifecycleHook> startupHooks;
    private final List<Veloce.LifecycleHook> shutdownHooks;
    private final ChannelBroadcaster broadcaster;

    Pipeline(RouteTable<Endpoint> routes, RouteTable<WebSocketEndpoint> webSockets, boolean hasWebSockets,
            List<Middleware> middleware, ExceptionHandlers exceptionHandlers, JsonCodec json,
            DependencyOverrides overrides, CookieOptions cookieDefaults, TrustedProxies proxies, Limits limits, boolean redirectTrailingSlash,
            List<Veloce.LifecycleHook> startupHooks, List<Veloce.LifecycleHook> shutdownHooks,
            ChannelBroadcaster broadcaster) {
        this.broadcaster = broadcaster;
        this.routes = routes;
        this.webSockets = webSockets;
        this.hasWebSockets = hasWebSockets;
        this.middleware = middleware.toArray(new Middleware[0]);
        this.webSocketDispatch = new WebSocketDispatch(this, this.middleware, json);
        this.overrides = overrides;
        this.exceptionHandlers = exceptionHandlers;
        this.json = json;
        this.cookieDefaults = cookieDefaults;
        this.proxies = proxies == null ? null : new Forwarding.Resolver(proxies);
        this.limits = limits;
        this.redirectTrailingSlash = redirectTrailingSlash;
        this.startupHooks = List.copyOf(startupHooks);
        this.shutdownHooks = List.copyOf(shutdownHooks);
    }

    @Override
    public Limits limits() {
        return limits;
    }

    @Override
    public void startup() throws Exception {
        broadcaster.start(); // first: startup hooks may publish
        try {
            for (Veloce.LifecycleHook hook : startupHooks) {
                hook.run();
            }
        } catch (Exception | Error failure) {
            broadcaster.stop();
            throw failure;
        }
    }

    @Override
    public void shutdown() {
        for (int i = shutdownHooks.size() - 1; i >= 0; i--) {
            try {
                shutdownHooks.get(i).run();
            } catch (Exception e) {
                log.error("shutdown hook failed", e);
            }
        }
        broadcaster.stop(); // last: shutdown hooks may still publish
    }

    @Override
    public void dispatch(Exchange exchange) {
        ExchangeRequest request;
        try {
            request = new ExchangeRequest(exchange, json, overrides, proxies);
        } catch (IllegalArgumentException badTarget) {
            send(exchange, null, Responses.error(400, badTarget.getMessage()));
            return;
        }
        try {
            if (hasWebSockets && Handshake.isUpgrade(exchange)) {
                RouteMatch<WebSocketEndpoint> match = findWebSocket(request.rawPath());
                if (match != null) {
                    webSocketDispatch.serve(exchange, request, match);
                    return;
                }
            }
            Response response;
            try {
                response = Chain.run(middleware, current -> route(request, current), request, exceptionHandlers, json);
            } catch (Throwable error) {
                response = recover(exchange, request, error);
            }
            send(exchange, request, response);
        } finally {
            request.releaseDependencies(); // after the response (or the WebSocket) is over
        }
    }

    /** The innermost step of the app middleware: route, then run the endpoint. */
    private Response route(ExchangeRequest original, Request current) throws Exception {
        RouteMatch<Endpoint> match;
        try {
            match = routes.find(original.method(), original.rawPath());
        } catch (IllegalArgumentException malformedPath) {
            return Responses.error(400, malformedPath.getMessage());
        }
        switch (match.outcome()) {
            case FOUND -> {
                original.bind(match);
                try {
                    return match.target().handle(current);
                } catch (Exception error) {
                    Response mapped = exceptionHandlers.map(current, error);
                    if (mapped == null) {
                        throw error;
                    }
                    return mapped;
                }
            }
            case METHOD_NOT_ALLOWED -> {
                if (original.method().equals("GET") && findWebSocket(original.rawPath()) != null) {
                    return upgradeRequired();
                }
                return Responses.error(405, "Method Not Allowed").header("Allow", match.allow());
            }
            default -> {
                if (hasWebSockets && findWebSocket(original.rawPath()) != null) {
                    return upgradeRequired();
                }
                Response redirect = redirectTrailingSlash ? trailingSlashRedirect(original) : null;
                return redirect != null ? redirect : Responses.error(404, "Not Found");
            }
        }
    }

    /** Returns the WebSocket route for {@code rawPath}, or {@code null}. */
    private RouteMatch<WebSocketEndpoint> findWebSocket(String rawPath) {
        if (!hasWebSockets) {
            return null;
        }
        try {
            RouteMatch<WebSocketEndpoint> match = webSockets.find("GET", rawPath);
            return match.outcome() == RouteMatch.Outcome.FOUND ? match : null;
        } catch (IllegalArgumentException malformedPath) {
            return null; // the HTTP side answers 400 for it
        }
    }

    /** A plain HTTP request to a WebSocket-only path (RFC 9110 §15.5.22 wants the Upgrade header). */
    private static Response upgradeRequired() {
        return Responses.error(426, "this path only accepts WebSocket connections")
                .header("Upgrade", "websocket")
                .header("Connection", "Upgrade");
    }

    /**
     * A miss that only differs from a route by a trailing slash is redirected there (307 keeps
     * the method and body), like Starlette. Never to a path starting with {@code //}, which a
     * browser would read as another host.
     */
    private Response trailingSlashRedirect(ExchangeRequest request) {
        String path = request.rawPath();
        if (path.length() <= 1) {
            return null;
        }
        String other = path.endsWith("/") ? path.substring(0, path.length() - 1) : path + "/";
        if (other.startsWith("//")) {
            return null;
        }
        try {
            if (routes.find(request.method(), other).outcome() != RouteMatch.Outcome.FOUND) {
                return null;
            }
        } catch (IllegalArgumentException malformed) {
            return null;
        }
        return Response.redirect(other + (request.rawQuery() == null ? "" : "?" + request.rawQuery()));
    }

    /** The outermost safety net: map what can be mapped, answer 500 for the rest. */
    Response recover(Exchange exchange, Request request, Throwable error) {
        try {
            Response mapped = exceptionHandlers.map(request, error);
            if (mapped != null) {
                return mapped;
            }
        } catch (Throwable handlerFailure) {
            handlerFailure.addSuppressed(error);
            error = handlerFailure;
        }
        log.error("Unhandled exception in {} {}", exchange.method(), exchange.target(), error);
        exchange.unhandledError(error);
        return Responses.error(500, "Internal Server Error");
    }

    void send(Exchange exchange, Request request, Response response) {
        send(exchange, request, response, false);
    }

    /**
     * Writes {@code response}. When its body cannot be prepared (a value Jackson cannot
     * serialise, an invalid cookie), the error is mapped once like a handler failure; if that
     * response fails too, a plain 500 goes out.
     */
    private void send(Exchange exchange, Request request, Response response, boolean isRecovery) {
        Headers headers = response.headers();
        List<Response.ResponseCookie> cookies = response.cookies();
        boolean head = exchange.method().equals("HEAD");
        byte[] bytes;
        try {
            if (!cookies.isEmpty()) {
                headers = headers.copy();
                for (Response.ResponseCookie cookie : cookies) {
                    headers.add("Set-Cookie",
                            Cookies.setCookie(cookie.name(), cookie.value(), cookie.options().orElse(cookieDefaults)));
                }
            }
            Body body = response.body();
            if (body instanceof Body.Stream stream) {
                if (head) {
                    exchange.respond(response.status(), headers, NO_BODY);
                } else {
                    stream(exchange, response.status(), headers, stream);
                }
                return;
            }
            bytes = switch (body) {
                case Body.Bytes b -> b.bytes();
                case Body.Json j -> json.write(j.value());
                default -> NO_BODY;
            };
        } catch (RuntimeException unsendable) {
            if (isRecovery) {
                log.error("error response could not be sent either", unsendable);
                exchange.respond(500, Headers.of("Content-Type", Response.APPLICATION_JSON), INTERNAL_ERROR);
            } else {
                send(exchange, request, recover(exchange, request, unsendable), true);
            }
            return;
        }
        if (head) {
            if (!headers.contains("Content-Length") && bytes.length > 0) {
                headers = headers == response.headers() ? headers.copy() : headers;
                headers.set("Content-Length", Integer.toString(bytes.length));
            }
            bytes = NO_BODY;
        }
        exchange.respond(response.status(), headers, bytes);
    }

    private void stream(Exchange exchange, int status, Headers headers, Body.Stream stream) {
        try {
            OutputStream out = exchange.respondStreaming(status, headers);
            stream.writer().writeTo(out);
            // closed (the last chunk sent) only after success: a failed body must end in an
            // aborted connection, never in a well-formed end the client takes for the whole body
            out.close();
        } catch (IOException clientGone) {
            log.debug("client went away during a streaming response to {} {}", exchange.method(), exchange.target());
            exchange.abort();
        } catch (RuntimeException | Error failure) {
            log.error("streaming body failed after the response started: {} {}", exchange.method(),
                    exchange.target(), failure);
            exchange.abort();
            exchange.unhandledError(failure);
        }
    }
}
