package io.veloce.middleware.security;

import io.veloce.http.Connection;
import io.veloce.http.HttpException;
import io.veloce.middleware.Guard;
import io.veloce.middleware.LogText;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses requests whose {@code Host} header names a host the app does not serve, with 400:
 * the defence against Host-header attacks (poisoned password-reset links, cache poisoning, DNS
 * rebinding), for HTTP requests and WebSocket handshakes alike.
 *
 * <pre>{@code
 * app.addMiddleware(new TrustedHostMiddleware(List.of("example.com", "*.example.com")));
 * }</pre>
 *
 * <p>Entries are host names, compared case-insensitively without the port. {@code *.example.com}
 * matches any subdomain of {@code example.com} ({@code api.example.com},
 * {@code a.b.example.com}) but not {@code example.com} itself: list both when both are served.
 * {@code "*"} accepts any host. A missing or repeated {@code Host} header is refused too, and so
 * is any value that is not exactly a host name (one trailing dot allowed) or a bracketed IPv6
 * literal, with an optional port. Each refusal is logged once as a warning.
 */
public final class TrustedHostMiddleware implements Guard {

    private static final Logger log = LoggerFactory.getLogger(TrustedHostMiddleware.class);

    private final List<String> exact;
    private final List<String> suffixes;
    private final boolean any;

    /**
     * Accepts requests for {@code allowedHosts}.
     *
     * @param allowedHosts host names, {@code *.domain} patterns, or {@code "*"}
     * @throws IllegalArgumentException when an entry is empty or has a wildcard elsewhere than a
     *     leading {@code *.}
     */
    public TrustedHostMiddleware(List<String> allowedHosts) {
        Objects.requireNonNull(allowedHosts, "allowedHosts");
        this.any = allowedHosts.contains("*");
        this.exact = allowedHosts.stream()
                .filter(h -> !h.equals("*") && !h.startsWith("*."))
                .map(TrustedHostMiddleware::checked)
                .toList();
        this.suffixes = allowedHosts.stream()
                .filter(h -> h.startsWith("*."))
                .map(h -> "." + checked(h.substring(2)))
                .toList();
    }

    private static String checked(String host) {
        if (host.isEmpty() || host.contains("*")) {
            throw new IllegalArgumentException("not a host name or *.domain pattern: '" + host + "'");
        }
        return host.toLowerCase(Locale.ROOT);
    }

    /**
     * Refuses {@code connection} with 400 unless its one {@code Host} header names a trusted host
     * and, when the app believes a proxy's forwarded host, so does that.
     *
     * @throws HttpException 400 {@code "Invalid host header"}
     */
    @Override
    public void check(Connection connection) {
        if (any) {
            return;
        }
        List<String> hosts = connection.headers().getAll("Host");
        String host = hosts.size() == 1 ? hostName(hosts.get(0)) : null;
        if (host == null || !allowed(host)) {
            log.warn("request refused: Host {} is not trusted ({} {})",
                    hosts.isEmpty() ? "(none)" : LogText.of(String.join(", ", hosts)), connection.method(),
                    LogText.of(connection.path()));
            throw new HttpException(400, "Invalid host header");
        }
        if (connection.headers().contains("X-Forwarded-Host") || connection.headers().contains("Forwarded")) {
            // behind a trusted proxy url() names the host the client addressed: it must be trusted too
            String forwarded = hostName(connection.url().getRawAuthority());
            if (forwarded == null || !allowed(forwarded)) {
                log.warn("request refused: forwarded host {} is not trusted ({} {})",
                        LogText.of(connection.url().getRawAuthority()), connection.method(),
                        LogText.of(connection.path()));
                throw new HttpException(400, "Invalid host header");
            }
        }
    }

    private boolean allowed(String host) {
        if (exact.contains(host)) {
            return true;
        }
        for (String suffix : suffixes) {
            if (host.endsWith(suffix) && host.length() > suffix.length()) {
                return true;
            }
        }
        return false;
    }

    private static final java.util.regex.Pattern NAME =
            java.util.regex.Pattern.compile("([a-z0-9-]+(?:\\.[a-z0-9-]+)*)\\.?(?::[0-9]{1,5})?");
    private static final java.util.regex.Pattern IPV6 =
            java.util.regex.Pattern.compile("(\\[[0-9a-f:.]+\\])(?::[0-9]{1,5})?");

    /**
     * Returns the host of a {@code Host} value, lower case, without port or trailing dot; or
     * {@code null} when the value is not exactly a host name (or bracketed IPv6 literal) and an
     * optional port. Anything else ({@code example.com:@evil.com}, {@code evil.com/.example.com})
     * would be read as another host by URL parsers downstream, so it is refused outright.
     */
    static String hostName(String value) {
        String host = value.trim().toLowerCase(Locale.ROOT);
        java.util.regex.Matcher name = NAME.matcher(host);
        if (name.matches()) {
            return name.group(1);
        }
        java.util.regex.Matcher literal = IPV6.matcher(host);
        return literal.matches() ? literal.group(1) : null;
    }
}
