package io.veloce.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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

    private static RedisChatRooms node(Duration ttl, Duration heartbeat, int maxRooms) {
        RedisChatRooms rooms = new RedisChatRooms(redis.uri(), JSON, ttl, heartbeat, maxRooms);
        rooms.start();
        return rooms;
    }

    private static RedisChatRooms node() {
        return node(RedisChatRooms.PRESENCE_TTL, RedisChatRooms.HEARTBEAT, 1_000);
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
    void entriesADeadNodeLeftExpireAndTheHeartbeatReportsThemGoneOnce() throws InterruptedException {
        Duration ttl = Duration.ofSeconds(1);
        List<String> gone = new CopyOnWriteArrayList<>();
        try (RedisChatRooms survivor = node(ttl, Duration.ofMillis(100), 1_000); RedisChatRooms observer = node()) {
            survivor.whenGone((room, nickname) -> gone.add(room + "/" + nickname));
            survivor.enter("crash", "Bob");
            // what a node that died leaves behind: an entry nobody renews
            redis.commands().zadd("veloce-chat:crash:presence", redisMillis() + ttl.toMillis(), "Ada\ndead-node");
            assertThat(observer.present("crash")).containsExactly("Ada", "Bob");
            long bobFirstExpires = expiryOf("crash", "Bob");

            for (int i = 0; i < 100 && gone.isEmpty(); i++) {
                Thread.sleep(50); // polling for the heartbeat's report
            }
            assertThat(gone).containsExactly("crash/Ada");
            assertThat(observer.present("crash")).containsExactly("Bob");
            while (redisMillis() <= bobFirstExpires) { // bounded: 1 s TTL
                Thread.sleep(50);
            }
            // past the expiry Bob's entry was given on entering: he is there because his node renewed it
            assertThat(observer.present("crash")).containsExactly("Bob");
            assertThat(gone).as("reported once, though several heartbeats ran since").containsExactly("crash/Ada");
        }
    }

    @Test
    void aNodeThatClosesTakesItsEntriesWithIt() {
        try (RedisChatRooms observer = node()) {
            RedisChatRooms closing = node();
            closing.enter("closing", "Ada");
            assertThat(observer.present("closing")).containsExactly("Ada");
            closing.close();
            assertThat(observer.present("closing")).isEmpty();
        }
    }

    @Test
    void aHeartbeatNeverBringsBackAnEntryThatJustLeft() {
        try (RedisChatRooms busy = node(RedisChatRooms.PRESENCE_TTL, Duration.ofMillis(1), 1_000);
                RedisChatRooms observer = node()) {
            busy.enter("busy", "Bob"); // keeps the room occupied, so every beat renews it
            for (int i = 0; i < 1_000; i++) {
                busy.enter("busy", "Ada");
                busy.leave("busy", "Ada");
                assertThat(observer.present("busy")).as("after %d leaves", i + 1).containsExactly("Bob");
            }
        }
    }

    @Test
    void aTabOpeningAsAnotherClosesKeepsTheNicknamePresent() throws Exception {
        try (RedisChatRooms node = node(); RedisChatRooms observer = node()) {
            node.enter("tabs", "Ada");
            for (int i = 0; i < 300; i++) {
                java.util.concurrent.CompletableFuture<Boolean> closing =
                        java.util.concurrent.CompletableFuture.supplyAsync(() -> node.leave("tabs", "Ada"));
                node.enter("tabs", "Ada");
                closing.join();
                // one tab is open: Ada is present for everyone
                assertThat(observer.present("tabs")).as("round %d", i + 1).containsExactly("Ada");
            }
        }
    }

    @Test
    void historyIsKeptForTheRoomsThatSpokeLastAndNoMore() {
        try (RedisChatRooms node = node(RedisChatRooms.PRESENCE_TTL, RedisChatRooms.HEARTBEAT, 2)) {
            for (String room : List.of("first", "second", "third")) {
                node.remember(room, ChatEvent.Message.of("Ada", "hello " + room, "2026-11-25T10:00:00Z"));
            }
            assertThat(node.history("first")).as("the room silent the longest lost its history").isEmpty();
            assertThat(node.history("second")).extracting(ChatEvent.Message::text).containsExactly("hello second");
            assertThat(node.history("third")).extracting(ChatEvent.Message::text).containsExactly("hello third");
        }
    }

    /** When {@code nickname}'s entry in {@code room} expires, in Redis's milliseconds. */
    private static long expiryOf(String room, String nickname) {
        return (long) redis.commands().zrangeWithScores("veloce-chat:" + room + ":presence", 0, -1).stream()
                .filter(entry -> entry.getValue().startsWith(nickname + "\n")).findFirst().orElseThrow().getScore();
    }
}
