package io.veloce.server;

import static io.veloce.server.RawWebSocket.BINARY;
import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.server.RawWebSocket.Frame;
import io.veloce.testsupport.LeakCheck;
import io.veloce.websocket.WebSocketDisconnect;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Memory stays bounded whatever the peer does: a peer that sends faster than the handler reads
 * is not read, a peer that does not read makes {@code send*} block and then fail, an oversized
 * message is refused before it is buffered, and none of it disturbs other connections.
 */
@ExtendWith(LeakCheck.class)
class WebSocketFlowControlTest {

    private static final int OUTBOUND_LIMIT = 64 * 1024;
    private static final BlockingQueue<String> pausedSeen = new LinkedBlockingQueue<>();
    private static final BlockingQueue<String> floodSeen = new LinkedBlockingQueue<>();
    private static final CountDownLatch startReading = new CountDownLatch(1);
    private static final List<Long> sentBeforeFailing = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static Server server;

    @BeforeAll
    static void startServer() {
        Veloce app = new Veloce();
        app.websocket("/echo", ws -> {
            ws.accept();
            for (byte[] message : ws.iterBytes()) {
                ws.sendBytes(message);
            }
        });
        app.websocket("/paused", ws -> {
            ws.accept();
            startReading.await(30, TimeUnit.SECONDS);
            long received = 0;
            for (byte[] message : ws.iterBytes()) {
                received += message.length;
            }
            pausedSeen.add("received " + received);
        });
        app.websocket("/flood", s -> s.outboundLimit(OUTBOUND_LIMIT).sendTimeout(Duration.ofMillis(500)), ws -> {
            ws.accept();
            byte[] chunk = new byte[16 * 1024];
            long sent = 0;
            try {
                for (int i = 0; i < 100_000; i++) {
                    ws.sendBytes(chunk);
                    sent += chunk.length;
                }
                floodSeen.add("never blocked");
            } catch (WebSocketDisconnect d) {
                sentBeforeFailing.add(sent);
                floodSeen.add("send failed " + d.code());
            }
        });
        app.websocket("/concurrent", ws -> {
            ws.accept();
            List<Thread> senders = new ArrayList<>();
            for (char fill : new char[] {'a', 'b', 'c', 'd'}) {
                senders.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 100; i++) {
                        ws.sendText(String.valueOf(fill).repeat(20_000));
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join();
            }
            ws.close();
        });
        server = app.start(ServerConfig.defaults().port(0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aHandlerThatDoesNotReceiveStopsTheServerReadingItsSocket() throws Exception {
        AtomicLong written = new AtomicLong();
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/paused").sendBuffer(64 * 1024)) {
            byte[] message = new byte[16 * 1024];
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    for (int i = 0; i < 768; i++) { // up to 12 MiB, more than the socket buffers hold
                        ws.send(BINARY, message);
                        written.addAndGet(message.length);
                    }
                } catch (IOException closed) {
                    // the test closes the socket when done
                }
            });
            long last = -1;
            for (int i = 0; i < 100 && written.get() != last; i++) { // wait until writing stalls (at most 10 s)
                last = written.get();
                Thread.sleep(100);
            }
            assertThat(written.get()).as("bytes the server took while its handler was not receiving")
                    .isLessThan(8L * 1024 * 1024);
            startReading.countDown();
            writer.join(Duration.ofSeconds(30));
            assertThat(writer.isAlive()).isFalse();
            ws.sendClose(1000, "");
            assertThat(pausedSeen.poll(10, TimeUnit.SECONDS)).isEqualTo("received " + written.get());
        }
    }

    @Test
    void peersThatDoNotReadMakeSendFailAfterTheTimeoutWithoutDisturbingAnEchoClient() throws Exception {
        List<RawWebSocket> slow = new ArrayList<>();
        try (RawWebSocket echo = RawWebSocket.connect(server.port(), "/echo")) {
            for (int i = 0; i < 100; i++) {
                slow.add(RawWebSocket.connect(server.port(), "/flood"));
            }
            for (int i = 0; i < 20; i++) {
                echo.send(BINARY, new byte[] {(byte) i});
                Frame frame = echo.read();
                assertThat(frame.payload()).containsExactly(i);
            }
            for (int i = 0; i < 100; i++) {
                assertThat(floodSeen.poll(20, TimeUnit.SECONDS)).isEqualTo("send failed 1008");
            }
            // what each handler got out before blocking: the outbound limit plus what the kernel's
            // socket buffers absorbed, nowhere near the 1.6 GB it tried to send
            assertThat(sentBeforeFailing).hasSize(100).allMatch(sent -> sent < 16L * 1024 * 1024);
            echo.send(BINARY, new byte[] {42});
            assertThat(echo.read().payload()).containsExactly(42);
        } finally {
            for (RawWebSocket ws : slow) {
                ws.close();
            }
        }
    }

    @Test
    void a64MiBMessageToA1MiBRouteIsRefusedWith1009BeforeItIsBuffered() throws Exception {
        AtomicLong written = new AtomicLong();
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/echo")) {
            long size = 64L * 1024 * 1024;
            ws.sendHeader(true, BINARY, size);
            Thread writer = Thread.ofVirtual().start(() -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (written.get() < size) {
                        ws.sendRaw(chunk);
                        written.addAndGet(chunk.length);
                    }
                } catch (IOException refused) {
                    // the server closed the connection: expected
                }
            });
            assertThat(ws.readClose().closeCode()).isEqualTo(1009);
            writer.join(Duration.ofSeconds(30));
            assertThat(written.get()).as("bytes accepted before the server closed").isLessThan(size / 4);
        }
    }

    @Test
    void concurrentSendersNeverInterleaveMessages() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/concurrent")) {
            int[] counts = new int[4];
            for (int i = 0; i < 400; i++) {
                Frame frame = ws.read();
                assertThat(frame.fin()).isTrue();
                String text = frame.text();
                assertThat(text).hasSize(20_000);
                char fill = text.charAt(0);
                assertThat(text.chars().allMatch(c -> c == fill)).as("message %d is whole", i).isTrue();
                counts[fill - 'a']++;
            }
            assertThat(counts).containsExactly(100, 100, 100, 100);
            assertThat(ws.readClose().closeCode()).isEqualTo(1000);
        }
    }
}
