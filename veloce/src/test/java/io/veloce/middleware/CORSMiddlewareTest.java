package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketTestSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** CORS: preflights answered or refused, simple requests marked or not, caches told, WebSockets untouched. */
class CORSMiddlewareTest {

    private static Veloce app(CORSMiddleware cors) {
        Veloce app = new Veloce();
        app.addMiddleware(cors);
        app.get("/items", req -> "items");
        app.post("/items", req -> "created");
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("open");
            ws.close();
        });
        return app;
    }

    private static final CORSMiddleware STRICT = CORSMiddleware.builder()
            .allowOrigins("https://app.example.com")
            .allowMethods("GET", "POST")
            .allowHeaders("Authorization")
            .exposeHeaders("X-Request-ID")
            .allowCredentials(true)
            .maxAge(Duration.ofMinutes(5))
            .build();

    private static TestResponse preflight(TestClient client, String origin, String method, String headers) {
        return client.options("/items", r -> {
            r.header("Origin", origin).header("Access-Control-Request-Method", method);
            if (headers != null) {
                r.header("Access-Control-Request-Headers", headers);
            }
        });
    }

    @Test
    void anAllowedPreflightIsAnsweredWithoutReachingTheRoutes() {
        try (TestClient client = app(STRICT).testClient()) {
            TestResponse response = preflight(client, "https://app.example.com", "POST", "authorization, content-type");
            assertThat(response.status()).isEqualTo(204);
            assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(response.headers().get("Access-Control-Allow-Methods")).isEqualTo("GET, POST");
            assertThat(response.headers().get("Access-Control-Allow-Headers")).isEqualTo("authorization, content-type");
            assertThat(response.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(response.headers().get("Access-Control-Max-Age")).isEqualTo("300");
            assertThat(response.headers().get("Vary")).isEqualTo("Origin");
        }
    }

    @Test
    void aPreflightFromAForeignOriginIs403WithoutCorsHeaders() {
        try (TestClient client = app(STRICT).testClient()) {
            TestResponse response = preflight(client, "https://evil.example", "POST", null);
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.headers().get("Access-Control-Allow-Origin")).isNull();
            assertThat(response.text()).contains("https://evil.example");
        }
    }

    @Test
    void aPreflightForAMethodOrHeaderNotAllowedIs400NamingIt() {
        try (TestClient client = app(STRICT).testClient()) {
            TestResponse method = preflight(client, "https://app.example.com", "DELETE", null);
            assertThat(method.status()).isEqualTo(400);
            assertThat(method.text()).contains("DELETE");
            TestResponse header = preflight(client, "https://app.example.com", "GET", "X-Secret");
            assertThat(header.status()).isEqualTo(400);
            assertThat(header.text()).contains("X-Secret");
        }
    }

    @Test
    void aRequestFromAnAllowedOriginIsMarkedAndOneFromAnotherIsNot() {
        try (TestClient client = app(STRICT).testClient()) {
            TestResponse allowed = client.get("/items", r -> r.header("Origin", "https://app.example.com"));
            assertThat(allowed.text()).isEqualTo("items");
            assertThat(allowed.headers().get("Access-Control-Allow-Origin")).isEqualTo("https://app.example.com");
            assertThat(allowed.headers().get("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(allowed.headers().get("Access-Control-Expose-Headers")).isEqualTo("X-Request-ID");
            TestResponse foreign = client.get("/items", r -> r.header("Origin", "https://evil.example"));
            assertThat(foreign.text()).isEqualTo("items");
            assertThat(foreign.headers().get("Access-Control-Allow-Origin")).isNull();
            assertThat(foreign.headers().get("Vary")).isEqualTo("Origin");
            assertThat(client.get("/items").headers().get("Vary")).as("caches keyed by origin").isEqualTo("Origin");
        }
    }

    @Test
    void anyOriginIsAStarWithoutCredentialsAndRefusedWithThem() {
        CORSMiddleware open = CORSMiddleware.builder().allowOrigins("*").build();
        try (TestClient client = app(open).testClient()) {
            TestResponse response = client.get("/items", r -> r.header("Origin", "https://anyone.example"));
            assertThat(response.headers().get("Access-Control-Allow-Origin")).isEqualTo("*");
            assertThat(response.headers().get("Vary")).isNull();
        }
        assertThatThrownBy(() -> CORSMiddleware.builder().allowOrigins("*").allowCredentials(true).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("credentials");
    }

    @Test
    void webSocketHandshakesPassThrough() {
        try (TestClient client = app(STRICT).testClient();
                WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.header("Origin", "https://evil.example"))) {
            assertThat(ws.receiveText()).isEqualTo("open");
            assertThat(ws.responseHeaders().get("Access-Control-Allow-Origin")).isNull();
        }
    }

    @Test
    void aPreflightOnTheRealServer() throws Exception {
        Server server = app(STRICT).start(ServerConfig.defaults().port(0));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.port() + "/items"))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(response.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        } finally {
            server.close();
        }
    }
}
