package io.veloce.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes' rooms on one real Redis: the same people and history seen from both. */
class RedisChatRoomsTest {

    private static RedisServerProcess redis;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    private static RedisChatRooms node(Duration ttl, Duration heartbeat) {
        RedisChatRooms rooms = new RedisChatRooms(redis.uri(), JSON, ttl, heartbeat);
        rooms.start();
        return rooms;
    }

    private static RedisChatRooms node() {
        return node(RedisChatRooms.PRESENCE_TTL, RedisChatRooms.HEARTBEAT);
    }

    /** Redis's clock, which the presence entries' expiry is measured by. */
    private static long redisMillis() {
        List<String> time = redis.commands().time();
        return Long.parseLong(time.get(0)) * 1000 + Long.parseLong(time.get(1)) / 1000;
    }

    @Test
    void aNicknameOnTwoNodesJoinsOnceAndLeavesOnce() {
        try (RedisChatRooms a = node(); RedisChatRooms b = node()) {
            assertThat(a.enter("once", "Ada")).isTrue();
            assertThat(b.enter("once", "Ada")).isFalse(); // already present through node a
            assertThat(b.enter("once", "Bob")).isTrue();
            assertThat(a.present("once")).containsExactly("Ada", "Bob");
            assertThat(b.present("once")).containsExactly("Ada", "Bob");

            assertThat(a.leave("once", "Ada")).isFalse(); // still there through node b
            assertThat(a.present("once")).containsExactly("Ada", "Bob");
            assertThat(b.leave("once", "Ada")).isTrue();
            assertThat(a.present("once")).containsExactly("Bob");
        }
    }

    @Test
    void theHistoryIsSharedAndKeepsTheLastFifty() {
        try (RedisChatRooms a = node(); RedisChatRooms b = node()) {
            for (int i = 1; i <= 55; i++) {
                a.remember("history", ChatEvent.Message.of("Ada", "m" + i, "2026-11-25T10:00:00Z"));
            }
            List<ChatEvent.Message> seenFromB = b.history("history");
            assertThat(seenFromB).hasSize(ChatRooms.HISTORY);
            assertThat(seenFromB.getFirst()).isEqualTo(ChatEvent.Message.of("Ada", "m6", "2026-11-25T10:00:00Z"));
            assertThat(seenFromB.getLast().text()).isEqualTo("m55");
            // and it does not stay for ever once the room falls silent
            assertThat(redis.commands().pttl("veloce-chat:history:history"))
                    .isPositive().isLessThanOrEqualTo(RedisChatRooms.HISTORY_TTL.toMillis());
        }
    }

    @Test
    void aNodeThatDiesWithoutLeavingDropsOutOfTheRoomWhileALiveOneStays() throws InterruptedException {
        Duration ttl = Duration.ofSeconds(1);
        try (RedisChatRooms survivor = node(ttl, Duration.ofMillis(200)); RedisChatRooms observer = node()) {
            RedisChatRooms dying = node(ttl, Duration.ofMillis(200));
            dying.enter("crash", "Ada");
            survivor.enter("crash", "Bob");
            assertThat(observer.present("crash")).containsExactly("Ada", "Bob");
            long bobFirstExpires = (long) redis.commands().zrangeWithScores("veloce-chat:crash:presence", 0, -1).stream()
                    .filter(entry -> entry.getValue().startsWith("Bob\n")).findFirst().orElseThrow().getScore();

            dying.close(); // no leave: the process is gone
            List<String> present = observer.present("crash");
            for (int i = 0; i < 100 && present.contains("Ada"); i++) {
                Thread.sleep(100);
                present = observer.present("crash");
            }
            assertThat(present).containsExactly("Bob");
            while (redisMillis() <= bobFirstExpires) { // bounded: 1 s TTL
                Thread.sleep(50);
            }
            // past the expiry Bob's entry was given on entering: he is there because his node renewed it
            assertThat(observer.present("crash")).containsExactly("Bob");
        }
    }
}
