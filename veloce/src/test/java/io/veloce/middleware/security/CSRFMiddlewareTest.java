package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestRequest;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.testsupport.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The signed double-submit cookie: tokens issued on safe requests, unsafe requests refused with
 * a 403 saying why (and one warning) unless header or form field repeat the signed cookie,
 * exempt paths, WebSockets untouched, and the real server.
 */
class CSRFMiddlewareTest {

    private static final byte[] KEY = key('c');

    private static byte[] key(char fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private static Veloce app() {
        Veloce app = new Veloce();
        app.addMiddleware(CSRFMiddleware.builder(KEY).exemptPaths("/webhook").build());
        app.get("/form", CSRFMiddleware::token);
        app.post("/transfer", req -> "transferred");
        app.delete("/account", req -> "deleted");
        app.post("/webhook", req -> "hooked");
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("open");
            ws.close();
        });
        return app;
    }

    /** Fetches the form page and returns the token it embeds, which is also the cookie's. */
    private static String token(TestClient client) {
        String token = client.get("/form").text();
        assertThat(client.cookies().get("csrftoken")).isEqualTo(token);
        return token;
    }

    @Test
    void aSafeRequestGetsATokenCookieThatThePageCanRead() {
        try (TestClient client = app().testClient()) {
            TestResponse page = client.get("/form");
            String token = page.text();
            assertThat(token).matches("[A-Za-z0-9_-]{43}\\.[A-Za-z0-9_-]{43}");
            assertThat(page.header("Set-Cookie")).isEqualTo("csrftoken=" + token + "; Path=/; SameSite=Lax");
            TestResponse again = client.get("/form");
            assertThat(again.text()).as("the cookie's token is kept").isEqualTo(token);
            assertThat(again.header("Set-Cookie")).isNull();
        }
    }

    @Test
    void anUnsafeRequestRepeatingTheTokenInTheHeaderPasses() {
        try (TestClient client = app().testClient()) {
            String token = token(client);
            TestResponse response = client.post("/transfer", r -> r.header("X-CSRF-Token", token));
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("transferred");
            assertThat(client.delete("/account", r -> r.header("X-CSRF-Token", token)).text()).isEqualTo("deleted");
        }
    }

    /** Sessions first, then CSRF: tokens are bound to the session they were issued to. */
    private static Veloce appWithSessions() {
        Veloce app = new Veloce();
        app.addMiddleware(SessionMiddleware.builder(key('s')).build());
        app.addMiddleware(CSRFMiddleware.builder(KEY).build());
        app.get("/form", CSRFMiddleware::token);
        app.post("/transfer", req -> "transferred");
        return app;
    }

    @Test
    void withSessionsATokenWorksForItsOwnSession() {
        try (TestClient client = appWithSessions().testClient()) {
            String token = token(client);
            assertThat(client.cookies()).containsKey("session");
            assertThat(client.post("/transfer", r -> r.header("X-CSRF-Token", token)).status()).isEqualTo(200);
        }
    }

    @Test
    void withSessionsATokenPlantedFromAnotherSessionIs403Invalid() {
        Veloce app = appWithSessions();
        try (TestClient attacker = app.testClient(); TestClient victim = app.testClient()) {
            String attackersToken = token(attacker); // a valid, server-signed token, for the attacker's session
            token(victim);
            // a sibling subdomain (or a plain-HTTP network attacker) overwrites the victim's token cookie
            assertRefused(victim, r -> r.cookie("csrftoken", attackersToken).header("X-CSRF-Token", attackersToken),
                    "invalid");
        }
    }

    @Test
    void anHtmlFormCanSendTheTokenAsAField() {
        try (TestClient client = app().testClient()) {
            String token = token(client);
            assertThat(client.post("/transfer", r -> r.form("csrf_token", token).form("amount", "10")).text())
                    .isEqualTo("transferred");
        }
    }

    @Test
    void aMissingTokenIs403Missing() {
        try (TestClient client = app().testClient()) {
            token(client);
            assertRefused(client, r -> { }, "missing");
            assertRefused(client, r -> r.form("amount", "10"), "missing");
            assertRefused(client, r -> r.header("X-CSRF-Token", ""), "missing");
        }
        String token;
        try (TestClient other = app().testClient()) {
            token = token(other);
        }
        try (TestClient withoutCookie = app().testClient()) {
            assertRefused(withoutCookie, r -> r.header("X-CSRF-Token", token), "missing");
        }
    }

    @Test
    void aTokenOtherThanTheCookiesIs403Mismatch() {
        try (TestClient client = app().testClient(); TestClient other = app().testClient()) {
            token(client);
            String someoneElses = token(other);
            assertRefused(client, r -> r.header("X-CSRF-Token", someoneElses), "mismatch");
            assertRefused(client, r -> r.form("csrf_token", "guess"), "mismatch");
        }
    }

    @Test
    void aForgedTokenInBothCookieAndHeaderIs403Invalid() {
        String random = Base64.getUrlEncoder().withoutPadding().encodeToString(new byte[32]);
        String forged = random + "." + new Signer("veloce-csrf", key('x'), List.of()).sign(random);
        try (TestClient client = app().testClient()) {
            assertRefused(client, r -> r.cookie("csrftoken", forged).header("X-CSRF-Token", forged), "invalid");
            assertRefused(client, r -> r.cookie("csrftoken", "a.b").header("X-CSRF-Token", "a.b"), "invalid");
        }
    }

    private static void assertRefused(TestClient client, Consumer<TestRequest> options,
            String reason) {
        TestResponse response;
        List<String> warnings;
        try (LogCapture logs = LogCapture.start()) {
            response = client.post("/transfer", options);
            warnings = logs.lines(CSRFMiddleware.class);
            assertThat(logs.hasStackTrace()).isFalse();
        }
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.json().get("detail").asText()).isEqualTo("CSRF token " + reason);
        assertThat(warnings).singleElement().asString()
                .contains("WARN", "CSRF check failed: token " + reason, "POST /transfer");
    }

    @Test
    void anInvalidTokenCookieOnASafeRequestIsReplacedWithOneWarning() {
        try (TestClient client = app().testClient(); LogCapture logs = LogCapture.start()) {
            TestResponse page = client.get("/form", r -> r.cookie("csrftoken", "planted.by-attacker"));
            assertThat(page.text()).isNotEqualTo("planted.by-attacker");
            assertThat(client.cookies().get("csrftoken")).isEqualTo(page.text());
            assertThat(logs.lines(CSRFMiddleware.class)).singleElement().asString()
                    .contains("CSRF cookie replaced: token invalid", "GET /form");
        }
    }

    @Test
    void exemptPathsAreNotChecked() {
        try (TestClient client = app().testClient()) {
            assertThat(client.post("/webhook").text()).isEqualTo("hooked");
            assertThat(client.post("/webhook").header("Set-Cookie")).isNull();
        }
    }

    @Test
    void aWebSocketHandshakePassesThroughForTheOriginMiddlewareToCheck() {
        try (TestClient client = app().testClient();
                WebSocketTestSession ws = client.websocketConnect("/ws")) {
            assertThat(ws.receiveText()).isEqualTo("open");
            assertThat(ws.responseHeaders().get("Set-Cookie")).isNull();
        }
    }

    @Test
    void theTokenAccessorSaysWhenThereIsNoMiddleware() {
        Veloce app = new Veloce();
        app.get("/form", CSRFMiddleware::token);
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.get("/form")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("add CSRFMiddleware");
        }
    }

    @Test
    void theCookieIsSecureOverHttpsAndNamesAreSettable() {
        Veloce app = new Veloce();
        app.addMiddleware(CSRFMiddleware.builder(KEY).cookieName("xsrf").headerName("X-XSRF").formField("_xsrf")
                .sameSite(io.veloce.http.SameSite.STRICT).build());
        app.get("/form", CSRFMiddleware::token);
        app.post("/transfer", req -> "transferred");
        try (TestClient client = app.testClient().https(true)) {
            TestResponse page = client.get("/form");
            assertThat(page.header("Set-Cookie")).startsWith("xsrf=").endsWith("; Path=/; Secure; SameSite=Strict");
            assertThat(client.post("/transfer", r -> r.header("X-XSRF", page.text())).status()).isEqualTo(200);
            assertThat(client.post("/transfer", r -> r.form("_xsrf", page.text())).status()).isEqualTo(200);
        }
    }

    @Test
    void withSecureDefaultsTheCookieIsSecureButStillReadableByThePage() {
        Veloce app = app();
        app.useSecureDefaults();
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/form").header("Set-Cookie")).as("behind a TLS proxy the app's defaults decide")
                    .endsWith("; Path=/; Secure; SameSite=Lax").doesNotContain("HttpOnly");
        }
    }

    @Test
    void keysShorterThan32BytesAreRefused() {
        assertThatThrownBy(() -> CSRFMiddleware.builder(new byte[16])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> CSRFMiddleware.builder(KEY).exemptPaths("webhook"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onTheRealServerAPostNeedsTheTokenOfTheCookie() throws Exception {
        try (Server server = app().start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/form")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String cookie = page.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            String token = page.body();

            HttpResponse<String> refused;
            try (LogCapture logs = LogCapture.start()) {
                refused = http.send(HttpRequest.newBuilder(URI.create(base + "/transfer")).header("Cookie", cookie)
                        .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(logs.lines(CSRFMiddleware.class)).singleElement().asString().contains("token missing");
                assertThat(logs.hasStackTrace()).isFalse();
            }
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).isEqualTo("{\"detail\":\"CSRF token missing\"}");

            HttpResponse<String> accepted = http.send(HttpRequest.newBuilder(URI.create(base + "/transfer"))
                    .header("Cookie", cookie).header("X-CSRF-Token", token)
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).isEqualTo(200);
            assertThat(accepted.body()).isEqualTo("transferred");
        }
    }
}
