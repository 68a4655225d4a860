package io.veloce.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.WebSocketNext;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestClient.ServerException;
import io.veloce.testing.WebSocketDenied;
import io.veloce.testing.WebSocketTestSession;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The lifecycle table of the spec through the in-memory test client: what each out-of-order call
 * throws, how handshakes are refused, and what the test session reports. (The behaviours both
 * transports share are also run on the real server by the scenarios in {@code io.veloce.scenarios}.)
 */
class WebSocketLifecycleTest {

    private final BlockingQueue<Object> seen = new LinkedBlockingQueue<>();

    private Object nextSeen() throws InterruptedException {
        Object value = seen.poll(10, TimeUnit.SECONDS);
        assertThat(value).as("what the handler observed").isNotNull();
        return value;
    }

    private static Throwable thrownBy(Runnable call) {
        try {
            call.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    @Test
    void theGuidesEchoExampleWorksInMemory() {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            String message = ws.receiveText();
            ws.sendText("echo: " + message);
            ws.close();
        });
        try (TestClient client = app.testClient(); WebSocketTestSession ws = client.websocketConnect("/ws")) {
            ws.sendText("hello");
            assertThat(ws.receiveText()).isEqualTo("echo: hello");
            assertThat(catchThrowableOfType(WebSocketDisconnect.class, ws::receiveText).code()).isEqualTo(1000);
        }
    }

    @Test
    void stateGoesFromConnectingToConnectedToDisconnected() throws Exception {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            seen.add(ws.connectionState());
            ws.accept();
            seen.add(ws.connectionState());
            ws.close();
            seen.add(ws.connectionState());
        });
        try (TestClient client = app.testClient(); WebSocketTestSession ignored = client.websocketConnect("/ws")) {
            assertThat(List.of(nextSeen(), nextSeen(), nextSeen())).containsExactly(WebSocketState.CONNECTING,
                    WebSocketState.CONNECTED, WebSocketState.DISCONNECTED);
        }
    }

    @Test
    void outOfOrderCallsSayWhichCallWasOutOfOrder() throws Exception {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            seen.add(String.valueOf(thrownBy(ws::receiveText)));
            seen.add(String.valueOf(thrownBy(() -> ws.sendText("too early"))));
            ws.accept();
            seen.add(String.valueOf(thrownBy(ws::accept)));
            ws.close();
            seen.add(String.valueOf(thrownBy(() -> ws.sendBytes(new byte[1]))));
            ws.close(); // safe in finally blocks: a no-op
            seen.add("second close was a no-op");
        });
        try (TestClient client = app.testClient(); WebSocketTestSession ignored = client.websocketConnect("/ws")) {
            assertThat(nextSeen()).asString().contains("IllegalStateException", "receiveText() called before accept()");
            assertThat(nextSeen()).asString().contains("IllegalStateException", "sendText() called before accept()");
            assertThat(nextSeen()).asString().contains("IllegalStateException", "accept() called twice");
            assertThat(nextSeen()).asString().contains("IllegalStateException", "sendBytes() called after close()");
            assertThat(nextSeen()).isEqualTo("second close was a no-op");
        }
    }

    @Test
    void closeCodesAndReasonsAreValidated() throws Exception {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            for (int code : new int[] {999, 1004, 1005, 1006, 1015, 2000, 5000}) {
                seen.add(code + ": " + thrownBy(() -> ws.close(code)));
            }
            seen.add("long reason: " + thrownBy(() -> ws.close(1000, "x".repeat(124))));
            ws.close(4999, "é".repeat(61)); // 122 bytes: fits
            seen.add("closed");
        });
        try (TestClient client = app.testClient(); WebSocketTestSession ws = client.websocketConnect("/ws")) {
            for (int i = 0; i < 7; i++) {
                assertThat(nextSeen()).asString().contains("IllegalArgumentException", "may not be sent");
            }
            assertThat(nextSeen()).asString().contains("IllegalArgumentException", "123 UTF-8 bytes");
            assertThat(nextSeen()).isEqualTo("closed");
            assertThat(catchThrowableOfType(WebSocketDisconnect.class, ws::receive).code()).isEqualTo(4999);
        }
    }

    @Test
    void acceptingASubprotocolTheClientDidNotOfferIsAnIllegalArgument() throws Exception {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            seen.add(String.valueOf(thrownBy(() -> ws.accept("chat-v3"))));
            ws.accept("chat-v1", Headers.of("Set-Cookie", "seen=1; Path=/"));
            ws.close();
        });
        try (TestClient client = app.testClient();
                WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.subprotocols("chat-v1"))) {
            assertThat(nextSeen()).asString().contains("IllegalArgumentException", "chat-v3", "not offered");
            assertThat(ws.subprotocol()).isEqualTo("chat-v1");
            assertThat(ws.responseHeaders().get("Set-Cookie")).isEqualTo("seen=1; Path=/");
            assertThat(client.cookies()).containsEntry("seen", "1");
        }
    }

    @Test
    void subprotocolOffersAreSplitTrimmedAndConcatenatedAcrossHeaders() throws Exception {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            seen.add(ws.subprotocols());
            seen.add(String.valueOf(ws.negotiateSubprotocol(List.of("CHAT-V1", "b"))));
            ws.close();
        });
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.websocketConnect("/ws", r -> r
                    .header("Sec-WebSocket-Protocol", " chat-v1 ,, a")
                    .header("Sec-WebSocket-Protocol", "b")))
                    .isInstanceOf(WebSocketDisconnect.class);
            assertThat(nextSeen()).isEqualTo(List.of("chat-v1", "a", "b"));
            assertThat(nextSeen()).as("exact, case-sensitive match").isEqualTo("b");
        }
    }

    @Test
    void aHandlerExceptionAfterAcceptIsRethrownInTheTestByDefault() {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.receiveText();
            throw new IllegalStateException("handler bug");
        });
        try (TestClient client = app.testClient()) {
            WebSocketTestSession ws = client.websocketConnect("/ws");
            ws.sendText("go");
            assertThatThrownBy(ws::receiveText).isInstanceOf(IllegalStateException.class).hasMessage("handler bug");
            ws.close(); // already reported: close does not throw it again
        }
    }

    @Test
    void aCheckedHandlerExceptionIsWrappedAndRethrownFromClose() {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            try {
                ws.receiveText();
            } catch (WebSocketDisconnect clientLeft) {
                throw new java.io.IOException("cleanup failed");
            }
        });
        try (TestClient client = app.testClient()) {
            WebSocketTestSession ws = client.websocketConnect("/ws");
            assertThatThrownBy(ws::close).isInstanceOf(ServerException.class)
                    .hasCauseInstanceOf(java.io.IOException.class);
        }
    }

    @Test
    void aHandlerExceptionBeforeAcceptIsRethrownFromConnect() {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            throw new IllegalArgumentException("bad setup");
        });
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.websocketConnect("/ws")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bad setup");
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class,
                    () -> client.raiseServerExceptions(false).websocketConnect("/ws"));
            assertThat(denied.status()).isEqualTo(500);
            assertThat(denied.response().text()).isEqualTo("{\"detail\":\"Internal Server Error\"}");
        }
    }

    @Test
    void anHttpExceptionFromMiddlewareDeniesTheHandshakeWithItsStatus() {
        Veloce app = new Veloce();
        app.addMiddleware(new Middleware() {
            @Override
            public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
                if (ws.queryParams().get("token") == null) {
                    throw new HttpException(401, "token required", Headers.of("WWW-Authenticate", "Bearer"));
                }
                next.handle(ws);
            }
        });
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("hello " + ws.queryParams().get("token"));
        });
        try (TestClient client = app.testClient()) {
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class, () -> client.websocketConnect("/ws"));
            assertThat(denied.status()).isEqualTo(401);
            assertThat(denied.response().headers().get("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(denied.response().text()).isEqualTo("{\"detail\":\"token required\"}");
            try (WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.query("token", "t1"))) {
                assertThat(ws.receiveText()).isEqualTo("hello t1");
            }
        }
    }

    @Test
    void middlewareSeesTheWholeSessionAndMayWrapIt() throws Exception {
        Veloce app = new Veloce();
        app.addMiddleware(new Middleware() {
            @Override
            public void handleWebSocket(WebSocket ws, WebSocketNext next) throws Exception {
                seen.add("before " + ws.path());
                next.handle(ws);
                seen.add("after, " + ws.connectionState());
            }
        });
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.close();
        });
        try (TestClient client = app.testClient(); WebSocketTestSession ignored = client.websocketConnect("/ws")) {
            assertThat(nextSeen()).isEqualTo("before /ws");
            assertThat(nextSeen()).isEqualTo("after, DISCONNECTED");
        }
    }

    @Test
    void aPlainHttpRequestToAWebSocketOnlyPathIs426AndAHandshakeToAnUnknownPathIs404() {
        Veloce app = new Veloce();
        app.websocket("/ws", WebSocket::close);
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/ws").status()).isEqualTo(426);
            assertThat(client.get("/ws").headers().get("Upgrade")).isEqualTo("websocket");
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class,
                    () -> client.websocketConnect("/nowhere"));
            assertThat(denied.status()).isEqualTo(404);
        }
    }

    @Test
    void malformedHandshakesAreAnsweredBeforeTheHandlerRuns() {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> seen.add("handler ran"));
        try (TestClient client = app.testClient()) {
            WebSocketDenied version = catchThrowableOfType(WebSocketDenied.class,
                    () -> client.websocketConnect("/ws", r -> r.header("Sec-WebSocket-Version", "8")));
            assertThat(version.status()).isEqualTo(426);
            assertThat(version.response().headers().get("Sec-WebSocket-Version")).isEqualTo("13");
            WebSocketDenied key = catchThrowableOfType(WebSocketDenied.class,
                    () -> client.websocketConnect("/ws", r -> r.header("Sec-WebSocket-Key", "short")));
            assertThat(key.status()).isEqualTo(400);
        }
        assertThat(seen).isEmpty();
    }

    @Test
    void aReceiveThatGetsNothingFailsTheTestAfterTheTimeoutInsteadOfHanging() {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            for (String ignored : ws.iterText()) {
                // never answers
            }
        });
        try (TestClient client = app.testClient().webSocketTimeout(Duration.ofMillis(50));
                WebSocketTestSession ws = client.websocketConnect("/ws")) {
            ws.sendText("anyone?");
            assertThatThrownBy(ws::receiveText).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("no WebSocket message from the server within 50 ms");
        }
    }

    @Test
    void handshakeDataComesFromTheOpeningRequest() throws Exception {
        Veloce app = new Veloce();
        app.websocket("/rooms/{room}", ws -> {
            seen.add(ws.pathParam("room") + " " + ws.queryParams().get("nick") + " " + ws.cookies().get("session")
                    + " " + ws.headers().get("X-Client") + " " + ws.url() + " " + ws.client().host()
                    + " " + ws.origin());
            ws.state().put("user", "ada");
            seen.add(ws.state().get("user"));
            ws.close();
        });
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.websocketConnect("/rooms/lobby?nick=ada", r -> r
                    .cookie("session", "s1").header("X-Client", "cli").header("Origin", "https://app.example.com")))
                    .isInstanceOf(WebSocketDisconnect.class);
        }
        assertThat(nextSeen()).isEqualTo(
                "lobby ada s1 cli ws://testserver/rooms/lobby?nick=ada testclient https://app.example.com");
        assertThat(nextSeen()).isEqualTo("ada");
    }

    @Test
    void aJsonNullIsAnInvalidMessageForATypedReceive() throws Exception {
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            List<String> values = new java.util.ArrayList<>();
            try {
                for (String value : ws.iterJson(String.class)) {
                    values.add(value);
                }
            } catch (InvalidMessageException e) {
                seen.add(values + " then " + e.getMessage());
                throw e;
            }
        });
        try (TestClient client = app.testClient(); WebSocketTestSession ws = client.websocketConnect("/ws")) {
            ws.sendText("\"x\"");
            ws.sendText("null");
            assertThat(catchThrowableOfType(WebSocketDisconnect.class, ws::receive).code()).isEqualTo(1007);
        }
        assertThat(nextSeen()).isEqualTo("[x] then message does not match String: expected a JSON String, got null");
    }
}
