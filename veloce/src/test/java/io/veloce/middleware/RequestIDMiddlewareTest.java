package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testsupport.LogCapture;
import io.veloce.testing.WebSocketTestSession;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** Request IDs: kept when well formed, generated otherwise, echoed, and in the connection's state. */
class RequestIDMiddlewareTest {

    private static Veloce app() {
        Veloce app = new Veloce();
        app.addMiddleware(new RequestIDMiddleware());
        app.get("/", req -> String.valueOf(req.state().get("requestId")));
        app.get("/logs", req -> {
            LoggerFactory.getLogger("app").warn("handling");
            return "logged";
        });
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText(String.valueOf(ws.state().get("requestId")));
            ws.close();
        });
        return app;
    }

    @Test
    void aWellFormedIncomingIdIsKeptEchoedAndLogged() {
        try (TestClient client = app().testClient()) {
            var response = client.get("/", r -> r.header("X-Request-ID", "abc-123.x_y"));
            assertThat(response.headers().get("X-Request-ID")).isEqualTo("abc-123.x_y");
            assertThat(response.text()).isEqualTo("abc-123.x_y");
        }
    }

    @Test
    void theIdIsInTheLoggingMdcWhileTheRequestRunsAndGoneAfter() {
        try (LogCapture log = LogCapture.start(); TestClient client = app().testClient()) {
            client.get("/logs", r -> r.header("X-Request-ID", "req-7"));
            assertThat(log.lines()).filteredOn(line -> line.logger().equals("app")).singleElement()
                    .satisfies(line -> assertThat(line.mdc()).containsEntry("requestId", "req-7"));
            assertThat(MDC.get("requestId")).as("the MDC is cleaned up after the request").isNull();
        }
    }

    @Test
    void aMissingOrHostileIdIsReplacedByAGeneratedOne() {
        try (TestClient client = app().testClient()) {
            String generated = client.get("/").headers().get("X-Request-ID");
            assertThat(UUID.fromString(generated).version()).isEqualTo(4);
            assertThat(UUID.fromString(generated).variant()).isEqualTo(2);
            assertThat(client.get("/").headers().get("X-Request-ID")).as("a new one each time").isNotEqualTo(generated);
            String replaced = client.get("/", r -> r.header("X-Request-ID", "x\" onerror=alert(1)")).headers()
                    .get("X-Request-ID");
            assertThat(UUID.fromString(replaced)).isNotNull();
            String tooLong = client.get("/", r -> r.header("X-Request-ID", "a".repeat(129))).headers()
                    .get("X-Request-ID");
            assertThat(tooLong).hasSize(36);
        }
    }

    @Test
    void aWebSocketSessionLogsUnderItsHandshakesId() {
        try (TestClient client = app().testClient();
                WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.header("X-Request-ID", "ws-1"))) {
            assertThat(ws.receiveText()).isEqualTo("ws-1");
        }
    }
}
