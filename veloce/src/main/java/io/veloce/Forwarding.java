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
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a request looked like before the trusted proxies in front of the app: the client's
 * address, whether it arrived over HTTPS, and the host it addressed ({@code null}: the request's
 * own {@code Host}).
 *
 * <p>Each proxy appends the peer it saw, so the hop list is read from the right: hops are skipped
 * while they are trusted proxies, and the first one that is not is the client. Entries to its
 * left were written by the client itself and are never believed. A hop that is not an IP address
 * (garbage, {@code unknown}, an obfuscated name) stops the walk and the nearest trusted proxy
 * counts as the client: nothing the client wrote becomes its identity.
 */
record Forwarding(ClientAddress client, boolean secure, String host) {

    /** An app's proxy settings, and its memory of when it last reported ignored headers. */
    static final class Resolver {

        private static final Logger log = LoggerFactory.getLogger(TrustedProxies.class);
        private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

        private final TrustedProxies proxies;
        private final AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS);
        private final AtomicLong unreported = new AtomicLong();

        Resolver(TrustedProxies proxies) {
            this.proxies = proxies;
        }

        Forwarding resolve(Exchange exchange) {
            ClientAddress peer = exchange.client();
            Headers headers = exchange.headers();
            if (!proxies.contains(peer.host())) {
                if (headers.contains(proxies.readsForwardedHeader() ? "Forwarded" : "X-Forwarded-For")) {
                    reportIgnored(peer);
                }
                return new Forwarding(peer, exchange.secure(), null);
            }
            return proxies.readsForwardedHeader()
                    ? fromForwarded(proxies, headers, peer, exchange.secure())
                    : fromXForwarded(proxies, headers, peer, exchange.secure());
        }

        /**
         * A spoofing attempt, or a proxy missing from the list: worth a WARN, but not one per
         * request (a misconfigured proxy would send one with every request): one a minute at most.
         */
        private void reportIgnored(ClientAddress peer) {
            long now = System.nanoTime();
            long last = lastReport.get();
            if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
                long more = unreported.getAndSet(0);
                log.warn("forwarding headers from {} ignored: it is not a trusted proxy{}", peer,
                        more == 0 ? "" : " (" + more + " more requests like it in the last minute)");
            } else {
                unreported.incrementAndGet();
            }
        }
    }

    private static Forwarding fromXForwarded(TrustedProxies proxies, Headers headers, ClientAddress peer,
            boolean socketSecure) {
        List<String> chain = new ArrayList<>();
        for (String line : headers.getAll("X-Forwarded-For")) {
            for (String hop : line.split(",")) { // no quoting in this header: a '"' is just garbage
                chain.add(hop.strip());
            }
        }
        ClientAddress client = chain.isEmpty() ? peer : client(proxies, chain, peer);
        // Proto and host are not lists one can align with the hops (most proxies overwrite
        // them), so the last value, the nearest proxy's, is the one to believe.
        boolean secure = scheme(last(headers.getAll("X-Forwarded-Proto")), socketSecure);
        String host = proxies.readsForwardedHost() ? validHost(last(headers.getAll("X-Forwarded-Host"))) : null;
        return new Forwarding(client, secure, host);
    }

    private static Forwarding fromForwarded(TrustedProxies proxies, Headers headers, ClientAddress peer,
            boolean socketSecure) {
        List<String> elements = new ArrayList<>();
        for (String line : headers.getAll("Forwarded")) {
            List<String> parts = splitQuoted(line, ',');
            if (parts == null) {
                return new Forwarding(peer, socketSecure, null); // an unclosed quote: the header is malformed
            }
            for (String part : parts) {
                if (!part.isBlank()) {
                    elements.add(part.strip());
                }
            }
        }
        if (elements.isEmpty()) {
            return new Forwarding(peer, socketSecure, null);
        }
        List<String> fors = new ArrayList<>(elements.size());
        for (String element : elements) {
            String node = parameter(element, "for");
            fors.add(node == null ? "" : node);
        }
        int i = clientIndex(proxies, fors);
        ClientAddress client = hopOrNearestProxy(fors, i, peer);
        String element = elements.get(i);
        String host = proxies.readsForwardedHost() ? validHost(parameter(element, "host")) : null;
        return new Forwarding(client, scheme(parameter(element, "proto"), socketSecure), host);
    }

    private static ClientAddress client(TrustedProxies proxies, List<String> hops, ClientAddress peer) {
        return hopOrNearestProxy(hops, clientIndex(proxies, hops), peer);
    }

    /** Index of the hop to believe: step left from the end while the hop is a trusted proxy. */
    private static int clientIndex(TrustedProxies proxies, List<String> hops) {
        int i = hops.size() - 1;
        while (i > 0) {
            ClientAddress hop = address(hops.get(i));
            if (hop == null || !proxies.contains(hop.host())) {
                break;
            }
            i--;
        }
        return i;
    }

    /** The hop at {@code i} when it is an address; else the proxy that reported it. */
    private static ClientAddress hopOrNearestProxy(List<String> hops, int i, ClientAddress peer) {
        ClientAddress hop = address(hops.get(i));
        if (hop != null) {
            return hop;
        }
        ClientAddress reporter = i + 1 < hops.size() ? address(hops.get(i + 1)) : null;
        return reporter != null ? reporter : peer;
    }

    private static boolean scheme(String proto, boolean fallback) {
        if (proto == null) {
            return fallback;
        }
        return switch (proto.strip().toLowerCase(Locale.ROOT)) {
            case "https", "wss" -> true;
            case "http", "ws" -> false;
            default -> fallback;
        };
    }

    /** A host[:port] fit for a URL, or {@code null} (ignored) for anything a URL parser would misread. */
    static String validHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host.strip();
        if (h.isEmpty() || h.length() > 255) {
            return null;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == ':' || c == '[' || c == ']';
            if (!ok) {
                return null;
            }
        }
        try {
            URI uri = new URI("http://" + h + "/");
            return uri.getHost() != null && h.equals(uri.getRawAuthority()) ? h : null;
        } catch (URISyntaxException invalid) {
            return null;
        }
    }

    /**
     * A node as the headers write it ({@code 192.0.2.1}, {@code 192.0.2.1:4711},
     * {@code [2001:db8::1]:4711}, a bare {@code 2001:db8::1}, quoted in {@code Forwarded});
     * {@code null} when it is not an IP literal.
     */
    static ClientAddress address(String node) {
        String s = node.strip();
        if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
            s = s.substring(1, s.length() - 1);
        }
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
        } else if (s.indexOf(':') > 0 && s.indexOf(':') == s.lastIndexOf(':')) {
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
        List<String> pairs = splitQuoted(element, ';');
        if (pairs == null) {
            return null;
        }
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).strip().equalsIgnoreCase(name)) {
                String value = pair.substring(eq + 1).strip();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    /** Splits on {@code separator} outside double quotes; {@code null} when a quote is left open. */
    private static List<String> splitQuoted(String text, char separator) {
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
        if (quoted) {
            return null;
        }
        parts.add(text.substring(start));
        return parts;
    }

    private static String last(List<String> lines) {
        if (lines.isEmpty()) {
            return null;
        }
        String line = lines.get(lines.size() - 1);
        int comma = line.lastIndexOf(',');
        return comma < 0 ? line : line.substring(comma + 1);
    }
}
