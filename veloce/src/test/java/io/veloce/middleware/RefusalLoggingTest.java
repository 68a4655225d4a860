package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.http.TrustedProxies;
import io.veloce.middleware.security.RateLimitMiddleware;
import io.veloce.middleware.security.TrustedHostMiddleware;
import io.veloce.middleware.security.WebSocketOriginMiddleware;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketDenied;
import io.veloce.testsupport.LogCapture;
import io.veloce.websocket.WebSocketDisconnect;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each kind of hostile input is answered as documented and leaves exactly one log line, without a
 * stack trace, and client-chosen text in that line cannot forge another one.
 */
class RefusalLoggingTest {

    private static Veloce app() {
        Veloce app = new Veloce();
        app.get("/{any}", req -> "ok");
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.close();
        });
        return app;
    }

    @Test
    void aPreflightFromAForeignOriginIs403AndOneWarning() {
        Veloce app = app();
        app.addMiddleware(CORSMiddleware.builder().allowOrigins("https://app.example").build());
        try (LogCapture log = LogCapture.start(); TestClient client = app.testClient()) {
            TestResponse response = client.options("/items", r -> r.header("Origin", "https://evil.example")
                    .header("Access-Control-Request-Method", "POST"));
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.header("Access-Control-Allow-Origin")).isNull();
            assertThat(log.lines(CORSMiddleware.class)).singleElement().asString()
                    .contains("WARN", "CORS origin not allowed: https://evil.example");
            assertThat(log.hasStackTrace()).isFalse();
        }
    }

    @Test
    void aHostNotInTheListIs400AndOneWarningWhoseForgedLineBreakIsDefused() {
        Veloce app = app();
        app.addMiddleware(new TrustedHostMiddleware(List.of("example.com")));
        try (LogCapture log = LogCapture.start(); TestClient client = app.testClient()) {
            TestResponse response = client.get("/x%0AINFO%20forged", r -> r.header("Host", "evil.example"));
            assertThat(response.status()).isEqualTo(400);
            assertThat(log.lines(TrustedHostMiddleware.class)).singleElement().asString()
                    .contains("WARN", "Host evil.example is not trusted", "/x?INFO forged")
                    .doesNotContain("\n");
            assertThat(log.hasStackTrace()).isFalse();
        }
    }

    @Test
    void aWebSocketHandshakeOverTheRateLimitIs429AndOneWarning() {
        Veloce app = app();
        app.addMiddleware(new RateLimitMiddleware(1, Duration.ofHours(1)));
        try (LogCapture log = LogCapture.start(); TestClient client = app.testClient()) {
            client.websocketConnect("/ws").close();
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class, () -> client.websocketConnect("/ws"));
            assertThat(denied.status()).isEqualTo(429);
            assertThat(log.lines(RateLimitMiddleware.class)).singleElement().asString()
                    .contains("WARN", "rate limit exceeded by testclient", "GET /ws");
            assertThat(log.hasStackTrace()).isFalse();
        }
    }

    @Test
    void aCrossOriginWebSocketHandshakeIsRefusedAndOneWarning() {
        Veloce app = app();
        app.addMiddleware(new WebSocketOriginMiddleware(List.of("https://app.example")));
        try (LogCapture log = LogCapture.start(); TestClient client = app.testClient()) {
            WebSocketDisconnect refused = catchThrowableOfType(WebSocketDisconnect.class,
                    () -> client.websocketConnect("/ws", r -> r.header("Origin", "https://evil.example")));
            assertThat(refused.code()).isEqualTo(1008);
            assertThat(log.lines(WebSocketOriginMiddleware.class)).singleElement().asString()
                    .contains("WARN", "origin https://evil.example is not allowed for /ws");
            assertThat(log.hasStackTrace()).isFalse();
        }
    }

    @Test
    void aSpoofedXForwardedForFromAnUntrustedPeerIsIgnoredWithOneWarningAMinuteAtMost() {
        Veloce app = app();
        app.trustedProxies(TrustedProxies.of("10.0.0.7"));
        app.get("/who", req -> req.client().host());
        try (LogCapture log = LogCapture.start();
                TestClient client = app.testClient().clientAddress("198.51.100.4", 4000)) {
            for (int i = 0; i < 3; i++) {
                assertThat(client.get("/who", r -> r.header("X-Forwarded-For", "10.0.0.1")).text())
                        .isEqualTo("198.51.100.4");
            }
            assertThat(log.lines(TrustedProxies.class)).as("a misconfigured proxy must not flood the log")
                    .singleElement().asString()
                    .contains("WARN forwarding headers from 198.51.100.4:4000 ignored: it is not a trusted proxy");
        }
    }
}
