package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.HttpException;
import io.veloce.http.Response;
import io.veloce.testing.TestClient;
import io.veloce.testing.WebSocketDenied;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.testsupport.LogCapture;
import io.veloce.websocket.WebSocketDisconnect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One line per request and per WebSocket, with what an operator needs and no tokens from query strings. */
class AccessLogMiddlewareTest {

    /** Lets the never-reading handler of /ws/deaf return, once the test has closed from its side. */
    private final java.util.concurrent.CountDownLatch deafMayReturn = new java.util.concurrent.CountDownLatch(1);

    private Veloce app(AccessLogMiddleware accessLog) {
        Veloce app = new Veloce();
        app.addMiddleware(accessLog);
        app.addMiddleware(new RequestIDMiddleware());
        app.get("/items", req -> "twelve bytes");
        app.get("/boom", req -> {
            throw new IllegalStateException("boom");
        });
        app.get("/stream", req -> Response.stream("text/plain", out -> out.write(new byte[300])));
        app.websocket("/ws/echo", ws -> {
            ws.accept();
            try {
                while (true) {
                    ws.sendText("echo " + ws.receiveText());
                }
            } catch (WebSocketDisconnect gone) {
                // the client left: the log says with which code
            }
        });
        app.websocket("/ws/closing", ws -> {
            ws.accept();
            ws.close(4000, "bye");
        });
        app.websocket("/ws/deaf", ws -> {
            ws.accept();
            deafMayReturn.await(10, TimeUnit.SECONDS); // never reads: the peer's Close goes unseen
        });
        app.websocket("/ws/private", ws -> {
            throw new HttpException(401, "sign in first");
        });
        return app;
    }

    @Test
    void eachRequestIsOneLineWithStatusBytesAndRequestId() {
        try (LogCapture log = LogCapture.info("veloce.access");
                TestClient client = app(new AccessLogMiddleware()).testClient()) {
            client.get("/items?token=s3cret", r -> r.header("X-Request-ID", "req-42"));
            client.get("/missing");
            assertThat(log.messages()).hasSize(2);
            assertThat(log.messages().get(0))
                    .matches("testclient:50000 \"GET /items HTTP/1.1\" 200 12 B \\d+\\.\\d ms req-42")
                    .doesNotContain("s3cret");
            assertThat(log.messages().get(1)).contains("\"GET /missing HTTP/1.1\" 404");
        }
    }

    @Test
    void theQueryStringIsLoggedOnlyWhenAskedFor() {
        try (LogCapture log = LogCapture.info("veloce.access");
                TestClient client = app(AccessLogMiddleware.builder().includeQuery(true).build()).testClient()) {
            client.get("/items?page=2");
            assertThat(log.messages()).singleElement().asString().contains("\"GET /items?page=2 HTTP/1.1\"");
        }
    }

    @Test
    void anUnhandledExceptionIsLoggedAsThe500ItBecomes() {
        try (LogCapture log = LogCapture.info("veloce.access");
                TestClient client = app(new AccessLogMiddleware()).testClient().raiseServerExceptions(false)) {
            assertThat(client.get("/boom").status()).isEqualTo(500);
            assertThat(log.messages()).singleElement().asString().contains("\"GET /boom HTTP/1.1\" 500 0 B");
        }
    }

    @Test
    void aStreamingBodyIsLoggedWhenItEndsWithItsSize() {
        try (LogCapture log = LogCapture.info("veloce.access");
                TestClient client = app(new AccessLogMiddleware()).testClient()) {
            assertThat(client.get("/stream").bytes()).hasSize(300);
            assertThat(log.messages()).singleElement().asString().contains("\"GET /stream HTTP/1.1\" 200 300 B");
        }
    }

    @Test
    void aWebSocketIsOneLineWithItsCloseCodeAndTraffic() {
        try (LogCapture log = LogCapture.info("veloce.access");
                TestClient client = app(new AccessLogMiddleware()).testClient()) {
            try (WebSocketTestSession ws = client.websocketConnect("/ws/echo?token=s3cret")) {
                ws.sendText("hé");
                assertThat(ws.receiveText()).isEqualTo("echo hé");
                ws.close(1001, "going away");
            }
            try (WebSocketTestSession ws = client.websocketConnect("/ws/closing")) {
                catchThrowableOfType(WebSocketDisconnect.class, ws::receiveText);
            }
            List<String> lines = log.messages();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).as("UTF-8 bytes: 'hé' is 3, 'echo hé' is 8")
                    .matches("testclient:50000 \"WS /ws/echo\" 1001 in 1 msg 3 B, out 1 msg 8 B \\d+\\.\\d ms \\S+");
            assertThat(lines.get(1)).contains("\"WS /ws/closing\" 4000 in 0 msg 0 B, out 0 msg 0 B");
        }
    }

    @Test
    void thePeersCloseCodeIsLoggedEvenWhenTheHandlerNeverRead() throws Exception {
        try (LogCapture log = LogCapture.info("veloce.access");
                Server server = app(new AccessLogMiddleware()).start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            var closed = new java.util.concurrent.CompletableFuture<Integer>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + server.port() + "/ws/deaf"), new WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(WebSocket socket, int code,
                                String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendClose(4001, "leaving").get(10, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).as("the server echoed our Close").isEqualTo(4001);
            deafMayReturn.countDown(); // the handler returns without ever having read the Close
            // written by the handler's thread after it returns; the connection is already gone
            assertThat(log.await(line -> line.contains("WS /ws/deaf"), 1)).singleElement().asString()
                    .contains("\"WS /ws/deaf\" 4001 in 0 msg");
        }
    }

    @Test
    void aRefusedHandshakeIsLoggedWithItsHttpStatus() {
        try (LogCapture log = LogCapture.info("veloce.access");
                TestClient client = app(new AccessLogMiddleware()).testClient()) {
            WebSocketDenied denied = catchThrowableOfType(WebSocketDenied.class,
                    () -> client.websocketConnect("/ws/private"));
            assertThat(denied.status()).isEqualTo(401);
            assertThat(log.messages()).singleElement().asString().contains("\"WS /ws/private\" refused 401");
        }
    }

    @Test
    void onTheRealServerRequestsAndWebSocketsAreLogged() throws Exception {
        try (LogCapture log = LogCapture.info("veloce.access");
                Server server = app(new AccessLogMiddleware()).start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/items")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).isEqualTo(200);
            var received = new java.util.concurrent.CompletableFuture<String>();
            var closed = new java.util.concurrent.CompletableFuture<Integer>();
            WebSocket ws = http.newWebSocketBuilder().buildAsync(
                    URI.create("ws://127.0.0.1:" + server.port() + "/ws/echo"), new WebSocket.Listener() {
                        @Override
                        public java.util.concurrent.CompletionStage<?> onText(WebSocket socket, CharSequence data,
                                boolean last) {
                            received.complete(data.toString());
                            socket.request(1);
                            return null;
                        }

                        @Override
                        public java.util.concurrent.CompletionStage<?> onClose(WebSocket socket, int code,
                                String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            ws.sendText("ping", true).get(10, TimeUnit.SECONDS);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("echo ping");
            ws.sendClose(1000, "done").get(10, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            server.close(); // waits for the handler, so its line is written
            List<String> lines = log.messages();
            assertThat(lines).hasSize(2);
            assertThat(lines.get(0)).startsWith("127.0.0.1:").contains("\"GET /items HTTP/1.1\" 200 12 B");
            assertThat(lines.get(1)).startsWith("127.0.0.1:")
                    .contains("\"WS /ws/echo\" 1000 in 1 msg 4 B, out 1 msg 9 B");
        }
    }
}
