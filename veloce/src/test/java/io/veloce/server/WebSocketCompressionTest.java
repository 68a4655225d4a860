package io.veloce.server;

import static io.veloce.server.RawWebSocket.TEXT;
import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.server.RawWebSocket.Frame;
import io.veloce.testsupport.LeakCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** permessage-deflate (RFC 7692): off by default, negotiated per route when enabled, bounded when inflating. */
@ExtendWith(LeakCheck.class)
class WebSocketCompressionTest {

    private static final String OFFER = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
    private static Server server;

    @BeforeAll
    static void startServer() {
        Veloce app = new Veloce();
        app.websocket("/plain", ws -> {
            ws.accept();
            for (String message : ws.iterText()) {
                ws.sendText(message);
            }
        });
        app.websocket("/compressed", s -> s.compression(true).maxMessageSize(64 * 1024), ws -> {
            ws.accept();
            for (String message : ws.iterText()) {
                ws.sendText(message);
            }
        });
        server = app.start(ServerConfig.defaults().port(0));
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    /** Compresses one message as RFC 7692 §7.2.1 says: raw deflate, sync flush, without the trailing 00 00 ff ff. */
    private static byte[] deflate(byte[] message) {
        Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        deflater.setInput(message);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH)) > 0) {
            out.write(buffer, 0, n);
        }
        deflater.end();
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4);
    }

    private static String inflate(byte[] payload) throws DataFormatException {
        Inflater inflater = new Inflater(true);
        byte[] withTail = Arrays.copyOf(payload, payload.length + 4);
        withTail[payload.length + 2] = (byte) 0xFF;
        withTail[payload.length + 3] = (byte) 0xFF;
        inflater.setInput(withTail);
        byte[] out = new byte[1 << 16];
        int n = inflater.inflate(out);
        inflater.end();
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    @Test
    void compressionIsOffByDefaultEvenWhenTheClientOffersIt() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/plain", OFFER)) {
            assertThat(ws.responseHeader("Sec-WebSocket-Extensions")).isNull();
            ws.send(true, 4, TEXT, deflate("hi".getBytes(StandardCharsets.UTF_8)), true);
            assertThat(ws.readClose().closeCode()).as("RSV1 without the extension").isEqualTo(1002);
        }
    }

    @Test
    void aRouteWithCompressionNegotiatesItAndExchangesCompressedMessages() throws Exception {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/compressed", OFFER)) {
            assertThat(ws.responseHeader("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            String text = "hello hello hello hello hello";
            ws.send(true, 4, TEXT, deflate(text.getBytes(StandardCharsets.UTF_8)), true);
            Frame echo = ws.read();
            assertThat(echo.rsv()).as("RSV1: compressed").isEqualTo(4);
            assertThat(inflate(echo.payload())).isEqualTo(text);
        }
    }

    @Test
    void aClientThatDoesNotOfferCompressionGetsPlainFramesOnACompressedRoute() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/compressed")) {
            assertThat(ws.responseHeader("Sec-WebSocket-Extensions")).isNull();
            ws.sendText("plain");
            Frame echo = ws.read();
            assertThat(echo.rsv()).isZero();
            assertThat(echo.text()).isEqualTo("plain");
        }
    }

    @Test
    void aCompressedMessageThatInflatesBeyondTheLimitIs1009() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/compressed", OFFER)) {
            byte[] bomb = new byte[1024 * 1024]; // 1 MiB of zeros deflates to about a kilobyte
            Arrays.fill(bomb, (byte) 'a');
            byte[] compressed = deflate(bomb);
            assertThat(compressed.length).isLessThan(64 * 1024);
            ws.send(true, 4, TEXT, compressed, true);
            assertThat(ws.readClose().closeCode()).isEqualTo(1009);
        }
    }

    @Test
    void reservedBitsOtherThanCompressionAre1002EvenWithCompressionNegotiated() throws IOException {
        try (RawWebSocket ws = RawWebSocket.connect(server.port(), "/compressed", OFFER)) {
            assertThat(ws.responseHeader("Sec-WebSocket-Extensions")).startsWith("permessage-deflate");
            ws.send(true, 2, TEXT, "hi".getBytes(StandardCharsets.UTF_8), true); // RSV2
            assertThat(ws.readClose().closeCode()).isEqualTo(1002);
        }
    }
}
