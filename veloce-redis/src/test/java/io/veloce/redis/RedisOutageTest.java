package io.veloce.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.redis.Nodes.Node;
import io.veloce.testsupport.LogCapture;
import io.veloce.websocket.BroadcastException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Redis killed and started again under two running nodes: they fail fast, say so once, and recover. */
class RedisOutageTest {

    /** Reconnects quickly, so the test does not wait out the default backoff. */
    private static RedisBroadcastEngine engine(RedisServerProcess redis) {
        return RedisBroadcastEngine.builder(redis.uri())
                .reconnectDelay(Duration.ofMillis(20), Duration.ofMillis(200)).build();
    }

    @Test
    void publishingFailsAtOnceDuringAnOutageAndBothNodesRecoverWithTheirSubscriptions() throws Exception {
        try (RedisServerProcess redis = RedisServerProcess.start();
                LogCapture log = LogCapture.info(RedisBroadcastEngine.class);
                Node a = Nodes.start(engine(redis));
                Node b = Nodes.start(engine(redis));
                WsClient onA = WsClient.connect(a.port(), "/rooms/hall");
                WsClient onB = WsClient.connect(b.port(), "/rooms/hall")) {
            assertThat(onA.nextText()).isEqualTo("joined");
            assertThat(onB.nextText()).isEqualTo("joined");
            WsClient leavingOnA = WsClient.connect(a.port(), "/rooms/cellar");
            assertThat(leavingOnA.nextText()).isEqualTo("joined");
            b.app().broadcaster().publish("hall", "before").get(10, TimeUnit.SECONDS);
            assertThat(onA.nextText()).isEqualTo("before");
            assertThat(onB.nextText()).isEqualTo("before");

            redis.stop();
            Nodes.await("both nodes report the outage", () -> log.lines("WARN").size() == 2);
            assertThat(log.lines("WARN")).allSatisfy(line -> assertThat(line)
                    .contains("Redis at 127.0.0.1:" + redis.port() + " is unreachable").contains("broadcasts fail"));

            for (int i = 0; i < 50; i++) { // refused on the caller's thread: no waiting, no queueing
                CompletableFuture<Void> published = b.app().broadcaster().publish("hall", "during " + i);
                assertThat(published).as("failed at once").isCompletedExceptionally();
                try {
                    published.get();
                } catch (ExecutionException failed) {
                    assertThat(failed.getCause()).isInstanceOf(BroadcastException.class)
                            .hasMessageContaining("could not publish to 'hall'")
                            .hasMessageContaining("Redis at 127.0.0.1:" + redis.port() + " is unreachable");
                }
            }
            // a channel whose last member leaves during the outage is unsubscribed once Redis is back,
            // and one whose first member joins then is subscribed
            leavingOnA.close();
            Nodes.await("the cellar is empty", () -> a.app().broadcaster().localMembers("cellar") == 0);
            try (WsClient lateOnA = WsClient.connect(a.port(), "/rooms/annex")) {
                assertThat(lateOnA.nextText()).isEqualTo("joined");

                redis.restart();
                Nodes.await("both nodes report they are back", () -> log.lines("INFO").size() == 2);
                assertThat(log.lines("INFO")).allSatisfy(line -> assertThat(line)
                        .contains("Redis at 127.0.0.1:" + redis.port() + " is back"));
                assertThat(log.lines("INFO")).anySatisfy(line -> assertThat(line).contains("2 channel(s) subscribed again"));
                assertThat(redis.subscribers("veloce:hall")).isEqualTo(2);
                assertThat(redis.subscribers("veloce:annex")).isEqualTo(1);
                assertThat(redis.subscribers("veloce:cellar")).as("left during the outage").isZero();

                b.app().broadcaster().publish("hall", "after").get(10, TimeUnit.SECONDS);
                b.app().broadcaster().publish("annex", "annex after").get(10, TimeUnit.SECONDS);
                assertThat(onA.nextText()).as("nothing from the outage was queued").isEqualTo("after");
                assertThat(onB.nextText()).isEqualTo("after");
                assertThat(lateOnA.nextText()).isEqualTo("annex after");
            }
            assertThat(log.lines("WARN")).as("one warning per node for the whole outage").hasSize(2);
            assertThat(log.lines("INFO")).hasSize(2);
            assertThat(onA.poll()).isNull();
        }
    }
}
