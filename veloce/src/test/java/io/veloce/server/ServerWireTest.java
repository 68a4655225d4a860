package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Limits;
import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.Response;
import io.veloce.server.RawHttp.RawResponse;
import io.veloce.testsupport.LeakCheck;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The real server on loopback, spoken to with raw sockets: framing, limits, timeouts, shutdown. */
@ExtendWith(LeakCheck.class)
class ServerWireTest {

    private static final String GET_HELLO = "GET /hello HTTP/1.1\r\nHost: t\r\n\r\n";

    private final AtomicLong streamed = new AtomicLong();
    private final CountDownLatch streamFailed = new CountDownLatch(1);
    private final CountDownLatch slowStarted = new CountDownLatch(1);
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private Server server;

    @BeforeEach
    void start() {
        Veloce app = new Veloce().limits(Limits.defaults()
                .maxBodySize(1024)
                .maxRequestLineLength(256)
                .maxHeaderSize(1024)
                .requestReadTimeout(Duration.ofMillis(300))
                .idleTimeout(Duration.ofMillis(500)));
        app.get("/hello", req -> "hello");
        app.post("/echo", req -> req.text());
        app.get("/slow", req -> {
            slowStarted.countDown();
            releaseSlow.await(10, TimeUnit.SECONDS);
            return "finally";
        });
        app.get("/big", req -> Response.stream("application/octet-stream", (OutputStream out) -> {
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int i = 0; i < 1024; i++) { // 64 MiB unless the client stops us
                    out.write(chunk);
                    streamed.addAndGet(chunk.length);
                }
            } catch (IOException clientGone) {
                streamFailed.countDown();
                throw clientGone;
            }
        }));
        server = app.start(ServerConfig.defaults().port(0));
    }

    @AfterEach
    void stop() {
        releaseSlow.countDown();
        server.close();
    }

    private RawHttp connect() throws IOException {
        return new RawHttp(server.port());
    }

    private void assertStillServing() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send(GET_HELLO).read().body()).isEqualTo("hello");
        }
    }

    @Test
    void aGarbageRequestLineIs400AndTheConnectionIsClosed() throws IOException {
        try (RawHttp http = connect()) {
            RawResponse response = http.send("THIS IS NOT HTTP\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.body()).startsWith("{\"detail\":\"malformed HTTP request");
            assertThat(http.closedByServer()).isTrue();
        }
        assertStillServing();
    }

    @Test
    void anInvalidContentLengthIs400() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 12abc\r\n\r\nhi").read().status())
                    .isEqualTo(400);
        }
        assertStillServing();
    }

    @Test
    void anOverLongRequestLineIs414() throws IOException {
        try (RawHttp http = connect()) {
            RawResponse response = http.send("GET /" + "a".repeat(400) + " HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThat(response.status()).isEqualTo(414);
            assertThat(response.body()).contains("longer than 256 bytes");
        }
        assertStillServing();
    }

    @Test
    void anOverLargeHeaderBlockIs431() throws IOException {
        try (RawHttp http = connect()) {
            RawResponse response = http.send("GET /hello HTTP/1.1\r\nHost: t\r\nX-Big: " + "b".repeat(2000) + "\r\n\r\n")
                    .read();
            assertThat(response.status()).isEqualTo(431);
        }
        assertStillServing();
    }

    @Test
    void aBodyOverTheLimitIs413WhetherAnnouncedOrChunked() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\n\r\n").read().status())
                    .isEqualTo(413);
        }
        try (RawHttp http = connect()) {
            String chunk = Integer.toHexString(2000) + "\r\n" + "x".repeat(2000) + "\r\n";
            assertThat(http.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" + chunk)
                    .read().status()).isEqualTo(413);
        }
        assertStillServing();
    }

    @Test
    void aChunkedRequestBodyIsReassembled() throws IOException {
        try (RawHttp http = connect()) {
            RawResponse response = http.send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n").read();
            assertThat(response.body()).isEqualTo("hello world");
        }
    }

    @Test
    void expectContinueGets100ThenTheResponse() throws IOException {
        try (RawHttp http = connect()) {
            http.send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
            assertThat(http.read().status()).isEqualTo(100);
            assertThat(http.send("ok").read().body()).isEqualTo("ok");
        }
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        try (RawHttp http = connect()) {
            http.send(GET_HELLO + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\ntwo" + GET_HELLO);
            assertThat(http.read().body()).isEqualTo("hello");
            assertThat(http.read().body()).isEqualTo("two");
            assertThat(http.read().body()).isEqualTo("hello");
        }
    }

    @Test
    void tenThousandKeepAliveRequestsOnOneConnectionAreAllAnswered() throws IOException {
        try (RawHttp http = connect()) {
            for (int i = 0; i < 10_000; i++) {
                RawResponse response = http.send(GET_HELLO).read();
                assertThat(response.status()).isEqualTo(200);
            }
        }
    }

    @Test
    void responsesCarryDateAndContentLength() throws IOException {
        try (RawHttp http = connect()) {
            RawResponse response = http.send(GET_HELLO).read();
            assertThat(response.header("Date")).endsWith("GMT");
            assertThat(response.header("Content-Length")).isEqualTo("5");
        }
    }

    @Test
    void headGetsTheHeadersWithoutABody() throws IOException {
        try (RawHttp http = connect()) {
            RawResponse head = http.send("HEAD /hello HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertThat(head.header("Content-Length")).isEqualTo("5");
            assertThat(http.send(GET_HELLO).read().body()).isEqualTo("hello"); // no stray body bytes in between
        }
    }

    @Test
    void http10ClosesAfterTheResponseUnlessKeepAliveIsAsked() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send("GET /hello HTTP/1.0\r\n\r\n").read().body()).isEqualTo("hello");
            assertThat(http.closedByServer()).isTrue();
        }
        try (RawHttp http = connect()) {
            RawResponse first = http.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read();
            assertThat(first.header("Connection")).isEqualTo("keep-alive");
            assertThat(http.send("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").read().body()).isEqualTo("hello");
        }
    }

    @Test
    void aClientTricklingItsHeadersIsAnswered408AndClosed() throws IOException {
        try (RawHttp http = connect()) {
            http.send("GET /hello HTTP/1.1\r\n");
            RawResponse response = null;
            // keep sending a byte at a time; the server must cut us off although bytes keep arriving
            for (int i = 0; i < 200 && response == null; i++) {
                try {
                    if (http.input().available() > 0) {
                        response = http.read();
                        break;
                    }
                    http.send("X");
                    Thread.sleep(25);
                } catch (IOException | InterruptedException closed) {
                    // the server answered and closed between two checks: its 408 is still in our buffer
                    response = readIfAny(http);
                    break;
                }
            }
            assertThat(response).as("a 408 before the client gave up").isNotNull();
            assertThat(response.status()).isEqualTo(408);
        }
        assertStillServing();
    }

    private static RawResponse readIfAny(RawHttp http) {
        try {
            return http.read();
        } catch (IOException reset) {
            return null;
        }
    }

    @Test
    void anIdleKeepAliveConnectionIsClosed() throws IOException {
        try (RawHttp http = connect()) {
            assertThat(http.send(GET_HELLO).read().status()).isEqualTo(200);
            assertThat(http.closedByServer()).isTrue(); // blocks until the idle timeout closes it
        }
    }

    @Test
    void aStreamedBodyArrivesChunkedAndWhole() throws IOException {
        try (RawHttp http = connect()) {
            RawResponse response = http.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThat(response.header("Transfer-Encoding")).isEqualTo("chunked");
            assertThat(response.body().length()).isEqualTo(64 * 1024 * 1024);
        }
    }

    @Test
    void aSlowReaderMakesTheWriterWaitInsteadOfTheServerBuffering() throws Exception {
        try (RawHttp http = connect()) {
            http.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
            long before;
            long after = streamed.get();
            do { // wait until the writer is parked on backpressure: no progress for a while
                before = after;
                Thread.sleep(200);
                after = streamed.get();
            } while (after != before);
            assertThat(after).as("bytes produced while the client read nothing").isLessThan(16L * 1024 * 1024);
            RawResponse response = http.read();
            assertThat(response.body().length()).isEqualTo(64 * 1024 * 1024);
        }
    }

    @Test
    void aClientLeavingMidResponseStopsTheWriterAndTheServerCarriesOn() throws Exception {
        try (RawHttp http = connect()) {
            http.send("GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
            http.input().readNBytes(100_000);
        }
        assertThat(streamFailed.await(10, TimeUnit.SECONDS)).as("the writer saw the client go").isTrue();
        assertStillServing();
    }

    @Test
    void closeLetsAnInFlightRequestFinishAndRefusesNewConnections() throws Exception {
        try (RawHttp http = connect()) {
            http.send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n");
            assertThat(slowStarted.await(10, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
            int port = server.port();
            boolean refused = false;
            for (int i = 0; i < 100 && !refused; i++) {
                try (Socket probe = new Socket("127.0.0.1", port)) {
                    Thread.sleep(20);
                } catch (ConnectException expected) {
                    refused = true;
                }
            }
            assertThat(refused).as("new connections refused once close() started").isTrue();
            releaseSlow.countDown();
            RawResponse response = http.read();
            assertThat(response.body()).isEqualTo("finally");
            assertThat(response.header("Connection")).isEqualTo("close");
            closing.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aPortInUseFailsTheStartClearlyAndLeavesNoThreadBehind() throws Exception {
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        java.util.concurrent.atomic.AtomicBoolean shutdownHookRan = new java.util.concurrent.atomic.AtomicBoolean();
        Veloce second = new Veloce().onShutdown(() -> shutdownHookRan.set(true));
        int taken = server.port();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> second.start(ServerConfig.defaults().port(taken)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot serve on 127.0.0.1:" + taken);

        assertThat(shutdownHookRan).as("the app's shutdown hooks ran").isTrue();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (!before.contains(thread) && !thread.isDaemon()) {
                thread.join(5_000); // the failed server's event loops, which would keep the JVM alive
                assertThat(thread.isAlive()).as("thread %s still running", thread.getName()).isFalse();
            }
        }
        assertStillServing();
    }
}
