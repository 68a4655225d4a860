package io.veloce;

import io.veloce.http.ClientAddress;
import io.veloce.http.Headers;
import io.veloce.http.TrustedProxies;
import io.veloce.server.Exchange;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request looked like before the trusted proxies in front of the app: the client's
 * address, whether it arrived over HTTPS, and the host it addressed ({@code null}: the request's
 * own {@code Host}).
 *
 * <p>Each proxy appends the peer it saw, so the list is read from the right: hops are skipped
 * while they are trusted proxies, and the first one that is not is the client. Entries to its
 * left were written by the client itself and are never believed.
 */
record Forwarding(ClientAddress client, boolean secure, String host) {

    private static final Logger log = LoggerFactory.getLogger(TrustedProxies.class);

    static Forwarding resolve(TrustedProxies proxies, Exchange exchange) {
        ClientAddress peer = exchange.client();
        Headers headers = exchange.headers();
        if (!proxies.contains(peer.host())) {
            if (log.isDebugEnabled() && (headers.contains("X-Forwarded-For") || headers.contains("Forwarded"))) {
                // DEBUG, not WARN: a misconfigured proxy would log this on every request
                log.debug("forwarding headers ignored: {} is not a trusted proxy", peer);
            }
            return new Forwarding(peer, exchange.secure(), null);
        }
        List<String> forwarded = elements(headers.getAll("Forwarded"));
        if (!forwarded.isEmpty()) {
            return fromForwarded(proxies, forwarded, peer, exchange.secure());
        }
        List<String> chain = elements(headers.getAll("X-Forwarded-For"));
        ClientAddress client = peer;
        if (!chain.isEmpty()) {
            int i = outermostTrusted(proxies, chain);
            ClientAddress hop = address(chain.get(i));
            client = hop != null ? hop : new ClientAddress(unquote(chain.get(i)), 0);
        }
        // Proto and Host are not lists one can align with the hops (most proxies overwrite
        // them), so the nearest proxy's value, the last one, is the one to believe.
        boolean secure = scheme(last(elements(headers.getAll("X-Forwarded-Proto"))), exchange.secure());
        return new Forwarding(client, secure, validHost(last(elements(headers.getAll("X-Forwarded-Host")))));
    }

    private static Forwarding fromForwarded(TrustedProxies proxies, List<String> elements, ClientAddress peer,
            boolean socketSecure) {
        List<String> fors = new ArrayList<>(elements.size());
        for (String element : elements) {
            fors.add(parameter(element, "for"));
        }
        int i = outermostTrusted(proxies, fors);
        String element = elements.get(i);
        String node = fors.get(i);
        ClientAddress client = node == null ? peer : address(node);
        if (client == null) {
            client = new ClientAddress(node, 0); // "unknown" or an obfuscated identifier (RFC 7239 §6)
        }
        return new Forwarding(client, scheme(parameter(element, "proto"), socketSecure),
                validHost(parameter(element, "host")));
    }

    /** Index of the hop to believe: step left from the end while the hop is a trusted proxy. */
    private static int outermostTrusted(TrustedProxies proxies, List<String> hops) {
        int i = hops.size() - 1;
        while (i > 0) {
            ClientAddress hop = hops.get(i) == null ? null : address(hops.get(i));
            if (hop == null || !proxies.contains(hop.host())) {
                break;
            }
            i--;
        }
        return i;
    }

    private static boolean scheme(String proto, boolean fallback) {
        if (proto == null) {
            return fallback;
        }
        return switch (proto.toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> true;
            case "http", "ws" -> false;
            default -> fallback;
        };
    }

    /** A host[:port] fit for a URL, or {@code null} (ignored) for anything a URL parser would misread. */
    static String validHost(String host) {
        if (host == null || host.isEmpty() || host.length() > 255) {
            return null;
        }
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
            if (!ok) {
                return null;
            }
        }
        try {
            URI uri = new URI("http://" + host + "/");
            return uri.getHost() != null && host.equals(uri.getRawAuthority()) ? host : null;
        } catch (URISyntaxException invalid) {
            return null;
        }
    }

    /**
     * A node as the headers write it ({@code 192.0.2.1}, {@code 192.0.2.1:4711},
     * {@code [2001:db8::1]:4711}, a bare {@code 2001:db8::1}, quoted or not); {@code null} when
     * it is not an IP literal.
     */
    static ClientAddress address(String node) {
        String s = unquote(node);
        int port = 0;
        String host = s;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            host = s.substring(1, close);
            if (close + 1 < s.length()) {
                if (s.charAt(close + 1) != ':') {
                    return null;
                }
                port = port(s.substring(close + 2));
            }
        } else if (s.indexOf(':') == s.lastIndexOf(':') && s.indexOf(':') > 0) {
            host = s.substring(0, s.indexOf(':'));
            port = port(s.substring(s.indexOf(':') + 1));
        }
        if (port < 0 || !TrustedProxies.isIpLiteral(host)) {
            return null;
        }
        return new ClientAddress(host, port);
    }

    private static int port(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : -1;
    }

    /** The value of {@code name=} in one {@code Forwarded} element, unquoted; {@code null} when absent. */
    private static String parameter(String element, String name) {
        for (String pair : split(element, ';')) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase(name)) {
                return unquote(pair.substring(eq + 1).strip());
            }
        }
        return null;
    }

    /** All comma-separated entries of every line of a header, in order. */
    private static List<String> elements(List<String> lines) {
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        for (String line : lines) {
            for (String part : split(line, ',')) {
                String entry = part.strip();
                if (!entry.isEmpty()) {
                    all.add(entry);
                }
            }
        }
        return all;
    }

    /** Splits on {@code separator} outside double quotes. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        boolean quoted = false;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == separator && !quoted) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String unquote(String value) {
        String s = value.strip();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    private static String last(List<String> values) {
        return values.isEmpty() ? null : values.get(values.size() - 1);
    }
}
