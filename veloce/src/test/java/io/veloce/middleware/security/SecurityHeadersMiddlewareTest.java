package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.CookieOptions;
import io.veloce.http.Response;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketTestSession;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The OWASP header set, its settings, and {@code app.useSecureDefaults()}. */
class SecurityHeadersMiddlewareTest {

    private static Veloce app(SecurityHeadersMiddleware middleware) {
        Veloce app = new Veloce();
        app.addMiddleware(middleware);
        app.get("/", req -> "home");
        app.get("/framed", req -> Response.text("widget").header("X-Frame-Options", "SAMEORIGIN"));
        return app;
    }

    @Test
    void everyResponseGetsTheDefaultSetErrorsIncluded() {
        try (TestClient client = app(new SecurityHeadersMiddleware()).testClient()) {
            for (TestResponse response : new TestResponse[] {client.get("/"), client.get("/missing")}) {
                assertThat(response.headers().get("X-Content-Type-Options")).isEqualTo("nosniff");
                assertThat(response.headers().get("X-Frame-Options")).isEqualTo("DENY");
                assertThat(response.headers().get("Referrer-Policy")).isEqualTo("strict-origin-when-cross-origin");
                assertThat(response.headers().get("Cross-Origin-Opener-Policy")).isEqualTo("same-origin");
                assertThat(response.headers().get("Content-Security-Policy")).isNull();
            }
        }
    }

    @Test
    void theHeadersAreListedInTheOrderTheyAreSent() {
        SecurityHeadersMiddleware custom = new SecurityHeadersMiddleware().with("Content-Security-Policy", "default-src 'self'")
                .with("Permissions-Policy", "camera=()");
        assertThat(custom.headers().keySet()).endsWith("Content-Security-Policy", "Permissions-Policy")
                .startsWith("X-Content-Type-Options");
    }

    @Test
    void strictTransportSecurityIsSentOnHttpsOnly() {
        try (TestClient client = app(new SecurityHeadersMiddleware()).testClient()) {
            assertThat(client.get("/").headers().get("Strict-Transport-Security")).isNull();
            assertThat(client.https(true).get("/").headers().get("Strict-Transport-Security"))
                    .isEqualTo("max-age=31536000");
        }
    }

    @Test
    void strictTransportSecuritySetInAnyCaseStaysHttpsOnly() {
        SecurityHeadersMiddleware custom = new SecurityHeadersMiddleware()
                .with("strict-transport-security", "max-age=63072000");
        try (TestClient client = app(custom).testClient()) {
            assertThat(client.get("/").headers().get("Strict-Transport-Security")).isNull();
            assertThat(client.https(true).get("/").headers().get("Strict-Transport-Security"))
                    .isEqualTo("max-age=63072000");
        }
    }

    @Test
    void cookieDefaultsSetAfterUseSecureDefaultsStaySecure() {
        Veloce app = new Veloce();
        app.useSecureDefaults().cookieDefaults(CookieOptions.defaults().path("/app"));
        app.get("/login", req -> Response.text("ok").cookie("session", "s1"));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/login").headers().get("Set-Cookie"))
                    .contains("Path=/app", "Secure", "HttpOnly", "SameSite=Lax");
        }
    }

    @Test
    void aHeaderTheHandlerSetIsNotOverwritten() {
        try (TestClient client = app(new SecurityHeadersMiddleware()).testClient()) {
            assertThat(client.get("/framed").headers().getAll("X-Frame-Options")).containsExactly("SAMEORIGIN");
        }
    }

    @Test
    void eachHeaderCanBeSetOrRemoved() {
        SecurityHeadersMiddleware custom = new SecurityHeadersMiddleware()
                .with("Content-Security-Policy", "default-src 'self'")
                .with("x-frame-options", "SAMEORIGIN")
                .without("Referrer-Policy");
        try (TestClient client = app(custom).testClient()) {
            TestResponse response = client.get("/");
            assertThat(response.headers().get("Content-Security-Policy")).isEqualTo("default-src 'self'");
            assertThat(response.headers().getAll("X-Frame-Options")).containsExactly("SAMEORIGIN");
            assertThat(response.headers().get("Referrer-Policy")).isNull();
        }
        assertThatThrownBy(() -> new SecurityHeadersMiddleware().with("X-Bad", "a\r\nSet-Cookie: x=1"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theHeadersReachTheWireOnTheRealServer() throws Exception {
        Server server = app(new SecurityHeadersMiddleware()).start(ServerConfig.defaults().port(0));
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(response.headers().firstValue("X-Frame-Options")).hasValue("DENY");
            assertThat(response.headers().firstValue("Strict-Transport-Security")).isEmpty();
        } finally {
            server.close();
        }
    }

    @Test
    void useSecureDefaultsSetsCookieDefaultsAndTheHeadersOnceAndNoOriginPolicy() {
        Veloce app = new Veloce();
        app.useSecureDefaults().useSecureDefaults();
        app.get("/login", req -> Response.text("ok").cookie("session", "s1"));
        app.get("/prefs", req -> Response.text("ok").cookie("theme", "dark", CookieOptions.defaults().httpOnly(false)));
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("reached");
            ws.close();
        });
        try (TestClient client = app.testClient()) {
            TestResponse login = client.get("/login");
            assertThat(login.headers().get("Set-Cookie")).contains("Secure", "HttpOnly", "SameSite=Lax");
            assertThat(login.headers().getAll("X-Content-Type-Options")).as("registered once").containsExactly("nosniff");
            assertThat(client.get("/prefs").headers().get("Set-Cookie")).as("explicit options win")
                    .contains("Secure", "SameSite=Lax").doesNotContain("HttpOnly");
            try (WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.header("Origin", "https://evil.example"))) {
                assertThat(ws.receiveText()).as("useSecureDefaults adds no WebSocket Origin policy").isEqualTo("reached");
            }
        }
    }

    @Test
    void theTestClientSendsSecureCookiesOverHttpsOnlyLikeABrowser() {
        Veloce app = new Veloce();
        app.useSecureDefaults();
        app.get("/login", req -> Response.text("ok").cookie("session", "s1"));
        app.get("/who", req -> String.valueOf(req.cookies().get("session")));
        try (TestClient client = app.testClient()) {
            client.get("/login");
            assertThat(client.get("/who").text()).isEqualTo("null");
            assertThat(client.https(true).get("/who").text()).isEqualTo("s1");
        }
    }
}
