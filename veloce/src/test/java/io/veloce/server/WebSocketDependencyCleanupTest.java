package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.testsupport.LeakCheck;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** However a WebSocket ends, its dependencies' cleanup runs exactly once, after the handler. */
@ExtendWith(LeakCheck.class)
class WebSocketDependencyCleanupTest {

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Server server;

    @BeforeEach
    void start() {
        Dependency<String> session = Dependency.of(conn -> conn.queryParams().get("id"))
                .onClose(id -> events.add("cleanup " + id));
        Veloce app = new Veloce();
        app.websocket("/ws", session, (ws, id) -> {
            ws.accept();
            for (String message : ws.iterText()) {
                if (message.equals("fail")) {
                    throw new IllegalStateException("handler failed");
                }
                if (message.equals("close")) {
                    ws.close(4000);
                }
            }
        });
        server = app.start(ServerConfig.defaults().port(0).shutdownTimeout(Duration.ofSeconds(5)));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void assertCleanedUpOnce(String id) throws InterruptedException {
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("cleanup " + id);
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).as("cleanup ran once").isNull();
    }

    @Test
    void whenThePeerCloses() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/ws?id=peer")) {
            ws.sendClose(1000, "");
            ws.readClose();
        }
        assertCleanedUpOnce("peer");
    }

    @Test
    void whenThePeerDrops() throws Exception {
        RawWebSocket ws = RawWebSocket.connect(server.port(), "/ws?id=drop");
        ws.close();
        assertCleanedUpOnce("drop");
    }

    @Test
    void whenTheServerCloses() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/ws?id=server")) {
            ws.sendText("close");
            assertThat(ws.readClose().closeCode()).isEqualTo(4000);
            ws.sendClose(4000, "");
        }
        assertCleanedUpOnce("server");
    }

    @Test
    void whenTheHandlerThrows() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/ws?id=error")) {
            ws.sendText("fail");
            assertThat(ws.readClose().closeCode()).isEqualTo(1011);
        }
        assertCleanedUpOnce("error");
    }

    @Test
    void whenTheServerShutsDown() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/ws?id=shutdown")) {
            Thread closer = Thread.ofVirtual().start(server::close);
            assertThat(ws.readClose().closeCode()).isEqualTo(1001);
            ws.sendClose(1001, "");
            closer.join(Duration.ofSeconds(10));
        }
        assertCleanedUpOnce("shutdown");
    }
}
