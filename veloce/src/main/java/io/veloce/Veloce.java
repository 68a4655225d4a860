package io.veloce;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.di.Dependency;
import io.veloce.di.DependencyOverrides;
import io.veloce.http.CookieOptions;
import io.veloce.http.SameSite;
import io.veloce.http.TrustedProxies;
import io.veloce.middleware.security.SecurityHeadersMiddleware;
import io.veloce.http.ExceptionHandler;
import io.veloce.http.Handler;
import io.veloce.http.JsonCodec;
import io.veloce.middleware.Middleware;
import io.veloce.routing.PathTemplate;
import io.veloce.routing.Route;
import io.veloce.routing.RouteTable;
import io.veloce.routing.Router;
import io.veloce.routing.Routes;
import io.veloce.routing.WebSocketRoute;
import io.veloce.websocket.WebSocketHandler;
import io.veloce.websocket.BroadcastEngine;
import io.veloce.websocket.Broadcaster;
import io.veloce.websocket.WebSocketSettings;
import java.util.function.UnaryOperator;
import io.veloce.server.Dispatcher;
import io.veloce.server.NettyServer;
import io.veloce.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The application: routes, middleware, exception handlers, lifecycle hooks and settings, served
 * by the embedded Netty server ({@link #start}, {@link #run}) or driven in memory by
 * {@link #testClient()} through exactly the same code.
 *
 * <pre>{@code
 * Veloce app = new Veloce();
 * app.get("/items/{id}", req -> new Item(req.pathParam("id"), "widget"));     // record → JSON
 * app.post("/items", req -> Response.json(req.json(Item.class)).status(201));
 * app.run(8000);
 * }</pre>
 *
 * <p>Configure the app completely, then start it: the first {@link #start}, {@link #run} or
 * {@link #testClient()} freezes the configuration, and changing it afterwards throws
 * {@link IllegalStateException}. Not thread-safe while being configured; safe to share once
 * started.
 */
public final class Veloce implements Routes {

    private final RouteTable<Route> routes = new RouteTable<>();
    private final List<Route> registered = new ArrayList<>();
    private final RouteTable<WebSocketRoute> webSocketTable = new RouteTable<>();
    private final List<WebSocketRoute> webSocketRoutes = new ArrayList<>();
    private WebSocketSettings webSocketSettings = WebSocketSettings.defaults();
    private final List<Middleware> middleware = new ArrayList<>();
    private final List<Dependency<?>> dependencies = new ArrayList<>();
    private final DependencyOverrides dependencyOverrides = new DependencyOverrides();
    private final ExceptionHandlers exceptionHandlers = new ExceptionHandlers();
    private final List<LifecycleHook> startupHooks = new ArrayList<>();
    private final List<LifecycleHook> shutdownHooks = new ArrayList<>();
    private Limits limits = Limits.defaults();
    private CookieOptions cookieDefaults = CookieOptions.defaults().path("/");
    private ObjectMapper objectMapper = JsonCodec.defaultMapper();
    private boolean redirectTrailingSlash = true;
    private TrustedProxies trustedProxies;
    private final ChannelBroadcaster broadcaster = new ChannelBroadcaster();
    private boolean secureDefaults;
    private static final CookieOptions SECURE_COOKIES =
            CookieOptions.defaults().secure(true).httpOnly(true).sameSite(SameSite.LAX);
    private Pipeline pipeline;

    /** Creates an app with no routes and the default {@link Limits}. */
    public Veloce() {
    }

    /** Work run when the app starts or stops; may throw. */
    @FunctionalInterface
    public interface LifecycleHook {

        /**
         * Runs the hook.
         *
         * @throws Exception a startup failure stops the server from starting; a shutdown failure is logged
         */
        void run() throws Exception;
    }

    /** {@inheritDoc} */
    @Override
    public Route route(String method, String path, Handler handler) {
        return register(new Route(method, path, handler, List.of()));
    }

    private synchronized Route register(Route route) {
        checkNotStarted();
        routes.add(route.method(), route.path(), route); // refuses a conflicting route now, not at start
        registered.add(route);
        return route;
    }

    /** {@inheritDoc} */
    @Override
    public WebSocketRoute websocket(String path, UnaryOperator<WebSocketSettings> settings,
            WebSocketHandler handler) {
        return register(new WebSocketRoute(path, handler, List.of(), settings));
    }

    private synchronized WebSocketRoute register(WebSocketRoute route) {
        checkNotStarted();
        webSocketTable.add("GET", route.path(), route);
        webSocketRoutes.add(route);
        return route;
    }

    /**
     * Mounts {@code router}'s routes (as registered so far) under {@code prefix}: {@code /api} +
     * {@code /items} serves {@code /api/items}.
     *
     * @param prefix where to mount: empty, {@code /} or {@code null} for the root, otherwise
     *     starting with {@code /}; a trailing {@code /} is dropped
     * @param router the router whose routes, with its middleware and dependencies, are copied as
     *     they are now: what is added to it later is not served; not {@code null}
     *     ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalArgumentException when the prefix is not empty and does not start with
     *     {@code /}, or a route conflicts with one already registered; the router's routes
     *     registered before the failing one stay registered
     * @throws IllegalStateException when the app has started
     */
    public Veloce include(String prefix, Router router) {
        for (Route route : router.routes()) {
            register(route.mountedAt(prefix));
        }
        for (WebSocketRoute route : router.webSocketRoutes()) {
            register(route.mountedAt(prefix));
        }
        return this;
    }

    /**
     * Mounts {@code router}'s routes at the root; see {@link #include(String, Router)}.
     *
     * @param router the router whose routes, as registered so far, are copied; not {@code null}
     * @return this, for chaining
     * @throws IllegalArgumentException when a route conflicts with one already registered
     * @throws IllegalStateException when the app has started
     */
    public Veloce include(Router router) {
        return include("", router);
    }

    /**
     * Returns every registered route, in registration order.
     *
     * @return an unmodifiable copy, which later registrations do not change; routes included
     *     from routers appear with their full paths and router middleware
     */
    public synchronized List<Route> routes() {
        return List.copyOf(registered);
    }

    /**
     * Returns every registered WebSocket route, in registration order.
     *
     * @return an unmodifiable copy, which later registrations do not change; routes included
     *     from routers appear with their full paths and router middleware
     */
    public synchronized List<WebSocketRoute> webSocketRoutes() {
        return List.copyOf(webSocketRoutes);
    }

    /**
     * Adds middleware around every connection. The first added is the outermost: requests pass
     * through middleware in registration order and responses in reverse; see {@link Middleware}.
     *
     * @param middleware runs for every HTTP request, routed or not, and every handshake to a
     *     WebSocket route; not {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce addMiddleware(Middleware middleware) {
        checkNotStarted();
        this.middleware.add(Objects.requireNonNull(middleware, "middleware"));
        return this;
    }

    /**
     * Adds a dependency resolved, for its effect, before the handler of every route (HTTP and
     * WebSocket; for a WebSocket before the handshake is answered) — for example authentication
     * that refuses with an {@code HttpException}. App dependencies run once routing found the
     * route (after the app's middleware), in the order added; then each router's middleware and
     * dependencies, outermost router first; then the route's own dependencies and its handler.
     *
     * @param dependency resolved for each routed request and handshake, its value unused; not
     *     {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce addDependency(Dependency<?> dependency) {
        checkNotStarted();
        this.dependencies.add(Objects.requireNonNull(dependency, "dependency"));
        return this;
    }

    /**
     * Returns the app's dependency overrides, for tests: {@code put(original, replacement)}
     * makes every use of {@code original} resolve {@code replacement} instead, on the test client
     * and the real server alike, until removed. Unlike the rest of the configuration, overrides
     * may change after the app started; a change applies from the next request on.
     *
     * @return the app's one, live overrides: the same instance on every call, never {@code null}
     */
    public DependencyOverrides dependencyOverrides() {
        return dependencyOverrides;
    }

    /**
     * Turns exceptions of {@code type} (and subclasses without a more specific handler) into
     * responses, wherever they are thrown: handler, router or app middleware. A handler for
     * {@code HttpException} replaces the default {@code {"detail": ...}} rendering.
     *
     * @param <E> the exception type handled
     * @param type the exception class handled, with its subclasses; not {@code null}
     *     ({@link NullPointerException})
     * @param handler turns such an exception into the response; replaces an earlier handler for
     *     the same {@code type}; not {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized <E extends Throwable> Veloce exceptionHandler(Class<E> type,
            ExceptionHandler<? super E> handler) {
        checkNotStarted();
        exceptionHandlers.register(Objects.requireNonNull(type, "type"), Objects.requireNonNull(handler, "handler"));
        return this;
    }

    /**
     * Runs {@code hook} when the server starts (before it binds) and when a test client opens, in
     * registration order.
     *
     * @param hook the work to run; if it throws, the server does not start (nothing is bound) and
     *     the test client is not created; not {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce onStartup(LifecycleHook hook) {
        checkNotStarted();
        startupHooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Runs {@code hook} when the server has drained and closed, and when a test client closes, in
     * reverse registration order.
     *
     * @param hook the work to run; if it throws, the failure is logged and the remaining hooks
     *     still run; not {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce onShutdown(LifecycleHook hook) {
        checkNotStarted();
        shutdownHooks.add(Objects.requireNonNull(hook, "hook"));
        return this;
    }

    /**
     * Returns the limits in force (the defaults unless {@link #limits(Limits)} was called).
     *
     * @return the limits, never {@code null}
     */
    public synchronized Limits limits() {
        return limits;
    }

    /**
     * Replaces the limits on what clients may send.
     *
     * @param limits the new limits, usually {@link Limits#defaults()} with some changed; applied by
     *     the server and the test client alike; not {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce limits(Limits limits) {
        checkNotStarted();
        this.limits = Objects.requireNonNull(limits, "limits");
        return this;
    }

    /**
     * Turns on Veloce's secure defaults: cookies set through the response API get
     * {@code Secure}, {@code HttpOnly} and {@code SameSite=Lax} unless their own options say
     * otherwise, and a {@link SecurityHeadersMiddleware} is added (at this point of the middleware
     * order). Nothing else: in particular no Origin policy for WebSockets — add a
     * {@code WebSocketOriginMiddleware} with your app's origins. Calling it again changes nothing.
     *
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce useSecureDefaults() {
        checkNotStarted();
        if (!secureDefaults) {
            secureDefaults = true;
            cookieDefaults = cookieDefaults.secure(true).httpOnly(true).sameSite(SameSite.LAX);
            middleware.add(new SecurityHeadersMiddleware());
        }
        return this;
    }

    /**
     * Returns the WebSocket settings of every route that does not adjust them
     * ({@link WebSocketSettings#defaults()} unless set).
     *
     * @return the app's WebSocket settings, never {@code null}
     */
    public synchronized WebSocketSettings webSocketSettings() {
        return webSocketSettings;
    }

    /**
     * Replaces the WebSocket settings (message size, outbound limit, timeouts, keepalive,
     * compression) for every WebSocket route; a route's own adjustment applies on top.
     *
     * @param settings the new app-wide settings; not {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce webSocketSettings(WebSocketSettings settings) {
        checkNotStarted();
        this.webSocketSettings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    /**
     * Returns the options applied to cookies whose own options leave them unset ({@code Path=/}
     * by default).
     *
     * @return the cookie defaults, never {@code null}; after {@link #useSecureDefaults()} they
     *     include {@code Secure}, {@code HttpOnly} and {@code SameSite=Lax}
     */
    public synchronized CookieOptions cookieDefaults() {
        return cookieDefaults;
    }

    /**
     * Replaces the cookie defaults; a cookie's explicit options still win over them. After
     * {@link #useSecureDefaults()}, {@code Secure}, {@code HttpOnly} and {@code SameSite=Lax} stay
     * on unless {@code defaults} sets them itself.
     *
     * @param defaults the options for what a cookie leaves unset; they replace the current
     *     defaults entirely, the default {@code Path=/} included; not {@code null}
     *     ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce cookieDefaults(CookieOptions defaults) {
        checkNotStarted();
        Objects.requireNonNull(defaults, "defaults");
        // after useSecureDefaults(), new defaults keep Secure/HttpOnly/SameSite=Lax unless they set them
        this.cookieDefaults = secureDefaults ? defaults.orElse(SECURE_COOKIES) : defaults;
        return this;
    }

    /**
     * Returns the Jackson mapper used for JSON bodies and responses (see
     * {@link JsonCodec#defaultMapper()}).
     *
     * @return the mapper itself, not a copy; never {@code null}
     */
    public synchronized ObjectMapper objectMapper() {
        return objectMapper;
    }

    /**
     * Replaces the Jackson mapper used for JSON bodies and responses.
     *
     * @param mapper the mapper to use, by the server, the test client and the broadcaster; not
     *     {@code null} ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce objectMapper(ObjectMapper mapper) {
        checkNotStarted();
        this.objectMapper = Objects.requireNonNull(mapper, "mapper");
        return this;
    }

    /**
     * Sets whether a request that misses a route only by a trailing slash is redirected (307) to
     * the registered form; on by default.
     *
     * @param enabled {@code true} (the default) to redirect, {@code false} to answer such a request
     *     404 like any other miss
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce redirectTrailingSlash(boolean enabled) {
        checkNotStarted();
        this.redirectTrailingSlash = enabled;
        return this;
    }

    /**
     * Returns the app's {@link Broadcaster}: named channels of WebSockets and one call to send a
     * message to all of them, from any thread. In this process unless a
     * {@link #broadcastEngine(BroadcastEngine) broadcast engine} joins several nodes.
     *
     * @return the app's one broadcaster, the same instance on every call; available before the app
     *     starts, for example to capture in a handler
     */
    public Broadcaster broadcaster() {
        return broadcaster;
    }

    /**
     * Replaces the engine that carries broadcast messages between nodes (in memory, one node, by
     * default), for example the {@code veloce-redis} module's Redis engine. The engine is started
     * with the app and closed when it stops.
     *
     * @param engine the engine to use instead of the in-memory one; not {@code null}
     *     ({@link NullPointerException})
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce broadcastEngine(BroadcastEngine engine) {
        checkNotStarted();
        broadcaster.engine(engine);
        return this;
    }

    /**
     * Believes the forwarding headers ({@code Forwarded}, or {@code X-Forwarded-For},
     * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}) of requests whose immediate peer is
     * one of {@code proxies}: {@code client()}, {@code secure()} and {@code url()} then describe
     * the original request, for handlers, middleware (rate limits, HTTPS redirects, HSTS) and
     * WebSockets alike. Off by default: without it the headers are ignored, because any client
     * can send them. See {@link TrustedProxies} for how the hops are read.
     *
     * @param proxies the proxies to believe, or {@code null} to believe none again
     * @return this, for chaining
     * @throws IllegalStateException when the app has started
     */
    public synchronized Veloce trustedProxies(TrustedProxies proxies) {
        checkNotStarted();
        this.trustedProxies = proxies;
        return this;
    }

    /**
     * Returns the proxies whose forwarding headers are believed, or {@code null} (the default:
     * none).
     *
     * @return the trusted proxies, or {@code null} when forwarding headers are ignored
     */
    public synchronized TrustedProxies trustedProxies() {
        return trustedProxies;
    }

    /**
     * Starts the embedded server and returns once it listens. Startup hooks run first; a failing
     * hook means nothing is bound.
     *
     * @param config where and how to serve (host, port, TLS, threads, shutdown deadline); not
     *     {@code null} ({@link NullPointerException})
     * @return the running server, already listening; {@link Server#close()} stops it
     * @throws IllegalStateException when the TLS certificate or key cannot be used (before any
     *     hook runs), a startup hook fails or the address cannot be bound
     */
    public Server start(ServerConfig config) {
        Objects.requireNonNull(config, "config"); // before pipeline(), which freezes the app
        return NettyServer.start(pipeline(), config);
    }

    /**
     * Starts the embedded server with {@link ServerConfig#defaults()}; see
     * {@link #start(ServerConfig)}.
     *
     * @return the running server, listening on {@code 127.0.0.1:8000}
     * @throws IllegalStateException when a startup hook fails or the address cannot be bound
     */
    public Server start() {
        return start(ServerConfig.defaults());
    }

    /**
     * Serves on {@code 127.0.0.1:port} until the JVM is asked to stop (Ctrl-C, SIGTERM), then
     * shuts down gracefully. For an application's {@code main}.
     *
     * @param port the port, 0–65535; 0 binds an ephemeral one (the log line names it)
     * @throws IllegalArgumentException when {@code port} is outside 0–65535
     * @throws IllegalStateException when the server cannot start
     */
    public void run(int port) {
        run(ServerConfig.defaults().port(port));
    }

    /**
     * Serves with {@code config} (HTTPS, another host) until the JVM is asked to stop, like
     * {@link #run(int)}.
     *
     * @param config where and how to serve; not {@code null} ({@link NullPointerException})
     * @throws IllegalStateException when the server cannot start
     */
    public void run(ServerConfig config) {
        Server server = start(config);
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "veloce-shutdown"));
        org.slf4j.LoggerFactory.getLogger(Veloce.class).info("Veloce serving on {}", server.url());
        try {
            server.awaitClose();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.close();
        }
    }

    /**
     * Returns an in-memory client that drives this app with no socket, through the same
     * middleware, routing and handlers as the server. Startup hooks run now; shutdown hooks when
     * the client is closed.
     *
     * @return a new client on each call, which runs the startup hooks again and uses the app's
     *     {@link #objectMapper()}; close it to run the shutdown hooks
     * @throws IllegalStateException when a startup hook fails
     */
    public TestClient testClient() {
        return new TestClient(pipeline(), objectMapper);
    }

    /**
     * Returns the app as a transport drives it — one {@code dispatch} per request — for custom
     * transports and benchmarks; freezes the configuration like {@link #start}. Applications use
     * {@link #start} and {@link #testClient()} instead.
     *
     * @return the app's dispatcher: the same instance on every call, and the one the server and
     *     test clients use; it does not run the startup hooks
     */
    public Dispatcher dispatcher() {
        return pipeline();
    }

    private synchronized Pipeline pipeline() {
        if (pipeline == null) {
            JsonCodec json = new JsonCodec(objectMapper);
            broadcaster.json(json);
            RouteTable<Endpoint> endpoints = new RouteTable<>();
            for (Route route : registered) {
                endpoints.add(route.method(), route.path(), new Endpoint(route, dependencies, exceptionHandlers, json));
            }
            RouteTable<WebSocketEndpoint> webSockets = new RouteTable<>();
            for (WebSocketRoute route : webSocketRoutes) {
                webSockets.add("GET", route.path(), new WebSocketEndpoint(route, webSocketSettings, dependencies));
            }
            pipeline = new Pipeline(endpoints, webSockets, !webSocketRoutes.isEmpty(), middleware, exceptionHandlers, json, dependencyOverrides, cookieDefaults,
                    trustedProxies, limits, redirectTrailingSlash, startupHooks, shutdownHooks, broadcaster);
        }
        return pipeline;
    }

    private void checkNotStarted() {
        if (pipeline != null) {
            throw new IllegalStateException(
                    "the app has started: register routes, middleware and settings before start(), run() or testClient()");
        }
    }
}
