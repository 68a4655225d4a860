package io.veloce.server;

import static io.veloce.server.RawWebSocket.BINARY;
import static io.veloce.server.RawWebSocket.CLOSE;
import static io.veloce.server.RawWebSocket.CONTINUATION;
import static io.veloce.server.RawWebSocket.PING;
import static io.veloce.server.RawWebSocket.PONG;
import static io.veloce.server.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.server.RawHttp.RawResponse;
import io.veloce.server.RawWebSocket.Frame;
import io.veloce.testsupport.LeakCheck;
import io.veloce.websocket.WebSocketDisconnect;
import io.veloce.websocket.WebSocketMessage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The RFC 6455 rules on the wire, one test per rule, with a raw socket that sends exactly the
 * frames each rule is about. Runs with Netty's leak detector at PARANOID.
 */
@ExtendWith(LeakCheck.class)
class WebSocketWireTest {

    private static final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
    private static Server server;

    @BeforeAll
    static void startServer() {
        Veloce app = new Veloce();
        app.websocket("/echo", ws -> {
            ws.accept();
            try {
                while (true) {
                    switch (ws.receive()) {
                        case WebSocketMessage.Text text -> ws.sendText(text.text());
                        case WebSocketMessage.Binary binary -> ws.sendBytes(binary.bytes());
                    }
                }
            } catch (WebSocketDisconnect d) {
                seen.add(ws.queryParams().get("t") + " disconnect " + d.code());
            }
        });
        app.get("/both", req -> "plain http");
        app.websocket("/both", ws -> {
            ws.accept();
            ws.sendText("websocket");
            ws.close();
        });
        app.websocket("/close-first", s -> s.closeTimeout(Duration.ofMillis(300)), ws -> {
            ws.accept();
            ws.close(1000, "done");
        });
        app.websocket("/keepalive", s -> s.pingInterval(Duration.ofMillis(100)).pingTimeout(Duration.ofMillis(100)),
                ws -> {
                    ws.accept();
                    try {
                        ws.receiveText();
                    } catch (WebSocketDisconnect d) {
                        seen.add(ws.queryParams().get("t") + " disconnect " + d.code() + " " + d.reason());
                    }
                });
        app.websocket("/idle", s -> s.pingInterval(Duration.ZERO).idleTimeout(Duration.ofMillis(200)), ws -> {
            ws.accept();
            try {
                ws.receiveText();
            } catch (WebSocketDisconnect d) {
                seen.add(ws.queryParams().get("t") + " disconnect " + d.code() + " " + d.reason());
            }
        });
        app.websocket("/flood", s -> s.outboundLimit(64 * 1024).sendTimeout(Duration.ofMillis(300)), ws -> {
            ws.accept();
            byte[] chunk = new byte[16 * 1024];
            try {
                for (int i = 0; i < 100_000; i++) {
                    ws.sendBytes(chunk);
                }
                seen.add(ws.queryParams().get("t") + " never blocked");
            } catch (WebSocketDisconnect d) {
                seen.add(ws.queryParams().get("t") + " send failed " + d.code());
            }
        });
        server = app.start(ServerConfig.defaults().port(0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Tags this test's connections, so events of earlier tests' handlers finishing late are told apart. */
    private String tag;

    @BeforeEach
    void tagConnections(org.junit.jupiter.api.TestInfo test) {
        tag = Integer.toHexString(test.getDisplayName().hashCode() ^ (int) System.nanoTime());
    }

    /** Returns what a handler of this test's connections observed next (without the tag). */
    private String nextSeen() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String value = seen.poll(100, TimeUnit.MILLISECONDS);
            if (value != null && value.startsWith(tag + " ")) {
                return value.substring(tag.length() + 1);
            }
        }
        throw new AssertionError("no handler event for this test within 10 s");
    }

    private RawWebSocket connect(String path) throws IOException {
        return RawWebSocket.connect(server.port(), path + (path.contains("?") ? "&" : "?") + "t=" + tag);
    }

    /** Asserts that the server sent exactly one Close with {@code code} and then closed TCP. */
    private static Frame assertClosedWith(RawWebSocket ws, int code) throws IOException {
        Frame close = ws.readClose();
        assertThat(close.closeCode()).isEqualTo(code);
        assertThat(ws.closedByServer()).as("TCP closed after the Close frame, nothing sent after it").isTrue();
        return close;
    }

    // ---- handshake -------------------------------------------------------------------------

    @Test
    void aHandshakeWithoutKeyIs400() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).contains("Sec-WebSocket-Key");
        }
    }

    @Test
    void aHandshakeWithAMalformedKeyIs400() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: not-base64!\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .read();
            assertThat(response.status()).isEqualTo(400);
        }
    }

    @Test
    void aHandshakeWithVersion8Is426NamingVersion13() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 8\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(426);
            assertThat(response.header("Sec-WebSocket-Version")).isEqualTo("13");
        }
    }

    @Test
    void theAcceptKeyIsTheRfcExample() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\n\r\n").read(true);
            assertThat(response.status()).isEqualTo(101);
            assertThat(response.header("Sec-WebSocket-Accept")).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            assertThat(response.header("Upgrade")).isEqualToIgnoringCase("websocket");
        }
    }

    @Test
    void aHandshakeWithA1MiBHeaderBlockIs431NotIgnored() throws Exception {
        try (RawHttp http = new RawHttp(server.port())) {
            String huge = "X-Filler: " + "a".repeat(1024 * 1024) + "\r\n";
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    http.send("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                            + huge + "\r\n");
                } catch (IOException closedEarly) {
                    // the server answers and closes before reading it all: expected
                }
            });
            assertThat(http.read().status()).isEqualTo(431);
            writer.join(Duration.ofSeconds(10));
        }
    }

    @Test
    void aPlainHttpRequestToAWebSocketOnlyPathIs426() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /echo HTTP/1.1\r\nHost: x\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(426);
            assertThat(response.header("Upgrade")).isEqualTo("websocket");
        }
    }

    @Test
    void aPathWithBothRoutesServesHttpAndWebSocket() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            assertThat(http.send("GET /both HTTP/1.1\r\nHost: x\r\n\r\n").read().body()).isEqualTo("plain http");
        }
        try (RawWebSocket ws = connect("/both")) {
            assertThat(ws.read().text()).isEqualTo("websocket");
        }
    }

    // ---- messages --------------------------------------------------------------------------

    @Test
    void aFragmentedMessageIsReassembledAcrossAnInterleavedPing() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(false, 0, TEXT, "Hel".getBytes(StandardCharsets.UTF_8), true);
            ws.send(true, 0, PING, "p".getBytes(StandardCharsets.UTF_8), true);
            ws.send(false, 0, CONTINUATION, "lo, ".getBytes(StandardCharsets.UTF_8), true);
            ws.send(true, 0, CONTINUATION, "World".getBytes(StandardCharsets.UTF_8), true);
            Frame pong = ws.read();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.text()).isEqualTo("p");
            Frame echo = ws.read();
            assertThat(echo.opcode()).isEqualTo(TEXT);
            assertThat(echo.text()).isEqualTo("Hello, World");
        }
    }

    @Test
    void aPingIsAnsweredWithAPongCarryingItsPayload() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(PING, new byte[] {1, 2, 3});
            Frame pong = ws.read();
            assertThat(pong.opcode()).isEqualTo(PONG);
            assertThat(pong.payload()).containsExactly(1, 2, 3);
        }
    }

    @Test
    void anUnsolicitedPongIsIgnored() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(PONG, new byte[] {9});
            ws.sendText("still here");
            assertThat(ws.read().text()).isEqualTo("still here");
        }
    }

    @Test
    void binaryMessagesKeepTheirType() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(BINARY, new byte[] {0, (byte) 0xFF});
            Frame echo = ws.read();
            assertThat(echo.opcode()).isEqualTo(BINARY);
            assertThat(echo.payload()).containsExactly(0, 0xFF);
        }
    }

    // ---- protocol violations ---------------------------------------------------------------

    @Test
    void anUnmaskedClientFrameIs1002() throws Exception {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(true, 0, TEXT, "hi".getBytes(StandardCharsets.UTF_8), false);
            assertClosedWith(ws, 1002);
        }
        assertThat(nextSeen()).isEqualTo("disconnect 1002");
    }

    @Test
    void aReservedOpcodeIs1002() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(0x3, new byte[0]);
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void rsvBitsWithoutANegotiatedExtensionAre1002() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(true, 4, TEXT, "hi".getBytes(StandardCharsets.UTF_8), true);
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void aControlFrameOver125BytesIs1002() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(PING, new byte[126]);
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void aFragmentedControlFrameIs1002() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(false, 0, PING, new byte[] {1}, true);
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void aContinuationWithoutAStartIs1002() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(true, 0, CONTINUATION, "x".getBytes(StandardCharsets.UTF_8), true);
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void invalidUtf8TextIs1007() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(TEXT, new byte[] {'a', (byte) 0xC3, (byte) 0x28});
            assertClosedWith(ws, 1007);
        }
    }

    @Test
    void invalidUtf8SplitAcrossFragmentsIs1007WithoutWaitingForTheEnd() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(false, 0, TEXT, new byte[] {'a', (byte) 0xE2, (byte) 0x82}, true); // valid so far
            ws.send(false, 0, CONTINUATION, new byte[] {(byte) 0x28}, true); // breaks the sequence
            // no final fragment is ever sent: the server must fail on the bad fragment itself
            assertClosedWith(ws, 1007);
        }
    }

    @Test
    void aCloseWithAOneBytePayloadIs1002() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(CLOSE, new byte[] {3});
            assertClosedWith(ws, 1002);
        }
    }

    @ParameterizedTest(name = "close code {0}")
    @ValueSource(ints = {0, 999, 1004, 1005, 1006, 1015, 1016, 2999, 5000, 65535})
    void aCloseWithACodeThatMayNotBeSentIsAnsweredWith1002NotEchoed(int code) throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.sendClose(code, "");
            assertClosedWith(ws, 1002);
        }
    }

    @Test
    void aCloseWithAnInvalidUtf8ReasonIs1007() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(CLOSE, new byte[] {0x03, (byte) 0xE8, (byte) 0xFF, (byte) 0xFE});
            assertClosedWith(ws, 1007);
        }
    }

    @Test
    void anOversizedFrameIs1009AsSoonAsItsHeaderArrives() throws Exception {
        try (RawWebSocket ws = connect("/echo")) {
            ws.sendHeader(true, BINARY, 64L * 1024 * 1024); // announces 64 MiB, sends none of it
            assertClosedWith(ws, 1009);
        }
        assertThat(nextSeen()).isEqualTo("disconnect 1009");
    }

    @Test
    void anOversizedFragmentedMessageIs1009BeforeItEnds() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            byte[] fragment = new byte[256 * 1024];
            ws.send(false, 0, BINARY, fragment, true);
            for (int i = 0; i < 4; i++) { // 1.25 MiB in all, over the default 1 MiB
                ws.send(false, 0, CONTINUATION, fragment, true);
            }
            assertClosedWith(ws, 1009);
        }
    }

    // ---- closing ---------------------------------------------------------------------------

    @Test
    void thePeersCloseIsAnsweredWithItsCodeAndTcpIsClosed() throws Exception {
        try (RawWebSocket ws = connect("/echo")) {
            ws.sendClose(4321, "bye");
            Frame close = assertClosedWith(ws, 4321);
            assertThat(close.closeReason()).isEmpty();
        }
        assertThat(nextSeen()).isEqualTo("disconnect 4321");
    }

    @Test
    void aPeerThatDropsWithoutACloseIsSeenAs1006() throws Exception {
        RawWebSocket ws = connect("/echo");
        ws.sendText("hi");
        assertThat(ws.read().text()).isEqualTo("hi");
        ws.close();
        assertThat(nextSeen()).isEqualTo("disconnect 1006");
    }

    @Test
    void aCloseWithoutCodeIsAnsweredAndSeenAs1005() throws Exception {
        try (RawWebSocket ws = connect("/echo")) {
            ws.send(CLOSE, new byte[0]);
            Frame close = ws.readClose();
            assertThat(close.payload()).isEmpty();
            assertThat(ws.closedByServer()).isTrue();
        }
        assertThat(nextSeen()).isEqualTo("disconnect 1005");
    }

    @Test
    void aProtocolErrorAfterTheServersCloseSendsNoSecondClose() throws IOException {
        try (RawWebSocket ws = connect("/close-first")) {
            Frame close = ws.read();
            assertThat(close.opcode()).isEqualTo(CLOSE);
            assertThat(close.closeCode()).isEqualTo(1000);
            ws.send(true, 0, TEXT, "x".getBytes(StandardCharsets.UTF_8), false); // unmasked: a violation
            assertThat(ws.closedByServer()).as("no second Close frame, just the TCP close").isTrue();
        }
    }

    @Test
    void aPeerThatNeverAnswersOurCloseIsDisconnectedAfterTheCloseTimeout() throws IOException {
        try (RawWebSocket ws = connect("/close-first")) {
            assertThat(ws.read().opcode()).isEqualTo(CLOSE);
            assertThat(ws.closedByServer()).isTrue(); // within the 10 s read timeout, after the 300 ms close timeout
        }
    }

    @Test
    void aPeerThatDoesNotAnswerKeepalivePingsIsClosedWith1011() throws Exception {
        try (RawWebSocket ws = connect("/keepalive")) {
            Frame ping = ws.read();
            assertThat(ping.opcode()).isEqualTo(PING);
            assertClosedWith(ws, 1011); // never answered
        }
        assertThat(nextSeen()).isEqualTo("disconnect 1011 keepalive ping timed out");
    }

    @Test
    void aPeerThatAnswersKeepalivePingsStaysConnected() throws IOException {
        try (RawWebSocket ws = connect("/keepalive")) {
            for (int i = 0; i < 5; i++) {
                Frame ping = ws.read();
                assertThat(ping.opcode()).isEqualTo(PING);
                ws.send(PONG, ping.payload());
            }
        }
    }

    @Test
    void anIdleConnectionIsClosedWith1001WhenAnIdleTimeoutIsSet() throws Exception {
        try (RawWebSocket ws = connect("/idle")) {
            Frame close = ws.readClose();
            assertThat(close.closeCode()).isEqualTo(1001);
            assertThat(close.closeReason()).isEqualTo("idle timeout");
        }
        assertThat(nextSeen()).isEqualTo("disconnect 1001 idle timeout");
    }

    @Test
    void aPeerThatDoesNotReadMakesSendFailAfterTheSendTimeoutWhileOthersAreServed() throws Exception {
        try (RawWebSocket slow = connect("/flood"); RawWebSocket echo = connect("/echo")) {
            assertThat(nextSeen()).isEqualTo("send failed 1008");
            echo.sendText("unaffected");
            assertThat(echo.read().text()).isEqualTo("unaffected");
            // the slow peer's connection was closed: reading it drains what the kernel held, then EOF
            long drained = 0;
            try {
                while (true) {
                    drained += slow.read().payload().length;
                }
            } catch (IOException closed) {
                assertThat(drained).isLessThan(100_000L * 16 * 1024);
            }
        }
    }

    @Test
    void gracefulShutdownClosesOpenWebSocketsWith1001() throws Exception {
        BlockingQueue<String> handlerSaw = new LinkedBlockingQueue<>();
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            try {
                ws.receiveText();
            } catch (WebSocketDisconnect d) {
                handlerSaw.add(d.code() + " " + d.reason());
            }
        });
        Server own = app.start(ServerConfig.defaults().port(0));
        try (RawWebSocket ws = RawWebSocket.connect(own.port(), "/ws")) {
            Thread closer = Thread.ofVirtual().start(own::close);
            Frame close = ws.readClose();
            assertThat(close.closeCode()).isEqualTo(1001);
            ws.sendClose(1001, "");
            closer.join(Duration.ofSeconds(10));
            assertThat(closer.isAlive()).isFalse();
        } finally {
            own.close();
        }
        assertThat(handlerSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("1001 server shutting down");
    }

    @Test
    void framesTheClientSendsRightBehindTheHandshakeAreNotLost() throws IOException {
        try (RawWebSocket ws = connect("/echo")) {
            byte[] many = new byte[3000];
            Arrays.fill(many, (byte) 'a');
            for (int i = 0; i < 20; i++) {
                ws.send(TEXT, many);
            }
            for (int i = 0; i < 20; i++) {
                assertThat(ws.read().payload()).hasSize(3000);
            }
        }
    }

    /** An app whose handler accepts only when {@code decide} opens, then reports how its receive ended. */
    private static Veloce slowToDecide(java.util.concurrent.CountDownLatch decide, BlockingQueue<String> handlerSaw) {
        Veloce app = new Veloce();
        app.websocket("/slow-to-decide", ws -> {
            handlerSaw.add("deciding");
            decide.await(10, TimeUnit.SECONDS);
            ws.accept();
            try {
                ws.receiveText();
            } catch (WebSocketDisconnect d) {
                handlerSaw.add("disconnect " + d.code());
            }
        });
        return app;
    }

    private static final String SLOW_HANDSHAKE = "GET /slow-to-decide HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";

    @Test
    void aClientThatLeavesBeforeAcceptMakesTheHandlersReceiveEndWith1006() throws Exception {
        java.util.concurrent.CountDownLatch decide = new java.util.concurrent.CountDownLatch(1);
        BlockingQueue<String> handlerSaw = new LinkedBlockingQueue<>();
        try (Server own = slowToDecide(decide, handlerSaw).start(ServerConfig.defaults().port(0))) {
            try (RawHttp http = new RawHttp(own.port())) {
                http.send(SLOW_HANDSHAKE);
                assertThat(handlerSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("deciding");
            }
            Thread.sleep(200); // let the server see the close before the handler accepts
            decide.countDown();
            assertThat(handlerSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect 1006");
        }
    }

    @Test
    void aWebSocketAcceptedWhileTheServerShutsDownIsClosedWith1001() throws Exception {
        java.util.concurrent.CountDownLatch decide = new java.util.concurrent.CountDownLatch(1);
        BlockingQueue<String> handlerSaw = new LinkedBlockingQueue<>();
        Server own = slowToDecide(decide, handlerSaw).start(ServerConfig.defaults().port(0));
        try (RawHttp http = new RawHttp(own.port())) {
            http.send(SLOW_HANDSHAKE);
            assertThat(handlerSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("deciding");
            Thread closer = Thread.ofVirtual().start(own::close);
            Thread.sleep(200); // let the shutdown sweep pass while the handshake is still undecided
            decide.countDown();
            assertThat(handlerSaw.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnect 1001");
            closer.join(Duration.ofSeconds(15));
        } finally {
            own.close();
        }
    }
}
