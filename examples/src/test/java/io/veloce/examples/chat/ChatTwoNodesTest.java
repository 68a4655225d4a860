package io.veloce.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.redis.RedisServerProcess;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The documented two-node chat: two real servers joined by a real Redis, as
 * {@code ./dev demo --port N --redis URI} runs them. Whichever node a member uses, they see the
 * same room: its messages, its people and its history.
 */
class ChatTwoNodesTest {

    private static final byte[] SHARED_KEY = "the same session key on each node".getBytes(StandardCharsets.US_ASCII);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RedisServerProcess redis;
    private final List<Server> nodes = new ArrayList<>();
    private final List<Member> members = new ArrayList<>();

    @BeforeEach
    void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterEach
    void stopEverything() {
        members.forEach(Member::close);
        nodes.forEach(Server::close);
        redis.close();
    }

    /** Starts a node as main() does with --port and --redis. */
    private String node() {
        int port = RedisServerProcess.freePort();
        String origin = "http://127.0.0.1:" + port;
        nodes.add(ChatApp.create(ChatApp.Settings.local(origin, SHARED_KEY).withRedis(redis.uri()))
                .start(ServerConfig.defaults().port(port)));
        return origin;
    }

    /** Someone with a browser's cookie jar: one session, whichever node they talk to. */
    private final class Member implements AutoCloseable {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        final List<JsonNode> skipped = new ArrayList<>();
        WebSocket socket;

        Member(String node, String nickname) throws Exception {
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(node + "/api/session"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"nickname\":\"" + nickname + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(login.statusCode()).isEqualTo(200);
            members.add(this);
        }

        /** Opens the room's WebSocket on {@code node}, from that node's page (its Origin). */
        void join(String node, String room) throws Exception {
            socket = http.newWebSocketBuilder().header("Origin", node)
                    .buildAsync(URI.create(node.replace("http:", "ws:") + "/ws/rooms/" + room), new WebSocket.Listener() {
                        private final StringBuilder text = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            text.append(data);
                            if (last) {
                                try {
                                    events.add(JSON.readTree(text.toString()));
                                } catch (Exception e) {
                                    throw new AssertionError("not JSON: " + text, e);
                                }
                                text.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }

                        @Override
                        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
                            closed.complete(code);
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
        }

        void say(String text) {
            socket.sendText("{\"type\":\"message\",\"text\":\"" + text + "\"}", true).join();
        }

        /**
         * Returns the first event of {@code type} not taken yet. Events of other types stay for
         * later calls: what a node sends directly (history, presence) and what comes back through
         * Redis (joined, messages) may interleave either way.
         */
        JsonNode next(String type) throws InterruptedException {
            for (java.util.Iterator<JsonNode> it = skipped.iterator(); it.hasNext(); ) {
                JsonNode event = it.next();
                if (event.get("type").asText().equals(type)) {
                    it.remove();
                    return event;
                }
            }
            for (int i = 0; i < 100; i++) {
                JsonNode event = events.poll(15, TimeUnit.SECONDS); // a heartbeat's news takes up to 10 s
                assertThat(event).as("a %s event (other events: %s)", type, skipped).isNotNull();
                if (event.get("type").asText().equals(type)) {
                    return event;
                }
                skipped.add(event);
            }
            throw new AssertionError("no " + type + " event among 100: " + skipped);
        }

        void leave() throws Exception {
            socket.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
            assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo(1000);
        }

        @Override
        public void close() {
            http.shutdownNow();
        }
    }

    @Test
    void membersOnDifferentNodesShareTheRoomItsPeopleAndItsHistory() throws Exception {
        String nodeA = node();
        String nodeB = node();

        Member ada = new Member(nodeA, "Ada");
        ada.join(nodeA, "lobby");
        assertThat(ada.next("joined").get("who").asText()).isEqualTo("Ada");
        assertThat(ada.next("history").get("messages")).isEmpty();
        ada.next("presence");
        ada.say("hello from A");
        assertThat(ada.next("message").get("text").asText()).isEqualTo("hello from A");

        // Bob picks his nickname on node A and talks on node B: the nodes share the session key
        Member bob = new Member(nodeA, "Bob");
        bob.join(nodeB, "lobby");
        assertThat(bob.next("joined").get("who").asText()).isEqualTo("Bob");
        JsonNode history = bob.next("history").get("messages");
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("from").asText()).isEqualTo("Ada");
        assertThat(history.get(0).get("text").asText()).isEqualTo("hello from A");
        assertThat(bob.next("presence").get("members")).extracting(JsonNode::asText).containsExactly("Ada", "Bob");
        assertThat(ada.next("joined").get("who").asText()).isEqualTo("Bob");

        bob.say("hi from B");
        JsonNode reachedA = ada.next("message");
        assertThat(reachedA.get("from").asText()).isEqualTo("Bob");
        assertThat(reachedA.get("text").asText()).isEqualTo("hi from B");
        assertThat(bob.next("message").get("text").asText()).isEqualTo("hi from B");

        bob.leave();
        assertThat(ada.next("left").get("who").asText()).isEqualTo("Bob");
    }

    @Test
    void whenANodeDiesTheRoomHearsThatItsMembersLeft() throws Exception {
        String node = node();
        Member bob = new Member(node, "Bob");
        bob.join(node, "lobby");
        bob.next("presence");
        // what a node that died leaves behind: Ada's entry, which nobody renews, now expired
        List<String> time = redis.commands().time();
        long now = Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
        redis.commands().zadd("veloce-chat:lobby:presence", now - 1, "Ada\ndead-node");

        // the living node's next heartbeat (every 10 s) finds her gone and tells the room
        JsonNode left = bob.next("left");
        assertThat(left.get("who").asText()).isEqualTo("Ada");
    }

    @Test
    void whileRedisIsDownAMessageIsAnsweredWithAnErrorNotLost() throws Exception {
        String node = node();
        Member ada = new Member(node, "Ada");
        ada.join(node, "lobby");
        ada.next("joined");
        ada.next("history");
        ada.next("presence");

        redis.stop();
        ada.say("anyone there?");
        assertThat(ada.next("error").get("error").asText())
                .isEqualTo("not sent: the chat is reconnecting, try again in a moment");
    }
}
