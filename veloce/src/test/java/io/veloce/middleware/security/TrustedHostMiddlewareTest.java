package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.WebSocketDenied;
import io.veloce.testing.WebSocketTestSession;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Host allow-list: exact names, subdomain patterns, ports, hostile values, WebSocket handshakes. */
class TrustedHostMiddlewareTest {

    private static TestClient client(List<String> hosts) {
        Veloce app = new Veloce();
        app.addMiddleware(new TrustedHostMiddleware(hosts));
        app.get("/", req -> "ok");
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("open");
            ws.close();
        });
        return app.testClient();
    }

    private static int status(TestClient client, String host) {
        return client.get("/", r -> r.header("Host", host)).status();
    }

    @Test
    void exactNamesAndSubdomainPatternsMatchWithoutThePort() {
        try (TestClient client = client(List.of("example.com", "*.example.com"))) {
            assertThat(status(client, "example.com")).isEqualTo(200);
            assertThat(status(client, "EXAMPLE.com:8443")).isEqualTo(200);
            assertThat(status(client, "api.example.com")).isEqualTo(200);
            assertThat(status(client, "a.b.example.com")).isEqualTo(200);
        }
    }

    @Test
    void otherHostsAreRefusedWith400() {
        try (TestClient client = client(List.of("*.example.com"))) {
            assertThat(status(client, "example.com")).as("the pattern is for subdomains only").isEqualTo(400);
            assertThat(status(client, "evil.example")).isEqualTo(400);
            assertThat(status(client, "example.com.evil.example")).isEqualTo(400);
            assertThat(status(client, "evilexample.com")).isEqualTo(400);
            assertThat(client.get("/", r -> r.header("Host", "evil.example")).text())
                    .isEqualTo("{\"detail\":\"Invalid host header\"}");
        }
    }

    @Test
    void aRepeatedHostHeaderIsRefused() {
        try (TestClient client = client(List.of("example.com"))) {
            assertThat(client.get("/", r -> r.header("Host", "example.com").header("Host", "evil.example")).status())
                    .isEqualTo(400);
        }
    }

    @Test
    void webSocketHandshakesAreCheckedToo() {
        try (TestClient client = client(List.of("example.com"))) {
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class,
                    () -> client.websocketConnect("/ws", r -> r.header("Host", "evil.example")));
            assertThat(denied.status()).isEqualTo(400);
            try (WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.header("Host", "example.com"))) {
                assertThat(ws.receiveText()).isEqualTo("open");
            }
        }
    }

    @Test
    void theWildcardAcceptsAnyHostAndMalformedPatternsAreRefused() {
        try (TestClient client = client(List.of("*"))) {
            assertThat(status(client, "anything.example")).isEqualTo(200);
        }
        assertThatThrownBy(() -> new TrustedHostMiddleware(List.of("api.*.com")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hostValuesThatAUrlParserWouldReadAsAnotherHostAreRefused() {
        try (TestClient client = client(List.of("example.com", "*.example.com"))) {
            assertThat(status(client, "example.com:@evil.com")).isEqualTo(400);
            assertThat(status(client, "evil.com/.example.com")).isEqualTo(400);
            assertThat(status(client, "evil.com?.example.com")).isEqualTo(400);
            assertThat(status(client, "evil.com#.example.com")).isEqualTo(400);
            assertThat(status(client, "example.com:abc")).isEqualTo(400);
            assertThat(status(client, "example.com.")).as("one trailing dot is the same name").isEqualTo(200);
        }
        try (TestClient client = client(List.of("[::1]"))) {
            assertThat(status(client, "[::1]:8080")).isEqualTo(200);
            assertThat(status(client, "[::1]junk")).isEqualTo(400);
        }
    }
}
