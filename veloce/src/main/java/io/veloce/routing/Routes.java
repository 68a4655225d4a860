package io.veloce.routing;

import io.veloce.di.Dependency;
import io.veloce.di.HandlerWith;
import io.veloce.di.HandlerWith2;
import io.veloce.di.WebSocketHandlerWith;
import io.veloce.di.WebSocketHandlerWith2;
import io.veloce.http.Handler;
import io.veloce.staticfiles.StaticFiles;
import java.nio.file.Path;
import java.util.Objects;
import io.veloce.websocket.WebSocketHandler;
import io.veloce.websocket.WebSocketSettings;
import java.util.function.UnaryOperator;

/**
 * The route-registration surface shared by the app and by {@link Router}. Paths are templates:
 * literal segments and whole-segment parameters ({@code /items/{id}}). Matching is exact,
 * segment by segment: a literal segment wins over a parameter, a parameter never matches an
 * empty segment, and {@code /items} and {@code /items/} are different paths (the app answers a
 * miss that only differs by a trailing slash with a 307 redirect to the registered form).
 *
 * <p>A last segment {@code {name...}} is a catch-all: it captures the rest of the path after the
 * slash before it, possibly empty and across slashes — {@code /files/{path...}} matches
 * {@code /files/} ({@code path} is empty) and {@code /files/a/b.txt} ({@code a/b.txt}), not
 * {@code /files}. It is tried after literal and parameter segments, so
 * {@code /files/index} can have its own route. Its value is decoded segment by segment and
 * joined with {@code /}; a path whose percent-escapes do not decode is a 404 below a catch-all
 * (no name there can be malformed) and a 400 elsewhere. {@link #staticFiles} registers one.
 */
public interface Routes {

    /**
     * Registers {@code handler} for {@code method} requests to {@code path}.
     *
     * @param method an HTTP method token, upper case: letters {@code A}–{@code Z} only
     *     ({@code GET}, or an extension such as {@code PURGE}); {@code null}, empty or anything
     *     else is refused with {@link IllegalArgumentException}
     * @param path the path template, starting with {@code /}: literal segments, whole-segment
     *     {@code {name}} parameters and an optional last {@code {name...}} catch-all (see the
     *     class description); {@code null} is refused like a malformed template
     * @param handler answers the requests this route matches; not {@code null}
     *     ({@link NullPointerException})
     * @return the registered route
     * @throws IllegalArgumentException when the method or the template is malformed, or the same
     *     method already has a route matching exactly the same paths (the message names both); a
     *     {@link Router} finds that conflict only once it is included in the app
     * @throws IllegalStateException when the app has already started
     */
    Route route(String method, String path, Handler handler);

    /**
     * Registers a {@code GET} route (also answering {@code HEAD} unless a {@code HEAD} route
     * exists); see {@link #route}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler answers the matching {@code GET} requests, and {@code HEAD} ones unless a
     *     {@code HEAD} route has the path (with the same headers, without the body); not
     *     {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or a {@code GET} route
     *     already matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default Route get(String path, Handler handler) {
        return route("GET", path, handler);
    }

    /**
     * Registers a {@code POST} route; see {@link #route}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler answers the matching {@code POST} requests; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or a {@code POST} route
     *     already matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default Route post(String path, Handler handler) {
        return route("POST", path, handler);
    }

    /**
     * Registers a {@code PUT} route; see {@link #route}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler answers the matching {@code PUT} requests; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or a {@code PUT} route
     *     already matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default Route put(String path, Handler handler) {
        return route("PUT", path, handler);
    }

    /**
     * Registers a {@code PATCH} route; see {@link #route}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler answers the matching {@code PATCH} requests; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or a {@code PATCH} route
     *     already matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default Route patch(String path, Handler handler) {
        return route("PATCH", path, handler);
    }

    /**
     * Registers a {@code DELETE} route; see {@link #route}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler answers the matching {@code DELETE} requests; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or a {@code DELETE} route
     *     already matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default Route delete(String path, Handler handler) {
        return route("DELETE", path, handler);
    }

    /**
     * Registers an {@code OPTIONS} route; see {@link #route}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler answers the matching {@code OPTIONS} requests; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or an {@code OPTIONS} route
     *     already matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default Route options(String path, Handler handler) {
        return route("OPTIONS", path, handler);
    }

    /**
     * Registers a {@code HEAD} route, overriding the automatic one of a {@code GET} route; see
     * {@link #route}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler answers the matching {@code HEAD} requests in place of the {@code GET}
     *     route; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or a {@code HEAD} route
     *     already matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default Route head(String path, Handler handler) {
        return route("HEAD", path, handler);
    }

    /**
     * Serves the files below {@code files}' root under {@code urlPrefix}: registers it as the
     * {@code GET} handler (so also {@code HEAD}; other methods get 405) of
     * {@code urlPrefix + "/{path...}"}. {@code urlPrefix} itself, without the slash, is
     * redirected to {@code urlPrefix/} like any path that misses a route by its trailing slash.
     * Routes registered under the prefix win over files. See {@link StaticFiles} for what is
     * served and what is refused.
     *
     * <pre>{@code
     * app.staticFiles("/static", Path.of("public"));       // GET /static/app.js → public/app.js
     * app.staticFiles("/", StaticFiles.classpath("site")); // the whole site, below the API routes
     * }</pre>
     *
     * @param urlPrefix where to mount, {@code /} for the root; parameters allowed, no catch-all;
     *     {@code null} is refused like a prefix without the leading slash
     * @param files what to serve and how (root, index files, {@code Cache-Control}, extra
     *     media types); not {@code null} ({@link NullPointerException})
     * @return the registered route
     * @throws IllegalArgumentException when the prefix does not start with {@code /}, or a
     *     {@code GET} route with a catch-all is already registered there
     * @throws IllegalStateException when the app has already started
     */
    default Route staticFiles(String urlPrefix, StaticFiles files) {
        Objects.requireNonNull(files, "files");
        if (urlPrefix == null || !urlPrefix.startsWith("/")) {
            throw new IllegalArgumentException("static files prefix must start with '/': " + urlPrefix);
        }
        return get(PathTemplate.join(urlPrefix, "/{path...}"), files);
    }

    /**
     * Serves the files below {@code directory} under {@code urlPrefix}; see
     * {@link #staticFiles(String, StaticFiles)} and {@link StaticFiles#directory(Path)}.
     *
     * @param urlPrefix where to mount, as for {@link #staticFiles(String, StaticFiles)}
     * @param directory the directory whose files are served, looked at again on every request;
     *     not {@code null} ({@link NullPointerException})
     * @return the registered route
     * @throws IllegalArgumentException when {@code directory} is not an existing directory, or
     *     the prefix is refused as by {@link #staticFiles(String, StaticFiles)}
     * @throws IllegalStateException when the app has already started
     */
    default Route staticFiles(String urlPrefix, Path directory) {
        return staticFiles(urlPrefix, StaticFiles.directory(directory));
    }

    /**
     * Serves the class-path resources below {@code classpathLocation} (for example
     * {@code "static"} for {@code src/main/resources/static}) under {@code urlPrefix}; see
     * {@link #staticFiles(String, StaticFiles)} and {@link StaticFiles#classpath(String)}.
     *
     * @param urlPrefix where to mount, as for {@link #staticFiles(String, StaticFiles)}
     * @param classpathLocation the resource directory, found through the thread's context class
     *     loader; leading and trailing slashes are ignored, and an empty location serves the
     *     whole class path. A location with nothing there yet is logged as a warning, not
     *     refused. Not {@code null} ({@link NullPointerException})
     * @return the registered route
     * @throws IllegalArgumentException when {@code classpathLocation} contains {@code ..} or a
     *     backslash, or the prefix is refused as by {@link #staticFiles(String, StaticFiles)}
     * @throws IllegalStateException when the app has already started
     */
    default Route staticFiles(String urlPrefix, String classpathLocation) {
        return staticFiles(urlPrefix, StaticFiles.classpath(classpathLocation));
    }

    /**
     * Registers a WebSocket route whose {@link WebSocketSettings} are the app's adjusted by
     * {@code settings} (for example {@code s -> s.maxMessageSize(16 << 20)}). A handshake (a
     * {@code GET} with {@code Upgrade: websocket}) to {@code path} runs {@code handler}; a plain
     * HTTP request to a path that only has a WebSocket route gets {@code 426 Upgrade Required}.
     * A path may have both a WebSocket route and HTTP routes.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param settings turns the app's settings into this route's; {@code UnaryOperator.identity()}
     *     keeps them. Applied when the app starts, which fails with
     *     {@link IllegalStateException} if it returns {@code null}. Not {@code null}
     *     ({@link NullPointerException})
     * @param handler runs for each handshake to {@code path}, and decides whether to accept it;
     *     not {@code null} ({@link NullPointerException})
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or another WebSocket route
     *     matches exactly the same paths (for a {@link Router}, found once it is included in the
     *     app)
     * @throws IllegalStateException when the app has already started
     */
    WebSocketRoute websocket(String path, UnaryOperator<WebSocketSettings> settings, WebSocketHandler handler);

    /**
     * Registers a WebSocket route with the app's settings; see
     * {@link #websocket(String, UnaryOperator, WebSocketHandler)}.
     *
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param handler runs for each handshake to {@code path}; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException when the template is malformed or another WebSocket route
     *     matches exactly the same paths
     * @throws IllegalStateException when the app has already started
     */
    default WebSocketRoute websocket(String path, WebSocketHandler handler) {
        return websocket(path, UnaryOperator.identity(), handler);
    }

    /**
     * Registers {@code handler} for {@code method} requests to {@code path}, handing it the value
     * of {@code a}, resolved before it runs: {@code app.route("GET", "/me", currentUser, (req, user) -> user)}.
     *
     * @param <A> the dependency's type
     * @param method an HTTP method token, upper case, as for {@link #route(String, String, Handler)}
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the dependency resolved for each matching request before {@code handler} runs; not
     *     {@code null} ({@link NullPointerException})
     * @param handler answers the request, given {@code a}'s value; not {@code null}
     *     ({@link NullPointerException})
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A> Route route(String method, String path, Dependency<A> a, HandlerWith<A> handler) {
        Objects.requireNonNull(a, "dependency");
        Objects.requireNonNull(handler, "handler");
        return route(method, path, request -> handler.handle(request, request.dependency(a)));
    }

    /**
     * Registers {@code handler} with the values of two dependencies; see
     * {@link #route(String, String, Dependency, HandlerWith)}.
     *
     * @param <A> the first dependency's type
     * @param <B> the second dependency's type
     * @param method an HTTP method token, upper case, as for {@link #route(String, String, Handler)}
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the first dependency, resolved before {@code b}; not {@code null}
     * @param b the second dependency, resolved before {@code handler} runs; not {@code null}
     * @param handler answers the request, given both values; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A, B> Route route(String method, String path, Dependency<A> a, Dependency<B> b,
            HandlerWith2<A, B> handler) {
        Objects.requireNonNull(a, "dependency");
        Objects.requireNonNull(b, "dependency");
        Objects.requireNonNull(handler, "handler");
        return route(method, path, request -> handler.handle(request, request.dependency(a), request.dependency(b)));
    }

    /**
     * Registers a {@code GET} route handed the value of {@code a}; see {@link #route(String, String, Dependency, HandlerWith)}.
     *
     * @param <A> the dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the dependency resolved for each matching request before {@code handler} runs; not
     *     {@code null}
     * @param handler answers the request, given {@code a}'s value; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A> Route get(String path, Dependency<A> a, HandlerWith<A> handler) {
        return route("GET", path, a, handler);
    }

    /**
     * Registers a {@code GET} route handed the values of {@code a} and {@code b}.
     *
     * @param <A> the first dependency's type
     * @param <B> the second dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the first dependency, resolved before {@code b}; not {@code null}
     * @param b the second dependency, resolved before {@code handler} runs; not {@code null}
     * @param handler answers the request, given both values; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A, B> Route get(String path, Dependency<A> a, Dependency<B> b, HandlerWith2<A, B> handler) {
        return route("GET", path, a, b, handler);
    }

    /**
     * Registers a {@code POST} route handed the value of {@code a}.
     *
     * @param <A> the dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the dependency resolved for each matching request before {@code handler} runs; not
     *     {@code null}
     * @param handler answers the request, given {@code a}'s value; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A> Route post(String path, Dependency<A> a, HandlerWith<A> handler) {
        return route("POST", path, a, handler);
    }

    /**
     * Registers a {@code POST} route handed the values of {@code a} and {@code b}.
     *
     * @param <A> the first dependency's type
     * @param <B> the second dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the first dependency, resolved before {@code b}; not {@code null}
     * @param b the second dependency, resolved before {@code handler} runs; not {@code null}
     * @param handler answers the request, given both values; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A, B> Route post(String path, Dependency<A> a, Dependency<B> b, HandlerWith2<A, B> handler) {
        return route("POST", path, a, b, handler);
    }

    /**
     * Registers a {@code PUT} route handed the value of {@code a}.
     *
     * @param <A> the dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the dependency resolved for each matching request before {@code handler} runs; not
     *     {@code null}
     * @param handler answers the request, given {@code a}'s value; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A> Route put(String path, Dependency<A> a, HandlerWith<A> handler) {
        return route("PUT", path, a, handler);
    }

    /**
     * Registers a {@code PATCH} route handed the value of {@code a}.
     *
     * @param <A> the dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the dependency resolved for each matching request before {@code handler} runs; not
     *     {@code null}
     * @param handler answers the request, given {@code a}'s value; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A> Route patch(String path, Dependency<A> a, HandlerWith<A> handler) {
        return route("PATCH", path, a, handler);
    }

    /**
     * Registers a {@code DELETE} route handed the value of {@code a}.
     *
     * @param <A> the dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the dependency resolved for each matching request before {@code handler} runs; not
     *     {@code null}
     * @param handler answers the request, given {@code a}'s value; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #route(String, String, Handler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A> Route delete(String path, Dependency<A> a, HandlerWith<A> handler) {
        return route("DELETE", path, a, handler);
    }

    /**
     * Registers a WebSocket route handed the value of {@code a}, resolved before the handler runs
     * and so before the handshake is answered: a dependency that throws an {@code HttpException}
     * refuses the handshake with that status. Its cleanup runs when the WebSocket ends.
     *
     * @param <A> the dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the dependency resolved for each handshake before {@code handler} runs; not
     *     {@code null} ({@link NullPointerException})
     * @param handler runs for each handshake, given {@code a}'s value; not {@code null}
     *     ({@link NullPointerException})
     * @return the registered route
     * @throws IllegalArgumentException as {@link #websocket(String, UnaryOperator, WebSocketHandler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A> WebSocketRoute websocket(String path, Dependency<A> a, WebSocketHandlerWith<A> handler) {
        Objects.requireNonNull(a, "dependency");
        Objects.requireNonNull(handler, "handler");
        return websocket(path, ws -> handler.handle(ws, ws.dependency(a)));
    }

    /**
     * Registers a WebSocket route handed the values of {@code a} and {@code b}; see
     * {@link #websocket(String, Dependency, WebSocketHandlerWith)}.
     *
     * @param <A> the first dependency's type
     * @param <B> the second dependency's type
     * @param path the path template, as for {@link #route(String, String, Handler)}
     * @param a the first dependency, resolved before {@code b}; not {@code null}
     * @param b the second dependency, resolved before {@code handler} runs; not {@code null}
     * @param handler runs for each handshake, given both values; not {@code null}
     * @return the registered route
     * @throws IllegalArgumentException as {@link #websocket(String, UnaryOperator, WebSocketHandler)}
     * @throws IllegalStateException when the app has already started
     */
    default <A, B> WebSocketRoute websocket(String path, Dependency<A> a, Dependency<B> b,
            WebSocketHandlerWith2<A, B> handler) {
        Objects.requireNonNull(a, "dependency");
        Objects.requireNonNull(b, "dependency");
        Objects.requireNonNull(handler, "handler");
        return websocket(path, ws -> handler.handle(ws, ws.dependency(a), ws.dependency(b)));
    }
}
