package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.FileSink;
import io.veloce.http.Response;
import io.veloce.server.RawHttp.RawResponse;
import io.veloce.testsupport.LeakCheck;
import io.veloce.testsupport.LogCapture;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A streaming body whose {@code Content-Length} is announced (a file's) goes out with that length,
 * not chunked, and must match it; files written through {@link FileSink} arrive in order.
 */
@ExtendWith(LeakCheck.class)
class AnnouncedLengthWireTest {

    @TempDir
    Path dir;
    private Server server;

    @BeforeEach
    void start() throws IOException {
        Path file = Files.writeString(dir.resolve("file.txt"), "0123456789");
        Veloce app = new Veloce();
        app.get("/sized", req -> Response.stream("text/plain", out -> out.write("hello world".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Length", "11"));
        app.get("/short", req -> Response.stream("text/plain", out -> out.write("hello".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Length", "11"));
        app.get("/long", req -> Response.stream("text/plain", out -> out.write("hello world!!".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Length", "11"));
        app.get("/not-a-number", req -> Response.stream("text/plain", out -> out.write("chunked".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Length", "7 bytes"));
        app.get("/file", req -> Response.stream("text/plain", out -> {
            out.write("head:".getBytes(StandardCharsets.UTF_8));
            try (FileChannel channel = FileChannel.open(file)) {
                assertThat(out).isInstanceOf(FileSink.class);
                ((FileSink) out).sendFile(channel, 2, 5);
            }
            out.write(":tail".getBytes(StandardCharsets.UTF_8));
        }).header("Content-Length", "15"));
        server = app.start(ServerConfig.defaults().port(0));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void anAnnouncedLengthIsSentAsIsAndTheConnectionStaysOpen() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /sized HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThat(response.header("Content-Length")).isEqualTo("11");
            assertThat(response.header("Transfer-Encoding")).isNull();
            assertThat(response.body()).isEqualTo("hello world");
            assertThat(http.send("GET /sized HTTP/1.1\r\nHost: t\r\n\r\n").read().body()).isEqualTo("hello world");
        }
    }

    @Test
    void headAnnouncesTheLengthWithoutABody() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse head = http.send("HEAD /sized HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertThat(head.header("Content-Length")).isEqualTo("11");
            assertThat(http.send("GET /sized HTTP/1.1\r\nHost: t\r\n\r\n").read().body()).isEqualTo("hello world");
        }
    }

    @Test
    void aBodyShorterOrLongerThanAnnouncedEndsInAClosedConnectionNotAWrongResponse() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            for (String path : new String[] {"/short", "/long"}) {
                try (RawHttp http = new RawHttp(server.port())) {
                    http.send("GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n");
                    byte[] received = http.input().readAllBytes(); // until the server closes
                    String text = new String(received, StandardCharsets.ISO_8859_1);
                    assertThat(text).startsWith("HTTP/1.1 200").containsIgnoringCase("content-length: 11");
                    assertThat(text.substring(text.indexOf("\r\n\r\n") + 4)).hasSizeLessThan(11);
                }
            }
            // the server logs after it closed the connection the client was reading to its end
            assertThat(log.await(m -> m.startsWith("streaming body failed"), 2)).hasSize(2);
        }
        try (RawHttp http = new RawHttp(server.port())) {
            assertThat(http.send("GET /sized HTTP/1.1\r\nHost: t\r\n\r\n").read().body()).isEqualTo("hello world");
        }
    }

    @Test
    void aLengthThatIsNotANumberIsDroppedAndTheBodyChunked() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /not-a-number HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThat(response.header("Content-Length")).isNull();
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.body()).isEqualTo("chunked");
        }
    }

    @Test
    void aFileSentThroughTheSinkArrivesBetweenWhatWasWrittenBeforeAndAfter() throws IOException {
        try (RawHttp http = new RawHttp(server.port())) {
            RawResponse response = http.send("GET /file HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThat(response.body()).isEqualTo("head:23456:tail");
            assertThat(http.send("GET /file HTTP/1.1\r\nHost: t\r\n\r\n").read().body()).isEqualTo("head:23456:tail");
        }
    }
}
