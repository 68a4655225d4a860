package io.veloce.examples.chat;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.veloce.redis.RedisServerProcess;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two nodes' rooms on one real Redis: the same people and history seen from both. */
class RedisChatRoomsTest {

    @RegisterExtension
    static final RedisServerProcess redis = RedisServerProcess.perTestClass();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static RedisChatRooms node(Duration ttl, Duration heartbeat, int maxRooms) {
        return node(ttl, heartbeat, maxRooms, (room, nickname) -> { });
    }

    private static RedisChatRooms node(Duration ttl, Duration heartbeat, int maxRooms,
            java.util.function.BiConsumer<String, String> whenGone) {
        RedisChatRooms rooms = new RedisChatRooms(redis.uri(), JSON, ttl, heartbeat, maxRooms);
        rooms.whenGone(whenGone);
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
        RedisChatRooms survivor = node(ttl, Duration.ofMillis(100), 1_000, (room, nickname) -> gone.add(room + "/" + nickname));
        RedisChatRooms other = node(ttl, Duration.ofMillis(100), 1_000, (room, nickname) -> gone.add(room + "/" + nickname));
        try (survivor; other; RedisChatRooms observer = node()) {
            survivor.enter("crash", "Bob");
            other.enter("crash", "Cy"); // two nodes' heartbeats race to find Ada gone
            // what a node that died leaves behind: an entry nobody renews
            redis.commands().zadd("veloce-chat:crash:presence", redisMillis() + ttl.toMillis(), "Ada\ndead-node");
            assertThat(observer.present("crash")).containsExactly("Ada", "Bob", "Cy");
            long bobFirstExpires = expiryOf("crash", "Bob");

            for (int i = 0; i < 100 && gone.isEmpty(); i++) {
                Thread.sleep(50); // polling for the heartbeat's report
            }
            assertThat(gone).containsExactly("crash/Ada");
            assertThat(observer.present("crash")).containsExactly("Bob", "Cy");
            while (redisMillis() <= bobFirstExpires) { // bounded: 1 s TTL
                Thread.sleep(50); // polling Redis's clock
            }
            // past the expiry Bob's entry was given on entering: he is there because his node renewed it
            assertThat(observer.present("crash")).containsExactly("Bob", "Cy");
            assertThat(gone).as("reported once, though both nodes' heartbeats ran since").containsExactly("crash/Ada");
        }
    }

    @Test
    void aNodeThatStalledPastTheTtlAnnouncesItsMembersBack() throws InterruptedException {
        List<String> back = new CopyOnWriteArrayList<>();
        try (RedisChatRooms stalled = node(Duration.ofSeconds(30), Duration.ofMillis(100), 1_000);
                RedisChatRooms observer = node()) {
            stalled.whenBack((room, nickname) -> back.add(room + "/" + nickname));
            stalled.enter("stall", "Ada");
            // what another node's heartbeat does while this one is stalled: Ada's entry expired, was
            // dropped and announced gone
            String entry = redis.commands().zrange("veloce-chat:stall:presence", 0, -1).getFirst();
            redis.commands().zrem("veloce-chat:stall:presence", entry);
            assertThat(observer.present("stall")).isEmpty();

            for (int i = 0; i < 100 && back.isEmpty(); i++) {
                Thread.sleep(50); // polling for the heartbeat's report
            }
            assertThat(back).containsExactly("stall/Ada");
            assertThat(observer.present("stall")).containsExactly("Ada");
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
            java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
            for (int i = 0; i < 300; i++) {
                java.util.concurrent.CompletableFuture<Boolean> closing = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return node.leave("tabs", "Ada");
                });
                await(together);
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
            // names in reverse alphabetical order, each in a later millisecond: the oldest must go,
            // whatever its name
            for (String room : List.of("zulu", "yankee", "xray")) {
                long written = redisMillis();
                node.remember(room, ChatEvent.Message.of("Ada", "hello " + room, "2026-11-25T10:00:00Z"));
                while (redisMillis() < written + 2) {
                    Thread.onSpinWait();
                }
            }
            assertThat(node.history("zulu")).as("the room silent the longest lost its history").isEmpty();
            assertThat(node.history("yankee")).extracting(ChatEvent.Message::text).containsExactly("hello yankee");
            assertThat(node.history("xray")).extracting(ChatEvent.Message::text).containsExactly("hello xray");
        }
    }

    private static void await(java.util.concurrent.CyclicBarrier barrier) {
        try {
            barrier.await(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** When {@code nickname}'s entry in {@code room} expires, in Redis's milliseconds. */
    private static long expiryOf(String room, String nickname) {
        return (long) redis.commands().zrangeWithScores("veloce-chat:" + room + ":presence", 0, -1).stream()
                .filter(entry -> entry.getValue().startsWith(nickname + "\n")).findFirst().orElseThrow().getScore();
    }
}
