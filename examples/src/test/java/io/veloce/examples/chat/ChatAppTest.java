package io.veloce.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketDenied;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.websocket.WebSocketDisconnect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat demo end to end through the test client, and its Origin defence on the real server. */
class ChatAppTest {

    private static final String ORIGIN = "http://127.0.0.1:8000";
    private static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /** A clock the test moves by hand, for the rate limit. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T10:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }
    }

    private final TestClock clock = new TestClock();

    private io.veloce.Veloce app() {
        return ChatApp.create(new ChatApp.Settings(List.of(ORIGIN), KEY, false, 5, Duration.ofSeconds(5), clock, null));
    }

    private static void login(TestClient client, String nickname) {
        TestResponse response = client.post("/api/session", r -> r.json(Map.of("nickname", nickname)));
        assertThat(response.status()).isEqualTo(200);
    }

    private static WebSocketTestSession join(TestClient client, String room) {
        return client.websocketConnect("/ws/rooms/" + room, r -> r.header("Origin", ORIGIN));
    }

    /** Reads events until one of {@code type}, returning it. */
    private static JsonNode next(WebSocketTestSession ws, String type) {
        for (int i = 0; i < 100; i++) {
            JsonNode event = ws.receiveJson();
            if (event.get("type").asText().equals(type)) {
                return event;
            }
        }
        throw new AssertionError("no " + type + " event in 100");
    }

    @Test
    void thePageIsServedWithAPolicyThatKeepsItToItsOwnOrigin() {
        try (TestClient client = app().testClient()) {
            TestResponse page = client.get("/");
            assertThat(page.status()).isEqualTo(200);
            assertThat(page.text()).contains("<title>Veloce chat</title>");
            assertThat(page.header("Content-Security-Policy")).contains("default-src 'self'").contains("connect-src 'self'");
            assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(client.get("/chat.js").header("Content-Type")).startsWith("text/javascript");
        }
    }

    @Test
    void aNicknameIsKeptInASignedSessionCookie() {
        try (TestClient client = app().testClient()) {
            assertThat(client.get("/api/session").status()).isEqualTo(401);
            assertThat(client.post("/api/session", r -> r.json(Map.of("nickname", "<script>"))).status()).isEqualTo(422);
            login(client, "Ada");
            assertThat(client.get("/api/session").json().get("nickname").asText()).isEqualTo("Ada");
            assertThat(client.cookies().get("session")).contains(".");
        }
    }

    @Test
    void twoMembersSeeEachOtherAndEachOthersMessages() {
        io.veloce.Veloce app = app();
        try (TestClient adaClient = app.testClient(); TestClient bobClient = app.testClient()) {
            login(adaClient, "Ada");
            login(bobClient, "Bob");
            try (WebSocketTestSession ada = join(adaClient, "kitchen")) {
                assertThat(next(ada, "history").get("messages")).isEmpty();
                assertThat(next(ada, "presence").get("members").toString()).isEqualTo("[\"Ada\"]");
                try (WebSocketTestSession bob = join(bobClient, "kitchen")) {
                    assertThat(next(bob, "presence").get("members").toString()).isEqualTo("[\"Ada\",\"Bob\"]");
                    assertThat(next(ada, "joined").get("who").asText()).isEqualTo("Bob");
                    bob.sendJson(Map.of("type", "message", "text", "hello Ada"));
                    JsonNode received = next(ada, "message");
                    assertThat(received.get("from").asText()).isEqualTo("Bob");
                    assertThat(received.get("text").asText()).isEqualTo("hello Ada");
                    assertThat(received.get("at").asText()).isEqualTo("2026-11-25T10:00:00Z");
                    assertThat(next(bob, "message").get("text").asText()).isEqualTo("hello Ada");
                }
                assertThat(next(ada, "left").get("who").asText()).isEqualTo("Bob");
            }
        }
    }

    @Test
    void aNewcomerSeesTheLastFiftyMessagesOfTheRoom() {
        io.veloce.Veloce app = app();
        try (TestClient client = app.testClient()) {
            login(client, "Ada");
            try (WebSocketTestSession ada = join(client, "history")) {
                for (int i = 0; i < 60; i++) {
                    clock.advance(Duration.ofSeconds(2)); // under the rate limit
                    ada.sendJson(Map.of("type", "message", "text", "message " + i));
                    next(ada, "message");
                }
            }
            try (WebSocketTestSession again = join(client, "history")) {
                JsonNode history = next(again, "history").get("messages");
                assertThat(history).hasSize(ChatRooms.HISTORY);
                assertThat(history.get(0).get("text").asText()).isEqualTo("message 10");
                assertThat(history.get(49).get("text").asText()).isEqualTo("message 59");
            }
        }
    }

    @Test
    void badMessagesGetAClearErrorAndTheConnectionStays() {
        try (TestClient client = app().testClient()) {
            login(client, "Ada");
            try (WebSocketTestSession ada = join(client, "limits")) {
                ada.sendJson(Map.of("type", "message", "text", "x".repeat(ChatApp.MAX_MESSAGE_LENGTH + 1)));
                assertThat(next(ada, "error").get("error").asText()).isEqualTo("a message is 1 to 500 characters");
                ada.sendText("not json");
                assertThat(next(ada, "error").get("error").asText()).startsWith("messages are JSON");
                ada.sendJson(Map.of("type", "shout", "text", "hi"));
                assertThat(next(ada, "error").get("error").asText()).startsWith("unknown message type");
                for (int i = 0; i < 5; i++) {
                    ada.sendJson(Map.of("type", "message", "text", "m" + i));
                    next(ada, "message");
                }
                ada.sendJson(Map.of("type", "message", "text", "one too many"));
                assertThat(next(ada, "error").get("error").asText())
                        .isEqualTo("slow down: at most 5 messages every 5 seconds");
                clock.advance(Duration.ofSeconds(5));
                ada.sendJson(Map.of("type", "message", "text", "later"));
                assertThat(next(ada, "message").get("text").asText()).isEqualTo("later");
            }
        }
    }

    @Test
    void whenTheNodeHasAsManyRoomsAsItMayANewRoomIsRefusedWithAClearError() {
        io.veloce.Veloce oneRoom = ChatApp.create(new io.veloce.Veloce(),
                new ChatApp.Settings(List.of(ORIGIN), KEY, false, 5, Duration.ofSeconds(5), clock, null),
                new LocalChatRooms(1));
        try (TestClient client = oneRoom.testClient()) {
            login(client, "Ada");
            try (WebSocketTestSession lobby = join(client, "lobby")) {
                next(lobby, "presence");
                try (WebSocketTestSession other = join(client, "kitchen")) {
                    assertThat(next(other, "error").get("error").asText())
                            .isEqualTo("the chat is at its limit of 1 open rooms; join one of them or try again later");
                    WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, other::receiveText);
                    assertThat(closed.code()).isEqualTo(1013); // try again later
                }
            }
        }
    }

    @Test
    void withoutANicknameOrFromAnotherSiteTheHandshakeIsRefused() {
        try (TestClient client = app().testClient()) {
            WebSocketDenied anonymous = catchThrowableOfType(WebSocketDenied.class, () -> join(client, "lobby"));
            assertThat(anonymous.status()).isEqualTo(401);
            login(client, "Ada");
            WebSocketDisconnect foreign = catchThrowableOfType(WebSocketDisconnect.class, () -> client.websocketConnect(
                    "/ws/rooms/lobby", r -> r.header("Origin", "https://evil.example")));
            assertThat(foreign.code()).isEqualTo(1008);
            WebSocketDenied badRoom = catchThrowableOfType(WebSocketDenied.class, () -> join(client, "Not_A_Room"));
            assertThat(badRoom.status()).isEqualTo(404);
        }
    }

    @Test
    void onTheRealServerTheChatsOwnOriginConnectsAndAnotherIsRefusedWith403() throws Exception {
        HttpClient http = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        try (Server server = app().start(ServerConfig.defaults().port(0))) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> session = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"nickname\":\"Ada\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(session.statusCode()).isEqualTo(200);
            URI ws = URI.create("ws://127.0.0.1:" + server.port() + "/ws/rooms/lobby");
            CompletableFuture<String> first = new CompletableFuture<>();
            CompletableFuture<Integer> closed = new CompletableFuture<>();
            WebSocket own = http.newWebSocketBuilder().header("Origin", ORIGIN).buildAsync(ws, new WebSocket.Listener() {
                @Override
                public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                    first.complete(data.toString());
                    socket.request(1); // keep reading, so the closing handshake completes
                    return null;
                }

                @Override
                public CompletionStage<?> onClose(WebSocket socket, int code, String reason) {
                    closed.complete(code);
                    return null;
                }
            }).get(10, TimeUnit.SECONDS);
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"joined\",\"who\":\"Ada\"}");
            own.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
            CompletableFuture<WebSocket> foreign = http.newWebSocketBuilder().header("Origin", "http://127.0.0.1:9999")
                    .buildAsync(ws, new WebSocket.Listener() { });
            CompletionException refused = catchThrowableOfType(CompletionException.class, foreign::join);
            assertThat(refused.getCause()).isInstanceOfSatisfying(java.net.http.WebSocketHandshakeException.class,
                    handshake -> assertThat(handshake.getResponse().statusCode()).isEqualTo(403));
        } finally {
            // not close(): it would wait for the refused handshake's connection, which the JDK
            // client leaves open after a non-101 answer
            http.shutdownNow();
        }
    }
}
