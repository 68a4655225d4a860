package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.websocket.WebSocketDisconnect;
import org.junit.jupiter.api.Test;

/** HTTP to HTTPS: redirects that keep path, query and method; ws:// refused; HTTPS untouched. */
class HTTPSRedirectMiddlewareTest {

    private static Veloce app(HTTPSRedirectMiddleware middleware) {
        Veloce app = new Veloce();
        app.addMiddleware(middleware);
        app.post("/orders/{id}", req -> "posted");
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("secure");
            ws.close();
        });
        return app;
    }

    @Test
    void plainHttpIsRedirectedKeepingPathQueryAndMethod() {
        try (TestClient client = app(new HTTPSRedirectMiddleware()).testClient()) {
            TestResponse response = client.post("/orders/a%2Fb?x=1&y=%20", r -> r.header("Host", "shop.example:80"));
            assertThat(response.status()).isEqualTo(307);
            assertThat(response.headers().get("Location")).isEqualTo("https://shop.example/orders/a%2Fb?x=1&y=%20");
            TestResponse otherPort = client.post("/orders/1", r -> r.header("Host", "shop.example:8080"));
            assertThat(otherPort.headers().get("Location")).isEqualTo("https://shop.example:8080/orders/1");
        }
        try (TestClient client = app(new HTTPSRedirectMiddleware(true)).testClient()) {
            assertThat(client.post("/orders/1").status()).isEqualTo(308);
        }
    }

    @Test
    void httpsRequestsPassThrough() {
        try (TestClient client = app(new HTTPSRedirectMiddleware()).testClient().https(true)) {
            assertThat(client.post("/orders/1").text()).isEqualTo("posted");
            try (WebSocketTestSession ws = client.websocketConnect("/ws")) {
                assertThat(ws.receiveText()).isEqualTo("secure");
            }
        }
    }

    @Test
    void aPlainWebSocketHandshakeIsRefused() {
        try (TestClient client = app(new HTTPSRedirectMiddleware()).testClient()) {
            WebSocketDisconnect refused = catchThrowableOfType(WebSocketDisconnect.class,
                    () -> client.websocketConnect("/ws"));
            assertThat(refused.code()).isEqualTo(1008);
        }
    }
}
