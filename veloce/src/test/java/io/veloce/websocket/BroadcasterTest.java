package io.veloce.websocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.WebSocketTestSession;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Channels of WebSockets through the test client: who gets what, in which order, and who leaves when. */
class BroadcasterTest {

    /** A room: members join on connect, each text they send goes to the whole room. */
    private static Veloce app(List<Throwable> handlerErrors) {
        Veloce app = new Veloce();
        Broadcaster rooms = app.broadcaster();
        app.websocket("/rooms/{room}", ws -> {
            String room = ws.pathParam("room");
            ws.accept();
            rooms.join(room, ws);
            ws.sendText("joined " + room);
            for (String text : ws.iterText()) {
                if (text.equals("leave")) {
                    rooms.leave(room, ws);
                    ws.sendText("left");
                } else {
                    rooms.publish(room, text).join();
                }
            }
        });
        app.websocket("/early", ws -> {
            try {
                rooms.join("lobby", ws);
            } catch (IllegalStateException before) {
                handlerErrors.add(before);
            }
            ws.close();
        });
        return app;
    }

    private static WebSocketTestSession member(TestClient client, String room) {
        WebSocketTestSession ws = client.websocketConnect("/rooms/" + room);
        assertThat(ws.receiveText()).isEqualTo("joined " + room);
        return ws;
    }

    /** Waits until the app counts {@code count} members: a handler leaves after the test's close() returns. */
    private static void awaitMembers(Broadcaster broadcaster, String channel, int count) throws InterruptedException {
        for (int i = 0; i < 1000 && broadcaster.localMembers(channel) != count; i++) {
            Thread.sleep(5);
        }
        assertThat(broadcaster.localMembers(channel)).isEqualTo(count);
    }

    @Test
    void everyMemberOfTheChannelGetsTheMessageAndNobodyElse() {
        Veloce app = app(new CopyOnWriteArrayList<>());
        try (TestClient client = app.testClient();
                WebSocketTestSession ada = member(client, "kitchen");
                WebSocketTestSession bob = member(client, "kitchen");
                WebSocketTestSession eve = member(client, "garden")) {
            ada.sendText("dinner is ready");
            assertThat(ada.receiveText()).isEqualTo("dinner is ready");
            assertThat(bob.receiveText()).isEqualTo("dinner is ready");
            eve.sendText("nice weather");
            assertThat(eve.receiveText()).as("the garden only hears itself").isEqualTo("nice weather");
            assertThat(app.broadcaster().localMembers("kitchen")).isEqualTo(2);
        }
    }

    @Test
    void anEngineThatFailedToStartIsStartedAgainByTheNextStart() {
        RecordingEngine downAtFirst = RecordingEngine.failingStarts(1);
        Veloce app = app(new CopyOnWriteArrayList<>());
        app.broadcastEngine(downAtFirst);
        assertThatThrownBy(app::testClient).hasStackTraceContaining("Redis is unreachable");
        try (TestClient client = app.testClient();
                WebSocketTestSession ada = member(client, "kitchen")) {
            assertThat(downAtFirst.calls).as("started again, not counted as running").startsWith("start", "start");
            ada.sendText("hello again");
            assertThat(ada.receiveText()).isEqualTo("hello again");
        }
        assertThat(downAtFirst.calls).endsWith("close");
    }
    @Test
    void textBytesAndJsonCanBePublishedFromOutsideAnyRequest() throws Exception {
        Veloce app = app(new CopyOnWriteArrayList<>());
        Broadcaster rooms = app.broadcaster();
        try (TestClient client = app.testClient(); WebSocketTestSession ada = member(client, "feed")) {
            awaitMembers(rooms, "feed", 1);
            Thread publisher = Thread.ofPlatform().start(() -> {
                rooms.publish("feed", "text").join();
                rooms.publish("feed", new byte[] {1, 2, 3}).join();
                rooms.publishJson("feed", Map.of("price", 42)).join();
            });
            publisher.join();
            assertThat(ada.receiveText()).isEqualTo("text");
            assertThat(ada.receiveBytes()).containsExactly(1, 2, 3);
            assertThat(ada.receiveJson().get("price").asInt()).isEqualTo(42);
        }
    }

    @Test
    void oneThreadsMessagesArriveInOrderAtEveryMember() throws Exception {
        Veloce app = app(new CopyOnWriteArrayList<>());
        Broadcaster rooms = app.broadcaster();
        try (TestClient client = app.testClient();
                WebSocketTestSession ada = member(client, "ticks");
                WebSocketTestSession bob = member(client, "ticks")) {
            awaitMembers(rooms, "ticks", 2);
            for (int i = 0; i < 1000; i++) {
                rooms.publish("ticks", Integer.toString(i));
            }
            for (WebSocketTestSession member : List.of(ada, bob)) {
                for (int i = 0; i < 1000; i++) {
                    assertThat(member.receiveText()).isEqualTo(Integer.toString(i));
                }
            }
        }
    }

    @Test
    void aConnectionLeavesItsChannelsWhenItEnds() throws Exception {
        Veloce app = app(new CopyOnWriteArrayList<>());
        Broadcaster rooms = app.broadcaster();
        try (TestClient client = app.testClient()) {
            WebSocketTestSession ada = member(client, "kitchen");
            awaitMembers(rooms, "kitchen", 1);
            ada.close();
            awaitMembers(rooms, "kitchen", 0);
            assertThat(rooms.publish("kitchen", "anyone?")).as("an empty channel is no error").isCompleted();
        }
    }

    @Test
    void aConnectionLeavesWhenItEndsEvenIfItsHandlerNeverReads() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        List<Throwable> lateJoin = new CopyOnWriteArrayList<>();
        Veloce app = new Veloce();
        Broadcaster rooms = app.broadcaster();
        app.websocket("/listen", ws -> {
            ws.accept();
            rooms.join("news", ws);
            ws.sendText("joined");
            release.await(10, TimeUnit.SECONDS); // a handler busy elsewhere: it never reads
            try {
                rooms.join("sports", ws);
            } catch (IllegalStateException ended) {
                lateJoin.add(ended);
            }
        });
        try (TestClient client = app.testClient()) {
            WebSocketTestSession ws = client.websocketConnect("/listen");
            assertThat(ws.receiveText()).isEqualTo("joined");
            assertThat(rooms.localMembers("news")).isEqualTo(1);
            Thread closing = Thread.ofVirtual().start(ws::close); // close() waits for the handler
            awaitMembers(rooms, "news", 0); // gone with the connection, not with the handler
            release.countDown();
            closing.join();
        }
        assertThat(lateJoin).singleElement().asString().contains("connection has ended");
        assertThat(rooms.localMembers("sports")).isZero();
    }

    @Test
    void joinsAndLeavesRacingTheEndOfTheConnectionLeaveNoMemberBehind() throws Exception {
        Veloce app = new Veloce();
        Broadcaster rooms = app.broadcaster();
        CountDownLatch joined = new CountDownLatch(1);
        app.websocket("/busy", ws -> {
            ws.accept();
            List<Thread> threads = new java.util.ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String channel = "c" + t;
                threads.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 2000; i++) {
                        try {
                            rooms.join(channel, ws);
                            rooms.leave(channel, ws);
                            rooms.join(channel, ws);
                        } catch (IllegalStateException ended) {
                            return; // the connection ended under us: exactly the race under test
                        }
                    }
                }));
            }
            joined.countDown();
            for (Thread thread : threads) {
                thread.join();
            }
        });
        try (TestClient client = app.testClient()) {
            WebSocketTestSession ws = client.websocketConnect("/busy");
            joined.await(10, TimeUnit.SECONDS);
            ws.close();
        }
        for (int t = 0; t < 4; t++) {
            awaitMembers(rooms, "c" + t, 0);
        }
    }

    @Test
    void leavingStopsTheMessages() throws Exception {
        Veloce app = app(new CopyOnWriteArrayList<>());
        Broadcaster rooms = app.broadcaster();
        try (TestClient client = app.testClient();
                WebSocketTestSession ada = member(client, "kitchen");
                WebSocketTestSession bob = member(client, "kitchen")) {
            bob.sendText("leave");
            assertThat(bob.receiveText()).isEqualTo("left");
            ada.sendText("still here?");
            assertThat(ada.receiveText()).isEqualTo("still here?");
            bob.sendText("leave"); // leaving twice is harmless
            assertThat(bob.receiveText()).as("bob got nothing from the kitchen in between").isEqualTo("left");
        }
    }

    @Test
    void joiningNeedsAnAcceptedConnectionAndAChannelName() {
        List<Throwable> errors = new CopyOnWriteArrayList<>();
        Veloce app = app(errors);
        try (TestClient client = app.testClient()) {
            try {
                client.websocketConnect("/early").close();
            } catch (WebSocketDisconnect refused) {
                // closed before accept: refused, as the handler meant
            }
            assertThat(errors).singleElement().asString().contains("accepted, open WebSocket");
        }
        Broadcaster rooms = app.broadcaster();
        assertThatThrownBy(() -> rooms.publish("", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> rooms.publish("x".repeat(257), "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConnectionJoinsTheChannelsOfOneAppOnly() {
        Veloce other = new Veloce();
        Veloce app = new Veloce();
        List<Throwable> refused = new CopyOnWriteArrayList<>();
        app.websocket("/both", ws -> {
            ws.accept();
            app.broadcaster().join("lobby", ws);
            try {
                other.broadcaster().join("lobby", ws); // its end would never take it out of there
            } catch (IllegalArgumentException e) {
                refused.add(e);
            }
            ws.sendText("done");
        });
        try (TestClient client = app.testClient(); WebSocketTestSession ws = client.websocketConnect("/both")) {
            assertThat(ws.receiveText()).isEqualTo("done");
        }
        assertThat(refused).singleElement().asString().contains("another app's channels");
        assertThat(other.broadcaster().localMembers("lobby")).isZero();
    }

    @Test
    void aFailingEngineFailsThePublishersFutureInsteadOfLosingTheMessage() {
        Veloce app = new Veloce();
        app.broadcastEngine(RecordingEngine.failingPublishes());
        try (TestClient client = app.testClient()) {
            CompletableFuture<Void> sent = app.broadcaster().publish("news", "hello");
            assertThat(sent).isCompletedExceptionally();
            assertThatThrownBy(sent::join).hasCauseInstanceOf(BroadcastException.class)
                    .hasMessageContaining("Redis is unreachable");
        }
    }
    @Test
    void theEngineIsToldWhenAChannelGetsItsFirstAndLosesItsLastMember() throws Exception {
        RecordingEngine engine = RecordingEngine.working();
        Veloce app = app(new CopyOnWriteArrayList<>());
        app.broadcastEngine(engine);
        try (TestClient client = app.testClient()) {
            WebSocketTestSession ada = member(client, "kitchen");
            WebSocketTestSession bob = member(client, "kitchen");
            awaitMembers(app.broadcaster(), "kitchen", 2);
            ada.close();
            awaitMembers(app.broadcaster(), "kitchen", 1);
            bob.close();
            awaitMembers(app.broadcaster(), "kitchen", 0);
        }
        assertThat(engine.calls).containsExactly("start", "subscribe kitchen", "unsubscribe kitchen", "close");
    }
}
