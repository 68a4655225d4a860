package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.TrustedProxies;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketDenied;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.testsupport.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Plain HTTP is sent to HTTPS, plain ws:// is refused, and only a trusted proxy can say "this was HTTPS". */
class HTTPSRedirectMiddlewareTest {

    private static Veloce app(HTTPSRedirectMiddleware redirect) {
        Veloce app = new Veloce();
        app.addMiddleware(redirect);
        app.get("/orders", req -> "orders");
        app.post("/orders", req -> "created");
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("secure");
            ws.close();
        });
        return app;
    }

    @Test
    void aPlainRequestIsRedirectedPermanentlyToTheSameURLOverHttps() {
        try (TestClient client = app(new HTTPSRedirectMiddleware()).testClient()) {
            TestResponse response = client.get("/orders?page=2&sort=a%20b",
                    r -> r.header("Host", "shop.example:8080"));
            assertThat(response.status()).isEqualTo(308);
            assertThat(response.header("Location")).isEqualTo("https://shop.example/orders?page=2&sort=a%20b");
        }
    }

    @Test
    void theStatusAndHttpsPortCanBeChosen() {
        try (TestClient client = app(new HTTPSRedirectMiddleware(307, 8443)).testClient()) {
            TestResponse response = client.post("/orders", r -> r.header("Host", "shop.example"));
            assertThat(response.status()).as("307 keeps the POST and its body").isEqualTo(307);
            assertThat(response.header("Location")).isEqualTo("https://shop.example:8443/orders");
        }
        assertThatThrownBy(() -> new HTTPSRedirectMiddleware(301, 443))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("307 or 308");
    }

    @Test
    void aHostThatCannotBeARedirectTargetIs400() {
        try (TestClient client = app(new HTTPSRedirectMiddleware()).testClient()) {
            assertThat(client.get("/orders", r -> r.header("Host", "my_host")).status()).isEqualTo(400);
            assertThat(client.get("/orders", r -> r.header("Host", "a b")).status()).isEqualTo(400);
            TestResponse ipv6 = client.get("/orders", r -> r.header("Host", "[2001:db8::1]:8080"));
            assertThat(ipv6.header("Location")).isEqualTo("https://[2001:db8::1]/orders");
        }
    }

    @Test
    void aSecureRequestGoesThrough() {
        try (TestClient client = app(new HTTPSRedirectMiddleware()).testClient().https(true)) {
            assertThat(client.get("/orders").text()).isEqualTo("orders");
        }
    }

    @Test
    void aPlainWebSocketHandshakeIsRefusedWith403AndLoggedOnce() {
        try (LogCapture log = LogCapture.info(HTTPSRedirectMiddleware.class);
                TestClient client = app(new HTTPSRedirectMiddleware()).testClient()) {
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class, () -> client.websocketConnect("/ws"));
            assertThat(denied.status()).isEqualTo(403);
            assertThat(denied.response().text()).contains("wss://");
            assertThat(log.messages()).singleElement().asString().contains("plain ws://").contains("/ws");
        }
    }

    @Test
    void aSecureWebSocketHandshakeGoesThrough() {
        try (TestClient client = app(new HTTPSRedirectMiddleware()).testClient().https(true);
                WebSocketTestSession ws = client.websocketConnect("/ws")) {
            assertThat(ws.receiveText()).isEqualTo("secure");
        }
    }

    @Test
    void behindATrustedTlsProxyItsForwardedProtoCounts() {
        Veloce app = app(new HTTPSRedirectMiddleware()).trustedProxies(TrustedProxies.of("10.0.0.7"));
        try (TestClient client = app.testClient().clientAddress("10.0.0.7", 4000)) {
            assertThat(client.get("/orders", r -> r.header("X-Forwarded-Proto", "https")).status()).isEqualTo(200);
            assertThat(client.get("/orders", r -> r.header("X-Forwarded-Proto", "http")).status()).isEqualTo(308);
        }
    }

    @Test
    void aForwardedProtoFromAnUntrustedPeerIsNotBelieved() {
        Veloce app = app(new HTTPSRedirectMiddleware()).trustedProxies(TrustedProxies.of("10.0.0.7"));
        try (TestClient client = app.testClient().clientAddress("203.0.113.5", 4000)) {
            assertThat(client.get("/orders", r -> r.header("X-Forwarded-Proto", "https")).status()).isEqualTo(308);
        }
    }

    @Test
    void onTheRealServerAPlainRequestGets308AndATrustedProxyHeaderGetsThrough() throws Exception {
        Veloce app = app(new HTTPSRedirectMiddleware()).trustedProxies(TrustedProxies.of("127.0.0.1"));
        try (Server server = app.start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            URI url = URI.create("http://127.0.0.1:" + server.port() + "/orders?page=2");
            HttpResponse<String> redirected = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(redirected.statusCode()).isEqualTo(308);
            assertThat(redirected.headers().firstValue("Location")).hasValue("https://127.0.0.1/orders?page=2");
            HttpResponse<String> forwarded = http.send(HttpRequest.newBuilder(url)
                    .header("X-Forwarded-Proto", "https").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(forwarded.statusCode()).isEqualTo(200);
            assertThat(forwarded.body()).isEqualTo("orders");
        }
    }
}
