package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.websocket.WebSocketDisconnect;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The registered-once Origin check: refusal with 1008 before any handler, and the missing-Origin policy. */
class WebSocketOriginMiddlewareTest {

    private final AtomicInteger handlerRuns = new AtomicInteger();

    private TestClient client(WebSocketOriginMiddleware middleware) {
        Veloce app = new Veloce();
        app.addMiddleware(middleware);
        app.websocket("/ws", ws -> {
            handlerRuns.incrementAndGet();
            ws.accept();
            ws.sendText("in");
            ws.close();
        });
        app.get("/page", req -> "plain http");
        return app.testClient();
    }

    private static int connect(TestClient client, String... origins) {
        try (WebSocketTestSession ws = client.websocketConnect("/ws", r -> {
            for (String origin : origins) {
                r.header("Origin", origin);
            }
        })) {
            assertThat(ws.receiveText()).isEqualTo("in");
            return 101;
        } catch (WebSocketDisconnect refused) {
            return refused.code();
        }
    }

    @Test
    void aForeignOriginIsRefusedWith1008BeforeTheHandlerRuns() {
        try (TestClient client = client(new WebSocketOriginMiddleware(List.of("https://app.example.com")))) {
            assertThat(connect(client, "https://evil.example")).isEqualTo(1008);
            assertThat(handlerRuns).hasValue(0);
            assertThat(connect(client, "https://APP.example.com/")).isEqualTo(101);
            assertThat(handlerRuns).hasValue(1);
        }
    }

    @Test
    void aMissingOriginPassesByDefaultAndIsRefusedWhenNotAllowed() {
        try (TestClient lenient = client(new WebSocketOriginMiddleware(List.of("https://app.example.com")))) {
            assertThat(connect(lenient)).isEqualTo(101);
        }
        try (TestClient strict = client(new WebSocketOriginMiddleware(List.of("https://app.example.com"), false))) {
            assertThat(connect(strict)).isEqualTo(1008);
        }
    }

    @Test
    void theNullOriginIsRefusedUnlessTheWildcardIsListed() {
        try (TestClient client = client(new WebSocketOriginMiddleware(List.of("https://app.example.com")))) {
            assertThat(connect(client, "null")).isEqualTo(1008);
        }
        try (TestClient client = client(new WebSocketOriginMiddleware(List.of("*"), false))) {
            assertThat(connect(client, "null")).isEqualTo(101);
            assertThat(connect(client)).as("\"*\" also accepts a missing origin").isEqualTo(101);
        }
    }

    @Test
    void repeatedOriginHeadersAreRefused() {
        try (TestClient client = client(new WebSocketOriginMiddleware(List.of("https://app.example.com")))) {
            assertThat(connect(client, "https://app.example.com", "https://evil.example")).isEqualTo(1008);
        }
    }

    @Test
    void plainHttpRequestsPassUntouched() {
        try (TestClient client = client(new WebSocketOriginMiddleware(List.of("https://app.example.com")))) {
            assertThat(client.get("/page", r -> r.header("Origin", "https://evil.example")).text())
                    .isEqualTo("plain http");
        }
    }

    @Test
    void useSecureDefaultsIsNotAnOriginPolicy() {
        // A handler that does not check Origin is reached from any origin unless the middleware is added.
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("in");
            ws.close();
        });
        try (TestClient client = app.testClient()) {
            assertThat(connect(client, "https://evil.example")).isEqualTo(101);
        }
    }
}
