package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.middleware.RequestIDMiddleware;
import io.veloce.middleware.security.TrustedHostMiddleware;
import io.veloce.server.RawHttp.RawResponse;
import io.veloce.testsupport.LeakCheck;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Middleware on the real server, with raw requests a normal client would not send. */
@ExtendWith(LeakCheck.class)
class MiddlewareWireTest {

    private static Server server;

    @BeforeAll
    static void start() {
        Veloce app = new Veloce();
        app.addMiddleware(new RequestIDMiddleware());
        app.addMiddleware(new TrustedHostMiddleware(List.of("example.com")));
        app.get("/", req -> "ok");
        server = app.start(ServerConfig.defaults().port(0));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aForeignHostIsRefusedWith400AndStillGetsARequestId() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse refused = http.send("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n").read();
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("X-Request-ID")).isNotEmpty();
            RawResponse allowed = http.send("GET / HTTP/1.1\r\nHost: example.com:8080\r\nX-Request-ID: r-1\r\n\r\n")
                    .read();
            assertThat(allowed.status()).isEqualTo(200);
            assertThat(allowed.header("X-Request-ID")).isEqualTo("r-1");
        }
    }

    @Test
    void aWebSocketHandshakeOverTheRateLimitIs429OnTheWire() throws IOException {
        Veloce app = new Veloce();
        app.addMiddleware(new io.veloce.middleware.security.RateLimitMiddleware(1, java.time.Duration.ofHours(1)));
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.close();
        });
        String handshake = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
        try (Server own = app.start(ServerConfig.defaults().port(0))) {
            try (RawHttp first = new RawHttp(own.port())) {
                assertThat(first.send(handshake).read(true).status()).isEqualTo(101);
            }
            try (RawHttp second = new RawHttp(own.port())) {
                RawResponse refused = second.send(handshake).read();
                assertThat(refused.status()).isEqualTo(429);
                assertThat(refused.header("Retry-After")).isNotEmpty();
                assertThat(refused.header("Upgrade")).isNull();
            }
        }
    }

    @Test
    void aDateTheHandlerSetIsSentOnce() throws Exception {
        Veloce app = new Veloce();
        app.get("/", req -> io.veloce.http.Response.text("cached").header("Date", "Tue, 24 Nov 2026 10:00:00 GMT"));
        try (Server own = app.start(ServerConfig.defaults().port(0));
                java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient()) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + own.port() + "/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(response.headers().allValues("date")).hasSize(1);
        }
    }
}
