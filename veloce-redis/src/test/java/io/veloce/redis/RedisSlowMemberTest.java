package io.veloce.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.redis.Nodes.Node;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A member that stops reading on node A, while the publisher on node B goes on: the reading
 * members on both nodes get everything in order, and the stalled one is closed with 1008.
 */
class RedisSlowMemberTest {

    private static final int MESSAGES = 20_000;
    private static final int SIZE = 1024 + 4;

    @RegisterExtension
    static final RedisServerProcess redis = RedisServerProcess.perTestClass();

    @Test
    void aMemberThatDoesNotReadIsClosedWith1008AndSlowsNobodyOnEitherNode() throws Exception {
        try (Node a = Nodes.start(RedisBroadcastEngine.create(redis.uri()));
                Node b = Nodes.start(RedisBroadcastEngine.create(redis.uri()));
                StalledSocket stalled = StalledSocket.connect(a.port(), "/feed/ticker", "joined");
                WsClient readerOnA = WsClient.connect(a.port(), "/feed/ticker");
                WsClient readerOnB = WsClient.connect(b.port(), "/feed/ticker")) {
            assertThat(readerOnA.nextText()).isEqualTo("joined");
            assertThat(readerOnB.nextText()).isEqualTo("joined");

            // paced to the readers: at most 8 messages (8 KiB) ahead of the slower one, under their
            // 16 KiB outbound limit; 20 MiB in all, far more than the stalled socket can buffer
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            CompletableFuture<Void> last = null;
            for (int i = 0; i < MESSAGES; i++) {
                while (i - Math.min(readerOnA.received(), readerOnB.received()) > 8) {
                    assertThat(System.nanoTime()).as("a reading member stopped receiving").isLessThan(deadline);
                    Thread.onSpinWait();
                }
                last = b.app().broadcaster().publish("ticker", ByteBuffer.allocate(SIZE).putInt(i).array());
            }
            last.get(30, TimeUnit.SECONDS);

            for (WsClient reader : new WsClient[] {readerOnA, readerOnB}) {
                for (int i = 0; i < MESSAGES; i++) {
                    Object message = reader.next();
                    assertThat(message).isInstanceOf(byte[].class);
                    assertThat(ByteBuffer.wrap((byte[]) message).getInt()).as("in order").isEqualTo(i);
                }
            }
            assertThat(a.endings().poll(20, TimeUnit.SECONDS)).as("the stalled member was closed").isEqualTo("closed 1008");
            assertThat(a.app().broadcaster().localMembers("ticker")).isEqualTo(1);
            assertThat(b.endings()).isEmpty();
        }
    }
}
