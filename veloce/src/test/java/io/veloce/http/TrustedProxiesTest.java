package io.veloce.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.middleware.security.RateLimitMiddleware;
import io.veloce.testing.TestClient;
import io.veloce.testing.WebSocketTestSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forwarding headers are believed only from configured proxies, and then describe the original
 * request to handlers, middleware and WebSockets alike.
 */
class TrustedProxiesTest {

    private static final String PROXY = "10.0.0.7";

    /** An app that reports what it believes about the request. */
    private static Veloce app(TrustedProxies proxies) {
        Veloce app = new Veloce();
        if (proxies != null) {
            app.trustedProxies(proxies);
        }
        app.get("/who", req -> Map.of("client", req.client().host(), "secure", req.secure(),
                "url", req.url().toString()));
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText(ws.client().host() + " " + ws.url());
            ws.close();
        });
        return app;
    }

    private static Map<?, ?> who(TestClient client, String... headers) {
        return client.get("/who?x=1", r -> {
            for (int i = 0; i < headers.length; i += 2) {
                r.header(headers[i], headers[i + 1]);
            }
        }).json(Map.class);
    }

    @Test
    void entriesAreAddressesOrBlocksOfEitherFamily() {
        TrustedProxies proxies = TrustedProxies.of("10.0.0.0/8", "192.168.1.1", "fd00::/8", "::1");
        assertThat(proxies.contains("10.200.3.4")).isTrue();
        assertThat(proxies.contains("11.0.0.1")).isFalse();
        assertThat(proxies.contains("192.168.1.1")).isTrue();
        assertThat(proxies.contains("192.168.1.2")).isFalse();
        assertThat(proxies.contains("fd12:3456::1")).isTrue();
        assertThat(proxies.contains("fe80::1")).isFalse();
        assertThat(proxies.contains("::1")).isTrue();
        assertThat(proxies.contains("::ffff:10.1.1.1")).as("an IPv4-mapped IPv6 peer").isTrue();
        assertThat(proxies.contains("localhost")).as("never a name").isFalse();
        assertThat(proxies.contains("10.1")).as("no inet_aton shorthands").isFalse();
        assertThat(TrustedProxies.of("10.1.2.3/20").contains("10.1.15.255")).isTrue();
        assertThat(TrustedProxies.of("10.1.2.3/20").contains("10.1.16.0")).isFalse();
    }

    @Test
    void hostNamesAndImpossiblePrefixesAreRefusedAtConfiguration() {
        assertThatThrownBy(() -> TrustedProxies.of("proxy.internal"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host names are not accepted");
        assertThatThrownBy(() -> TrustedProxies.of("10.0.0.0/33"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0..32");
        assertThatThrownBy(() -> TrustedProxies.of("256.0.0.1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withoutTrustedProxiesForwardingHeadersAreIgnored() {
        try (TestClient client = app(null).testClient().clientAddress(PROXY, 4000)) {
            Map<?, ?> seen = who(client, "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "shop.example");
            assertThat(seen.get("client")).isEqualTo(PROXY);
            assertThat(seen.get("secure")).isEqualTo(false);
            assertThat(seen.get("url")).isEqualTo("http://testserver/who?x=1");
        }
    }

    @Test
    void aSpoofedXForwardedForFromAnUntrustedPeerIsIgnored() {
        try (TestClient client = app(TrustedProxies.of(PROXY)).testClient().clientAddress("198.51.100.4", 4000)) {
            Map<?, ?> seen = who(client, "X-Forwarded-For", "1.2.3.4", "X-Forwarded-Proto", "https");
            assertThat(seen.get("client")).isEqualTo("198.51.100.4");
            assertThat(seen.get("secure")).isEqualTo(false);
        }
    }

    @Test
    void aTrustedProxyGivesTheClientSchemeAndHost() {
        try (TestClient client = app(TrustedProxies.of(PROXY).withForwardedHost()).testClient()
                .clientAddress(PROXY, 4000)) {
            Map<?, ?> seen = who(client, "X-Forwarded-For", "203.0.113.9", "X-Forwarded-Proto", "https",
                    "X-Forwarded-Host", "shop.example");
            assertThat(seen.get("client")).isEqualTo("203.0.113.9");
            assertThat(seen.get("secure")).isEqualTo(true);
            assertThat(seen.get("url")).isEqualTo("https://shop.example/who?x=1");
        }
    }

    @Test
    void theChainIsReadFromTheRightSoAClientCannotPrependItsOwnAddress() {
        try (TestClient client = app(TrustedProxies.of("10.0.0.0/8")).testClient().clientAddress(PROXY, 4000)) {
            // the client sent "X-Forwarded-For: 1.1.1.1"; the edge proxy appended the real peer,
            // an inner proxy (10.0.0.3) appended the edge's address
            Map<?, ?> seen = who(client, "X-Forwarded-For", "1.1.1.1, 203.0.113.9, 10.0.0.3");
            assertThat(seen.get("client")).isEqualTo("203.0.113.9");
        }
    }

    @Test
    void theForwardedHostIsBelievedOnlyWhenAskedFor() {
        try (TestClient client = app(TrustedProxies.of(PROXY)).testClient().clientAddress(PROXY, 4000)) {
            Map<?, ?> seen = who(client, "X-Forwarded-Host", "evil.example", "Host", "shop.example");
            assertThat(seen.get("url")).isEqualTo("http://shop.example/who?x=1");
        }
    }

    @Test
    void theStandardForwardedHeaderIsReadOnlyWhenChosenAndThenTheXForwardedOnesAreNot() {
        TrustedProxies rfc7239 = TrustedProxies.of(PROXY).useForwardedHeader().withForwardedHost();
        try (TestClient client = app(rfc7239).testClient().clientAddress(PROXY, 4000)) {
            Map<?, ?> seen = who(client, "Forwarded", "for=\"[2001:db8::17]:4711\";proto=https;host=app.example",
                    "X-Forwarded-For", "9.9.9.9");
            assertThat(seen.get("client")).isEqualTo("2001:db8::17");
            assertThat(seen.get("secure")).isEqualTo(true);
            assertThat(seen.get("url")).isEqualTo("https://app.example/who?x=1");
        }
    }

    @Test
    void aForwardedHeaderTheClientWroteIsIgnoredBehindAnXForwardedProxy() {
        // an ALB or a plain nginx appends X-Forwarded-For and passes any other header on untouched
        try (TestClient client = app(TrustedProxies.of(PROXY)).testClient().clientAddress(PROXY, 4000)) {
            Map<?, ?> seen = who(client, "Forwarded", "for=1.2.3.4;proto=https;host=evil.example",
                    "X-Forwarded-For", "203.0.113.9");
            assertThat(seen.get("client")).isEqualTo("203.0.113.9");
            assertThat(seen.get("secure")).isEqualTo(false);
            assertThat(seen.get("url")).isEqualTo("http://testserver/who?x=1");
        }
    }

    @Test
    void hopsThatAreNotAddressesNeverBecomeTheClient() {
        try (TestClient client = app(TrustedProxies.of("10.0.0.0/8")).testClient().clientAddress(PROXY, 4000)) {
            // a '"' has no meaning in X-Forwarded-For: it must not glue the proxy's hop to the client's text
            assertThat(who(client, "X-Forwarded-For", "\"x1, 203.0.113.9").get("client")).isEqualTo("203.0.113.9");
            assertThat(who(client, "X-Forwarded-For", "a:b.attacker.example").get("client"))
                    .as("garbage where the client should be: the proxy that reported it counts").isEqualTo(PROXY);
            assertThat(who(client, "X-Forwarded-For", "unknown, 10.0.0.3").get("client")).isEqualTo("10.0.0.3");
        }
        TrustedProxies rfc7239 = TrustedProxies.of(PROXY).useForwardedHeader();
        try (TestClient client = app(rfc7239).testClient().clientAddress(PROXY, 4000)) {
            assertThat(who(client, "Forwarded", "for=\"x, for=203.0.113.9").get("client"))
                    .as("an unclosed quote makes the header malformed").isEqualTo(PROXY);
            assertThat(who(client, "Forwarded", "for=_hidden;proto=https").get("client")).isEqualTo(PROXY);
        }
    }

    @Test
    void aForwardedHostAURLParserWouldMisreadIsIgnored() {
        try (TestClient client = app(TrustedProxies.of(PROXY).withForwardedHost()).testClient()
                .clientAddress(PROXY, 4000)) {
            Map<?, ?> seen = who(client, "X-Forwarded-Host", "example.com:@evil.com", "Host", "shop.example");
            assertThat(seen.get("url")).isEqualTo("http://shop.example/who?x=1");
        }
    }

    @Test
    void aWebSocketSeesTheForwardedClientAndWssScheme() {
        try (TestClient client = app(TrustedProxies.of(PROXY)).testClient().clientAddress(PROXY, 4000);
                WebSocketTestSession ws = client.websocketConnect("/ws", r -> r
                        .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https"))) {
            assertThat(ws.receiveText()).isEqualTo("203.0.113.9 wss://testserver/ws");
        }
    }

    @Test
    void rateLimitsCountTheForwardedClientNotTheProxy() {
        Veloce app = app(TrustedProxies.of(PROXY));
        app.addMiddleware(new RateLimitMiddleware(1, Duration.ofHours(1)));
        try (TestClient client = app.testClient().clientAddress(PROXY, 4000)) {
            assertThat(client.get("/who", r -> r.header("X-Forwarded-For", "203.0.113.1")).status()).isEqualTo(200);
            assertThat(client.get("/who", r -> r.header("X-Forwarded-For", "203.0.113.2")).status())
                    .as("another client behind the same proxy has its own bucket").isEqualTo(200);
            assertThat(client.get("/who", r -> r.header("X-Forwarded-For", "203.0.113.1")).status()).isEqualTo(429);
        }
    }

    @Test
    void onTheRealServerOnlyTheTrustedLoopbackPeerIsBelieved() throws Exception {
        try (Server trusting = app(TrustedProxies.of("127.0.0.1")).start(ServerConfig.defaults().port(0));
                Server distrusting = app(TrustedProxies.of("10.0.0.0/8")).start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            for (Server server : new Server[] {trusting, distrusting}) {
                HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/who"))
                        .header("X-Forwarded-For", "203.0.113.9").header("X-Forwarded-Proto", "https").build();
                String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                if (server == trusting) {
                    assertThat(body).contains("\"client\":\"203.0.113.9\"").contains("\"secure\":true");
                } else {
                    assertThat(body).contains("\"client\":\"127.0.0.1\"").contains("\"secure\":false");
                }
            }
        }
    }
}
