package io.veloce.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.redis.Nodes.Node;
import io.veloce.testsupport.LogCapture;
import io.veloce.websocket.BroadcastException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two Veloce nodes on one real Redis: what one publishes, members on both receive, typed and in order. */
class RedisBroadcastEngineTest {

    @RegisterExtension
    static final RedisServerProcess redis = RedisServerProcess.perTestClass();

    record Note(int n, String kind) {
    }

    @Test
    void aClientOnNodeAReceivesInOrderTheTextBytesAndJsonPublishedOnNodeB() throws Exception {
        try (Node a = Nodes.start(RedisBroadcastEngine.create(redis.uri()));
                Node b = Nodes.start(RedisBroadcastEngine.create(redis.uri()));
                WsClient onA = WsClient.connect(a.port(), "/rooms/kitchen");
                WsClient onB = WsClient.connect(b.port(), "/rooms/kitchen")) {
            assertThat(onA.nextText()).isEqualTo("joined");
            assertThat(onB.nextText()).isEqualTo("joined");
            assertThat(redis.subscribers("veloce:kitchen")).as("one subscription per node, not per member").isEqualTo(2);

            List<CompletableFuture<Void>> acks = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                acks.add(switch (i % 3) {
                    case 0 -> b.app().broadcaster().publish("kitchen", "text " + i);
                    case 1 -> b.app().broadcaster().publish("kitchen", ByteBuffer.allocate(4).putInt(i).array());
                    default -> b.app().broadcaster().publishJson("kitchen", new Note(i, "json"));
                });
            }
            CompletableFuture.allOf(acks.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

            for (WsClient client : List.of(onA, onB)) { // node B's own member gets them through Redis too
                for (int i = 0; i < 1000; i++) {
                    Object message = client.next();
                    switch (i % 3) {
                        case 0 -> assertThat(message).as("message %d", i).isEqualTo("text " + i);
                        case 1 -> assertThat(message).as("message %d", i).isInstanceOf(byte[].class)
                                .isEqualTo(ByteBuffer.allocate(4).putInt(i).array());
                        default -> assertThat(message).as("message %d", i).isEqualTo("{\"n\":" + i + ",\"kind\":\"json\"}");
                    }
                }
            }
            assertThat(onA.received()).isEqualTo(1001);
        }
    }

    @Test
    void theLastMemberLeavingUnsubscribesTheNode() throws Exception {
        try (Node a = Nodes.start(RedisBroadcastEngine.create(redis.uri()))) {
            try (WsClient first = WsClient.connect(a.port(), "/rooms/attic");
                    WsClient second = WsClient.connect(a.port(), "/rooms/attic")) {
                assertThat(first.nextText()).isEqualTo("joined");
                assertThat(second.nextText()).isEqualTo("joined");
                assertThat(redis.subscribers("veloce:attic")).isEqualTo(1);
            }
            Nodes.await("both members gone", () -> a.app().broadcaster().localMembers("attic") == 0);
            Nodes.await("node A unsubscribed", () -> redis.subscribers("veloce:attic") == 0);
        }
    }

    @Test
    void appsWithDifferentPrefixesDoNotHearEachOther() throws Exception {
        try (Node a = Nodes.start(RedisBroadcastEngine.builder(redis.uri()).channelPrefix("shop:").build());
                Node b = Nodes.start(RedisBroadcastEngine.builder(redis.uri()).channelPrefix("blog:").build());
                WsClient onA = WsClient.connect(a.port(), "/rooms/news");
                WsClient onB = WsClient.connect(b.port(), "/rooms/news")) {
            assertThat(onA.nextText()).isEqualTo("joined");
            assertThat(onB.nextText()).isEqualTo("joined");
            b.app().broadcaster().publish("news", "for the blog").get(10, TimeUnit.SECONDS);
            a.app().broadcaster().publish("news", "for the shop").get(10, TimeUnit.SECONDS);
            assertThat(onB.nextText()).isEqualTo("for the blog");
            assertThat(onA.nextText()).as("the shop's first message is its own").isEqualTo("for the shop");
        }
    }

    @Test
    void aMessageThatIsNotAVeloceBroadcastIsIgnoredWithOneWarning() throws Exception {
        try (LogCapture log = LogCapture.info(RedisBroadcastEngine.class);
                Node a = Nodes.start(RedisBroadcastEngine.create(redis.uri()));
                WsClient onA = WsClient.connect(a.port(), "/rooms/porch")) {
            assertThat(onA.nextText()).isEqualTo("joined");
            redis.commands().publish("veloce:porch", "no type byte");
            redis.commands().publish("veloce:porch", "");
            a.app().broadcaster().publish("porch", "after").get(10, TimeUnit.SECONDS);
            assertThat(onA.nextText()).as("the foreign messages were skipped, in order").isEqualTo("after");
            assertThat(log.lines("WARN")).hasSize(1).first().asString()
                    .contains("not Veloce broadcasts").contains("veloce:porch");
        }
    }

    @Test
    void anAppWhoseRedisIsUnreachableDoesNotStartAndSaysWhyAndStartsOnceRedisIsUp() throws Exception {
        try (RedisServerProcess late = RedisServerProcess.start()) {
            late.stop();
            Veloce app = Nodes.app(RedisBroadcastEngine.create(late.uri()), new LinkedBlockingQueue<>());
            assertThatThrownBy(() -> app.start(ServerConfig.defaults().port(0)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot start broadcasting: Redis at 127.0.0.1:" + late.port() + " is unreachable")
                    .hasMessageContaining("is redis-server running there");

            late.restart();
            try (Server server = app.start(ServerConfig.defaults().port(0));
                    WsClient member = WsClient.connect(server.port(), "/rooms/lobby")) {
                assertThat(member.nextText()).isEqualTo("joined");
                app.broadcaster().publish("lobby", "started at last").get(10, TimeUnit.SECONDS);
                assertThat(member.nextText()).isEqualTo("started at last");
            }
        }
    }

    @Test
    void publishingBeforeTheAppStartsFails() {
        RedisBroadcastEngine engine = RedisBroadcastEngine.create(redis.uri());
        CompletableFuture<Void> published = engine.publish("room", io.veloce.websocket.BroadcastMessage.text("hi"));
        assertThat(published).isCompletedExceptionally();
        assertThatThrownBy(published::get).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BroadcastException.class).hasMessageContaining("not started");
    }

    @Test
    void badSettingsAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> RedisBroadcastEngine.create("http://:secret@example.com"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a Redis URI")
                .hasMessageNotContaining("secret");
        assertThatThrownBy(() -> RedisBroadcastEngine.builder(redis.uri()).reconnectDelay(
                java.time.Duration.ofSeconds(2), java.time.Duration.ofSeconds(1))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RedisBroadcastEngine.builder(redis.uri()).timeout(java.time.Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theWireFormatIsATypeByteThenThePayload() {
        byte[] wire = WireFormat.encode(io.veloce.websocket.BroadcastMessage.text("hé"));
        assertThat(wire).isEqualTo("thé".getBytes(StandardCharsets.UTF_8));
        assertThat(WireFormat.decode(new byte[] {'b', 1, 2})).satisfies(m -> {
            assertThat(m.text()).isFalse();
            assertThat(m.payload()).containsExactly(1, 2);
        });
        assertThat(WireFormat.decode(new byte[] {'x', 1})).isNull();
        assertThat(WireFormat.decode(new byte[0])).isNull();
    }
}
