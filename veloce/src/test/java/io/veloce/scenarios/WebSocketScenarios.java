package io.veloce.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.middleware.security.WebSocketOriginMiddleware;
import io.veloce.routing.Router;
import io.veloce.scenarios.WebSocketDriver.Peer;
import io.veloce.scenarios.WebSocketDriver.Refused;
import io.veloce.websocket.InvalidMessageException;
import io.veloce.websocket.WebSocketDisconnect;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket lifecycle and message rules of the spec, run once through the in-memory test
 * client and once on the real server with the JDK's WebSocket client (see the subclasses): both
 * transports must behave alike.
 */
abstract class WebSocketScenarios {

    record Chat(String user, String text) {
    }

    /** What handlers observed, for scenarios that assert on the server's side. */
    private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private WebSocketDriver driver;

    abstract WebSocketDriver driver(Veloce app);

    Veloce app() {
        Veloce app = new Veloce();
        app.websocket("/echo", ws -> {
            ws.accept();
            for (String message : ws.iterText()) {
                ws.sendText("echo: " + message);
            }
            seen.add("loop ended");
        });
        app.websocket("/bytes", ws -> {
            ws.accept();
            for (byte[] message : ws.iterBytes()) {
                ws.sendBytes(new byte[] {(byte) message.length});
            }
        });
        app.websocket("/refuse", ws -> ws.close(4001));
        app.websocket("/no-accept", ws -> { });
        app.websocket("/fail-before", ws -> {
            throw new IllegalStateException("database down");
        });
        app.websocket("/fail-after", ws -> {
            ws.accept();
            ws.receiveText();
            throw new IllegalStateException("handler bug");
        });
        app.websocket("/bye", ws -> {
            ws.accept();
            ws.sendText("bye");
        });
        app.websocket("/close-with-reason", ws -> {
            ws.accept();
            ws.close(4000, "game over");
        });
        app.websocket("/rooms/{room}", ws -> {
            ws.accept();
            ws.sendText(ws.pathParam("room") + "/" + ws.queryParams().get("name") + "/" + ws.url().getScheme());
            ws.close();
        });
        app.websocket("/subprotocol", ws -> {
            String chosen = ws.negotiateSubprotocol("chat-v2", "chat-v1");
            ws.accept(chosen);
            ws.sendText(chosen != null ? chosen : "none");
            ws.close();
        });
        app.websocket("/text-only", ws -> {
            ws.accept();
            try {
                ws.receiveText();
            } catch (WebSocketDisconnect d) {
                seen.add("disconnect " + d.code());
                throw d;
            }
        });
        app.websocket("/json", ws -> {
            ws.accept();
            try {
                ws.receiveJson(Chat.class);
            } catch (InvalidMessageException e) {
                ws.sendText("invalid, try again");
            }
            Chat chat = ws.receiveJson(Chat.class); // a second invalid message escapes: 1007
            ws.sendJson(chat);
        });
        app.websocket("/small", s -> s.maxMessageSize(16), ws -> {
            ws.accept();
            for (String message : ws.iterText()) {
                ws.sendText(message);
            }
        });
        app.websocket("/peer-close", ws -> {
            ws.accept();
            try {
                ws.receiveText();
            } catch (WebSocketDisconnect d) {
                seen.add(d.code() + " " + d.reason());
            }
        });
        app.websocket("/send-after-close", ws -> {
            ws.accept();
            ws.close();
            try {
                ws.sendText("late");
            } catch (IllegalStateException e) {
                seen.add(e.getMessage());
            }
            ws.close(); // no-op
        });
        app.websocket("/out-of-order", ws -> {
            List<String> errors = new java.util.ArrayList<>();
            errors.add(failure(() -> ws.sendText("early")));
            errors.add(failure(ws::receiveText));
            ws.accept();
            errors.add(failure(ws::accept));
            errors.add(failure(() -> ws.close(1005)));
            errors.add(failure(() -> ws.close(1000, "x".repeat(124))));
            for (String error : errors) {
                ws.sendText(error);
            }
            ws.close();
        });
        app.websocket("/send-after-peer-close", ws -> {
            ws.accept();
            try {
                ws.receiveText();
            } catch (WebSocketDisconnect peerClosed) {
                seen.add(failure(() -> ws.sendText("too late")));
            }
        });
        Router secure = new Router();
        secure.addMiddleware(new WebSocketOriginMiddleware(List.of("https://app.example.com")));
        secure.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("welcome " + ws.origin());
            ws.close();
        });
        app.include("/secure", secure);
        return app;
    }

    @BeforeEach
    void start() {
        driver = driver(app());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    /** Runs {@code call} and returns the type and message of what it threw. */
    private static String failure(Runnable call) {
        try {
            call.run();
            return "nothing thrown";
        } catch (RuntimeException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        }
    }

    private String nextSeen() throws InterruptedException {
        String value = seen.poll(10, TimeUnit.SECONDS);
        assertThat(value).as("what the handler observed").isNotNull();
        return value;
    }

    @Test
    void echoesTextUntilThePeerClosesAndTheLoopThenEndsNormally() throws Exception {
        try (Peer peer = driver.connect("/echo")) {
            peer.sendText("hello");
            assertThat(peer.receiveText()).isEqualTo("echo: hello");
            peer.sendText("again");
            assertThat(peer.receiveText()).isEqualTo("echo: again");
        }
        assertThat(nextSeen()).isEqualTo("loop ended");
    }

    @Test
    void binaryMessagesIterate() {
        try (Peer peer = driver.connect("/bytes")) {
            peer.sendBytes(new byte[] {1, 2, 3});
            assertThat((byte[]) peer.receive()).containsExactly(3);
        }
    }

    @Test
    void closeBeforeAcceptRefusesTheHandshakeWith403() {
        Refused refused = catchThrowableOfType(Refused.class, () -> driver.connect("/refuse"));
        assertThat(refused.status).isEqualTo(403);
        if (refused.closeCode >= 0) {
            assertThat(refused.closeCode).isEqualTo(4001);
        }
    }

    @Test
    void aHandlerReturningBeforeAcceptRefusesTheHandshake() {
        Refused refused = catchThrowableOfType(Refused.class, () -> driver.connect("/no-accept"));
        assertThat(refused.status).isEqualTo(403);
        if (refused.closeCode >= 0) {
            assertThat(refused.closeCode).isEqualTo(1000);
        }
    }

    @Test
    void aHandlerThrowingBeforeAcceptIsA500() {
        Refused refused = catchThrowableOfType(Refused.class, () -> driver.connect("/fail-before"));
        assertThat(refused.status).isEqualTo(500);
    }

    @Test
    void aHandlerThrowingAfterAcceptClosesWith1011() {
        try (Peer peer = driver.connect("/fail-after")) {
            peer.sendText("trigger");
            WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, peer::receive);
            assertThat(closed.code()).isEqualTo(1011);
        }
    }

    @Test
    void aHandlerReturningAfterAcceptClosesWith1000() {
        try (Peer peer = driver.connect("/bye")) {
            assertThat(peer.receiveText()).isEqualTo("bye");
            WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, peer::receive);
            assertThat(closed.code()).isEqualTo(1000);
        }
    }

    @Test
    void theServersCloseCodeAndReasonReachTheClient() {
        try (Peer peer = driver.connect("/close-with-reason")) {
            WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, peer::receive);
            assertThat(closed.code()).isEqualTo(4000);
            assertThat(closed.reason()).isEqualTo("game over");
        }
    }

    @Test
    void thePeersCloseCodeAndReasonReachTheHandler() throws Exception {
        Peer peer = driver.connect("/peer-close");
        peer.close(4002, "leaving");
        assertThat(nextSeen()).isEqualTo("4002 leaving");
    }

    @Test
    void sendingAfterOurOwnCloseIsAnIllegalState() throws Exception {
        try (Peer peer = driver.connect("/send-after-close")) {
            assertThat(nextSeen()).isEqualTo("sendText() called after close()");
        }
    }

    @Test
    void handshakeDataReachesTheHandler() {
        try (Peer peer = driver.connect("/rooms/lobby?name=ada")) {
            assertThat(peer.receiveText()).isEqualTo("lobby/ada/ws");
        }
    }

    @Test
    void theSubprotocolIsTheFirstOfTheClientsOfferThatTheServerSupports() {
        try (Peer peer = driver.connect("/subprotocol", Map.of(), List.of("chat-v1", "chat-v2"))) {
            assertThat(peer.receiveText()).isEqualTo("chat-v1");
            assertThat(peer.subprotocol()).isEqualTo("chat-v1");
        }
        try (Peer peer = driver.connect("/subprotocol", Map.of(), List.of("mqtt"))) {
            assertThat(peer.receiveText()).isEqualTo("none");
            assertThat(peer.subprotocol()).isNull();
        }
    }

    @Test
    void aBinaryMessageWhereTextIsExpectedClosesWith1003() throws Exception {
        try (Peer peer = driver.connect("/text-only")) {
            peer.sendBytes(new byte[] {1});
            WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, peer::receive);
            assertThat(closed.code()).isEqualTo(1003);
            assertThat(closed.reason()).contains("expected a text message");
        }
        assertThat(nextSeen()).isEqualTo("disconnect 1003");
    }

    @Test
    void invalidJsonIsCatchableAndClosesWith1007WhenItEscapes() {
        try (Peer peer = driver.connect("/json")) {
            peer.sendText("{not json");
            assertThat(peer.receiveText()).isEqualTo("invalid, try again");
            peer.sendText("{\"user\": \"ada\"}"); // binds but misses "text"
            WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, peer::receive);
            assertThat(closed.code()).isEqualTo(1007);
        }
    }

    @Test
    void validJsonRoundTrips() {
        try (Peer peer = driver.connect("/json")) {
            peer.sendText("{\"user\":\"ada\",\"text\":\"hi\"}");
            peer.sendText("{\"user\":\"ada\",\"text\":\"hi\"}");
            assertThat(peer.receiveText()).isEqualTo("{\"user\":\"ada\",\"text\":\"hi\"}");
        }
    }

    @Test
    void aMessageOverTheRoutesLimitClosesWith1009() {
        try (Peer peer = driver.connect("/small")) {
            peer.sendText("0123456789abcdef");
            assertThat(peer.receiveText()).isEqualTo("0123456789abcdef");
            peer.sendText("0123456789abcdefX");
            WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, peer::receive);
            assertThat(closed.code()).isEqualTo(1009);
        }
    }

    @Test
    void theOriginMiddlewareRefusesAForeignOriginWith1008() {
        Refused refused = catchThrowableOfType(Refused.class,
                () -> driver.connect("/secure/ws", Map.of("Origin", "https://evil.example"), List.of()));
        assertThat(refused.status).isEqualTo(403);
        if (refused.closeCode >= 0) {
            assertThat(refused.closeCode).isEqualTo(1008);
        }
    }

    @Test
    void theOriginMiddlewareAcceptsTheAllowedOriginInAnyCaseWithTrailingSlashes() {
        try (Peer peer = driver.connect("/secure/ws", Map.of("Origin", "https://APP.example.com//"), List.of())) {
            assertThat(peer.receiveText()).isEqualTo("welcome https://APP.example.com//");
        }
    }

    @Test
    void outOfOrderCallsAndInvalidClosesThrowWithAMessageNamingTheCall() {
        try (Peer peer = driver.connect("/out-of-order")) {
            assertThat(peer.receiveText()).isEqualTo("IllegalStateException: sendText() called before accept()");
            assertThat(peer.receiveText()).isEqualTo("IllegalStateException: receiveText() called before accept()");
            assertThat(peer.receiveText()).isEqualTo("IllegalStateException: accept() called twice");
            assertThat(peer.receiveText()).startsWith("IllegalArgumentException: close code 1005 may not be sent");
            assertThat(peer.receiveText()).isEqualTo(
                    "IllegalArgumentException: close reason is longer than 123 UTF-8 bytes");
            WebSocketDisconnect closed = catchThrowableOfType(WebSocketDisconnect.class, peer::receive);
            assertThat(closed.code()).isEqualTo(1000);
        }
    }

    @Test
    void sendingAfterThePeerClosedThrowsWebSocketDisconnect() throws Exception {
        Peer peer = driver.connect("/send-after-peer-close");
        peer.close(4003, "gone");
        assertThat(nextSeen()).isEqualTo("WebSocketDisconnect: WebSocket closed with 4003 (gone)");
    }
}
