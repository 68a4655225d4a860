package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.server.RawWebSocket.Frame;
import io.veloce.testsupport.LeakCheck;
import io.veloce.websocket.BroadcastOverflow;
import io.veloce.websocket.Broadcaster;
import io.veloce.websocket.WebSocketDisconnect;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Broadcasting on the real server: frames on the wire, one shared buffer, and a member that does
 * not read never holding up the publisher or the others.
 */
@ExtendWith(LeakCheck.class)
class BroadcastWireTest {

    private static final int OUTBOUND_LIMIT = 16 * 1024;
    private static final int MESSAGES = 20_000;
    private static final byte[] KIB = new byte[1024];

    @Test
    void theSharedFrameIsByteForByteWhatNettysEncoderWrites() {
        for (int length : new int[] {0, 1, 125, 126, 65_535, 65_536}) {
            byte[] payload = new byte[length];
            java.util.Arrays.fill(payload, (byte) 'x');
            for (boolean text : new boolean[] {true, false}) {
                SharedFrame shared = new SharedFrame(text, payload);
                ByteBuf ours = shared.encoded(ByteBufAllocator.DEFAULT);
                WebSocketFrame frame = text ? new TextWebSocketFrame(Unpooled.wrappedBuffer(payload))
                        : new BinaryWebSocketFrame(Unpooled.wrappedBuffer(payload));
                EmbeddedChannel netty = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
                netty.writeOutbound(frame);
                ByteBuf theirs = Unpooled.buffer();
                for (ByteBuf part; (part = netty.readOutbound()) != null; ) {
                    theirs.writeBytes(part);
                    part.release();
                }
                assertThat(ByteBufUtil.getBytes(ours)).as("length %d, text %s", length, text)
                        .isEqualTo(ByteBufUtil.getBytes(theirs));
                theirs.release();
                shared.release();
                assertThat(ours.refCnt()).isZero();
                netty.finishAndReleaseAll();
            }
        }
    }

    /** An app whose members join "feed"; the handler reports how its connection ended. */
    private static Veloce app(BroadcastOverflow policy, BlockingQueue<String> endings) {
        Veloce app = new Veloce();
        Broadcaster broadcaster = app.broadcaster();
        app.websocket("/feed", s -> s.outboundLimit(OUTBOUND_LIMIT).sendTimeout(Duration.ofSeconds(2))
                .broadcastOverflow(policy), ws -> {
                    ws.accept();
                    broadcaster.join("feed", ws);
                    ws.sendText("joined");
                    try {
                        ws.receiveText();
                        endings.add("returned");
                    } catch (WebSocketDisconnect gone) {
                        endings.add("closed " + gone.code());
                    }
                });
        return app;
    }

    /** A member whose socket reads nothing after the handshake, with a small receive window. */
    private static RawWebSocket stalled(int port) throws IOException {
        RawWebSocket ws = RawWebSocket.connect(port, "/feed", "", socket -> socketWindow(socket));
        assertThat(new String(ws.read().payload(), StandardCharsets.UTF_8)).isEqualTo("joined");
        return ws;
    }

    private static void socketWindow(Socket socket) {
        try {
            socket.setReceiveBufferSize(4096);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Reads {@code MESSAGES} frames and checks they are the publisher's, in order, counting them in {@code read}. */
    private static void readAllInOrder(RawWebSocket fast, java.util.concurrent.atomic.AtomicInteger read)
            throws IOException {
        for (int i = 0; i < MESSAGES; i++) {
            Frame frame = fast.read();
            assertThat(frame.opcode()).isEqualTo(RawWebSocket.BINARY);
            assertThat(frame.payload()).hasSize(KIB.length + 4);
            int sequence = java.nio.ByteBuffer.wrap(frame.payload()).getInt();
            assertThat(sequence).isEqualTo(i);
            read.incrementAndGet();
        }
    }

    /** Reads everything {@code fast} is sent on a virtual thread, counting in {@code read}. */
    private static Thread startReading(RawWebSocket fast, java.util.concurrent.atomic.AtomicInteger read) {
        return Thread.ofVirtual().start(() -> {
            try {
                readAllInOrder(fast, read);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    /**
     * Publishes at the pace of the reading member (at most 8 messages, 8 KiB, ahead of it, under
     * its 16 KiB limit): the stalled member falls behind, the reading one never does.
     */
    private static void publishAll(Broadcaster broadcaster, java.util.concurrent.atomic.AtomicInteger read) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (int i = 0; i < MESSAGES; i++) {
            while (i - read.get() > 8) {
                assertThat(System.nanoTime()).as("the reading member stopped reading").isLessThan(deadline);
                Thread.onSpinWait();
            }
            byte[] message = java.nio.ByteBuffer.allocate(KIB.length + 4).putInt(i).put(KIB).array();
            assertThat(broadcaster.publish("feed", message)).as("the publisher never waits").isCompleted();
        }
    }

    @Test
    void aMemberThatDoesNotReadIsClosedWith1008AndTheOthersGetEverythingInOrder() throws Exception {
        BlockingQueue<String> endings = new LinkedBlockingQueue<>();
        Veloce app = app(BroadcastOverflow.CLOSE, endings);
        try (Server server = app.start(ServerConfig.defaults().port(0));
                RawWebSocket slow = stalled(server.port());
                RawWebSocket fast = RawWebSocket.connect(server.port(), "/feed")) {
            assertThat(new String(fast.read().payload(), StandardCharsets.UTF_8)).isEqualTo("joined");
            java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
            Thread reader = startReading(fast, read);
            publishAll(app.broadcaster(), read); // 20 MiB: far beyond what the stalled socket can buffer
            reader.join(Duration.ofSeconds(30));
            assertThat(read.get()).as("the reading member got all 20,000 messages, in order").isEqualTo(MESSAGES);
            assertThat(endings.poll(20, TimeUnit.SECONDS)).isEqualTo("closed 1008");
            assertThat(app.broadcaster().localMembers("feed")).isEqualTo(1);
        }
    }

    /**
     * A member with a 16 MiB limit, so that {@link #publishBehind} puts it over the limit but not
     * at twice it, whatever the kernel buffers (a few MiB on loopback) take first.
     */
    private static Veloce lenientApp(Duration sendTimeout, BlockingQueue<String> endings) {
        Veloce app = new Veloce();
        Broadcaster broadcaster = app.broadcaster();
        app.websocket("/feed", s -> s.outboundLimit(16 * 1024 * 1024).sendTimeout(sendTimeout), ws -> {
            ws.accept();
            broadcaster.join("feed", ws);
            ws.sendText("joined");
            try {
                ws.receiveText();
                endings.add("returned");
            } catch (WebSocketDisconnect gone) {
                endings.add("closed " + gone.code());
            }
        });
        return app;
    }

    private static final int BEHIND = 28 * 1024;

    /** 28 MiB: more than the 16 MiB limit once the kernel's buffers are full, less than twice it. */
    private static void publishBehind(Broadcaster broadcaster) {
        for (int i = 0; i < BEHIND; i++) {
            broadcaster.publish("feed", java.nio.ByteBuffer.allocate(KIB.length + 4).putInt(i).put(KIB).array());
        }
    }

    @Test
    void aMemberThatStaysBehindForTheSendTimeoutIsClosedWith1008() throws Exception {
        BlockingQueue<String> endings = new LinkedBlockingQueue<>();
        Veloce app = lenientApp(Duration.ofSeconds(1), endings);
        try (io.veloce.testsupport.LogCapture log = io.veloce.testsupport.LogCapture.start();
                Server server = app.start(ServerConfig.defaults().port(0));
                RawWebSocket slow = stalled(server.port())) {
            publishBehind(app.broadcaster());
            assertThat(endings.poll(20, TimeUnit.SECONDS)).isEqualTo("closed 1008");
            assertThat(log.lines(NettyWebSocket.class)).singleElement().asString()
                    .contains("over its outbound limit for 1000 ms");
        }
    }

    @Test
    void aMemberThatCatchesUpInTimeStaysConnectedAndHasEverything() throws Exception {
        BlockingQueue<String> endings = new LinkedBlockingQueue<>();
        Veloce app = lenientApp(Duration.ofSeconds(30), endings);
        try (Server server = app.start(ServerConfig.defaults().port(0));
                RawWebSocket slow = stalled(server.port())) {
            publishBehind(app.broadcaster());
            for (int i = 0; i < BEHIND; i++) { // reading at last, well within the 30 s
                assertThat(java.nio.ByteBuffer.wrap(slow.read().payload()).getInt()).isEqualTo(i);
            }
            assertThat(endings).isEmpty();
            assertThat(app.broadcaster().localMembers("feed")).isEqualTo(1);
        }
    }

    @Test
    void aCompressedMemberGetsItsOwnCompressedCopy() throws Exception {
        Veloce app = new Veloce();
        Broadcaster broadcaster = app.broadcaster();
        app.websocket("/feed", s -> s.compression(true), ws -> {
            ws.accept();
            broadcaster.join("feed", ws);
            ws.sendText("joined");
            ws.receiveText();
        });
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
        try (Server server = app.start(ServerConfig.defaults().port(0));
                RawWebSocket compressed = RawWebSocket.connect(server.port(), "/feed", offer);
                RawWebSocket plain = RawWebSocket.connect(server.port(), "/feed")) {
            assertThat(compressed.responseHeader("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            compressed.read();
            plain.read();
            String text = "the same news for everyone, the same news for everyone";
            broadcaster.publish("feed", text).join();
            Frame deflated = compressed.read();
            assertThat(deflated.rsv()).as("RSV1: compressed").isEqualTo(4);
            java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
            byte[] input = java.util.Arrays.copyOf(deflated.payload(), deflated.payload().length + 4);
            input[input.length - 2] = (byte) 0xFF;
            input[input.length - 1] = (byte) 0xFF;
            inflater.setInput(input);
            byte[] out = new byte[1024];
            int n = inflater.inflate(out);
            inflater.end();
            assertThat(new String(out, 0, n, StandardCharsets.UTF_8)).isEqualTo(text);
            Frame raw = plain.read();
            assertThat(raw.rsv()).isZero();
            assertThat(new String(raw.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
        }
    }

    @Test
    void withTheDropPolicyASlowMemberStaysConnectedAndLosesWhatItCouldNotTake() throws Exception {
        BlockingQueue<String> endings = new LinkedBlockingQueue<>();
        Veloce app = app(BroadcastOverflow.DROP, endings);
        try (Server server = app.start(ServerConfig.defaults().port(0));
                RawWebSocket slow = stalled(server.port());
                RawWebSocket fast = RawWebSocket.connect(server.port(), "/feed")) {
            assertThat(new String(fast.read().payload(), StandardCharsets.UTF_8)).isEqualTo("joined");
            java.util.concurrent.atomic.AtomicInteger read = new java.util.concurrent.atomic.AtomicInteger();
            Thread reader = startReading(fast, read);
            publishAll(app.broadcaster(), read);
            reader.join(Duration.ofSeconds(30));
            assertThat(read.get()).isEqualTo(MESSAGES);
            assertThat(endings).as("nobody was closed").isEmpty();
            // the slow member, reading at last, gets a prefix of the messages in order, then a gap
            int received = 0;
            int last = -1;
            slow.setReadTimeout(500);
            try {
                while (true) {
                    Frame frame = slow.read();
                    int sequence = java.nio.ByteBuffer.wrap(frame.payload()).getInt();
                    assertThat(sequence).isGreaterThan(last);
                    last = sequence;
                    received++;
                }
            } catch (java.net.SocketTimeoutException drained) {
                // nothing more queued for it
            }
            assertThat(received).isGreaterThan(0).isLessThan(MESSAGES);
            assertThat(app.broadcaster().localMembers("feed")).isEqualTo(2);
        }
    }
}
