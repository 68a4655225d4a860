package io.veloce;

import com.fasterxml.jackson.databind.JsonNode;
import io.veloce.di.Dependency;
import io.veloce.di.DependencyOverrides;
import io.veloce.di.DependencyScope;
import io.veloce.http.ClientAddress;
import io.veloce.http.Connection;
import io.veloce.http.Cookies;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import io.veloce.http.JsonCodec;
import io.veloce.http.QueryParams;
import io.veloce.http.Request;
import io.veloce.http.State;
import io.veloce.routing.PathParams;
import io.veloce.routing.RouteMatch;
import io.veloce.routing.RouteTable;
import io.veloce.server.Exchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * The {@link Request} handlers see, read lazily from a transport's {@link Exchange}: nothing
 * (query, cookies, URL, state) is parsed until a handler asks for it.
 */
final class ExchangeRequest implements Request {

    private final Exchange exchange;
    private final JsonCodec json;
    private final DependencyOverrides overrides;
    private final Forwarding.Resolver proxies;
    private Forwarding forwarding;
    private final Thread handler = Thread.currentThread(); // the transport dispatches on it
    private DependencyScope dependencies;
    private boolean released;
    private final String rawPath;
    private final String rawQuery;
    private RouteMatch<?> match;
    private String path;
    private QueryParams query;
    private Map<String, String> cookies;
    private State state;

    /**
     * @throws IllegalArgumentException when the request-target is not an absolute path (or an
     *     absolute URL), with a message fit for a 400
     */
    ExchangeRequest(Exchange exchange, JsonCodec json, DependencyOverrides overrides, Forwarding.Resolver proxies) {
        this.exchange = exchange;
        this.json = json;
        this.overrides = overrides;
        this.proxies = proxies;
        String target = exchange.target();
        if (!target.startsWith("/")) {
            target = stripAbsoluteForm(target);
        }
        int question = target.indexOf('?');
        int hash = target.indexOf('#');
        if (hash >= 0 && (question < 0 || hash < question)) {
            throw new IllegalArgumentException("request target must not contain a fragment ('#')");
        }
        this.rawPath = question < 0 ? target : target.substring(0, question);
        this.rawQuery = question < 0 ? null : target.substring(question + 1);
    }

    /** Accepts {@code http://host/path} (RFC 9112 absolute-form) by dropping scheme and authority. */
    private static String stripAbsoluteForm(String target) {
        String lower = target.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            int slash = target.indexOf('/', target.indexOf("//") + 2);
            return slash < 0 ? "/" : target.substring(slash);
        }
        throw new IllegalArgumentException("request target must be an absolute path starting with '/', got '"
                + (target.length() > 64 ? target.substring(0, 64) + "..." : target) + "'");
    }

    String rawPath() {
        return rawPath;
    }

    String rawQuery() {
        return rawQuery;
    }

    void bind(RouteMatch<?> match) {
        this.match = match;
    }

    @Override
    public String method() {
        return exchange.method();
    }

    @Override
    public String protocol() {
        return exchange.protocol();
    }

    @Override
    public String path() {
        if (path == null) {
            path = rawPath.indexOf('%') < 0 ? rawPath : decodeOrRaw(rawPath);
        }
        return path;
    }

    private static String decodeOrRaw(String raw) {
        try {
            return RouteTable.decodePath(raw);
        } catch (IllegalArgumentException malformed) {
            return raw; // routing has answered 400 for it; middleware still gets something to log
        }
    }

    @Override
    public URI url() {
        String scheme = secure() ? "https" : "http";
        String forwardedHost = proxies == null ? null : forwarding().host();
        String host = forwardedHost != null ? forwardedHost : exchange.headers().get("Host");
        String target = rawPath + (rawQuery == null ? "" : "?" + rawQuery);
        if (host != null) {
            try {
                return new URI(scheme + "://" + host + target);
            } catch (URISyntaxException invalidHost) {
                // fall through: a client-chosen Host header must not break url()
            }
        }
        try {
            return new URI(scheme + "://" + exchange.server() + target);
        } catch (URISyntaxException unusualTarget) {
            return URI.create(scheme + "://" + exchange.server() + "/");
        }
    }

    @Override
    public boolean secure() {
        return proxies == null ? exchange.secure() : forwarding().secure();
    }

    /** What the trusted proxies say about the original request; only called when some are configured. */
    private Forwarding forwarding() {
        if (forwarding == null) {
            forwarding = proxies.resolve(exchange);
        }
        return forwarding;
    }

    @Override
    public Headers headers() {
        return exchange.headers();
    }

    @Override
    public QueryParams queryParams() {
        if (query == null) {
            try {
                query = QueryParams.parse(rawQuery);
            } catch (IllegalArgumentException malformed) {
                throw new HttpException(400, "malformed query string: " + malformed.getMessage());
            }
        }
        return query;
    }

    @Override
    public Map<String, String> cookies() {
        if (cookies == null) {
            cookies = Cookies.parse(exchange.headers());
        }
        return cookies;
    }

    @Override
    public ClientAddress client() {
        return proxies == null ? exchange.client() : forwarding().client();
    }

    @Override
    public String pathParam(String name) {
        String value = params().get(name);
        if (value == null) {
            throw new IllegalArgumentException("route " + (match == null ? "(none)" : match.template())
                    + " has no path parameter '" + name + "'");
        }
        return value;
    }

    @Override
    public Map<String, String> pathParams() {
        return params().asMap();
    }

    private PathParams params() {
        return match == null ? PathParams.EMPTY : match.params();
    }

    @Override
    public State state() {
        if (state == null) {
            state = new State();
        }
        return state;
    }

    @Override
    public <T> T dependency(Dependency<T> dependency) {
        return dependencies(this).resolve(dependency);
    }

    /**
     * Returns this connection's dependency scope, created on first use. Only the thread handling
     * the connection may use it: the scope needs no lock that way, and a dependency can never be
     * resolved after its connection's cleanup ran.
     */
    DependencyScope dependencies(Connection connection) {
        if (Thread.currentThread() != handler) {
            throw new IllegalStateException("dependencies are resolved on the thread that handles the request or "
                    + "WebSocket; resolve what other threads need before handing work to them");
        }
        if (released) {
            throw new IllegalStateException("this request or WebSocket is over: its dependencies were released");
        }
        if (dependencies == null) {
            dependencies = new DependencyScope(connection, overrides);
        }
        return dependencies;
    }

    /** Releases the dependencies' resources, last resolved first; after the response or the WebSocket's end. */
    void releaseDependencies() {
        released = true;
        if (dependencies != null) {
            dependencies.close();
        }
    }

    @Override
    public String contentType() {
        return exchange.headers().get("Content-Type");
    }

    @Override
    public byte[] body() {
        return exchange.body();
    }

    @Override
    public String text() {
        return new String(body(), charset());
    }

    private Charset charset() {
        String type = contentType();
        if (type != null) {
            int at = type.toLowerCase(Locale.ROOT).indexOf("charset=");
            if (at >= 0) {
                String name = type.substring(at + 8).split(";")[0].trim().replace("\"", "");
                try {
                    return Charset.forName(name);
                } catch (IllegalArgumentException unknown) {
                    throw new HttpException(415, "unsupported charset '" + name + "'");
                }
            }
        }
        return StandardCharsets.UTF_8;
    }

    @Override
    public <T> T json(Class<T> type) {
        try {
            return json.read(body(), type);
        } catch (JsonCodec.DecodeException e) {
            throw new HttpException(e.malformed() ? 400 : 422, e.getMessage());
        }
    }

    @Override
    public JsonNode json() {
        try {
            return json.readTree(body());
        } catch (JsonCodec.DecodeException e) {
            throw new HttpException(400, e.getMessage());
        }
    }

    @Override
    public QueryParams form() {
        String type = contentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            throw new HttpException(415, "expected an application/x-www-form-urlencoded body, got "
                    + (type == null ? "no Content-Type" : type));
        }
        try {
            return QueryParams.parse(text());
        } catch (IllegalArgumentException malformed) {
            throw new HttpException(400, "malformed form body: " + malformed.getMessage());
        }
    }

    @Override
    public String toString() {
        return method() + " " + rawPath;
    }
}
