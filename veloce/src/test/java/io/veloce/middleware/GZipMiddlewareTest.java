package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.Response;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketTestSession;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Gzip for clients that ask, on bodies worth it, never twice, and streaming as it streams. */
class GZipMiddlewareTest {

    private static final String BIG = "All work and no play makes Jack a dull boy. ".repeat(100);

    private static Veloce app() {
        Veloce app = new Veloce();
        app.addMiddleware(new GZipMiddleware());
        app.get("/big", req -> BIG);
        app.get("/small", req -> "tiny");
        app.get("/json", req -> Map.of("lines", List.of(BIG, BIG)));
        app.get("/png", req -> Response.bytes(BIG.getBytes(StandardCharsets.UTF_8), "image/png"));
        app.get("/pre-encoded", req -> Response.bytes(gzip(BIG), "text/plain").header("Content-Encoding", "gzip"));
        app.get("/no-transform", req -> Response.text(BIG).header("Cache-Control", "no-transform"));
        app.get("/etag", req -> Response.text(BIG).header("ETag", "\"v1\""));
        app.get("/ranges", req -> Response.text(BIG).header("Accept-Ranges", "bytes").header("Vary", "Accept-Encoding"));
        app.get("/stream", req -> Response.stream("text/plain", out -> {
            for (int i = 0; i < 3; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }));
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText(BIG);
            ws.close();
        });
        return app;
    }

    private static TestResponse get(TestClient client, String path, String acceptEncoding) {
        return client.get(path, r -> {
            if (acceptEncoding != null) {
                r.header("Accept-Encoding", acceptEncoding);
            }
        });
    }

    static String gunzip(byte[] bytes) {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] gzip(String text) {
        var out = new java.io.ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    @Test
    void aLargeTextBodyIsCompressedForAClientThatAcceptsGzip() {
        try (TestClient client = app().testClient()) {
            TestResponse response = get(client, "/big", "gzip, deflate, br");
            assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
            assertThat(response.bytes().length).isLessThan(BIG.length() / 10);
            assertThat(gunzip(response.bytes())).isEqualTo(BIG);
        }
    }

    @Test
    void aClientThatDoesNotAskGetsThePlainBodyButCachesAreToldItVaries() {
        try (TestClient client = app().testClient()) {
            TestResponse response = get(client, "/big", null);
            assertThat(response.header("Content-Encoding")).isNull();
            assertThat(response.header("Vary")).isEqualTo("Accept-Encoding");
            assertThat(response.text()).isEqualTo(BIG);
        }
    }

    @Test
    void acceptEncodingWeightsAreHonoured() {
        try (TestClient client = app().testClient()) {
            assertThat(get(client, "/big", "gzip;q=0, identity").header("Content-Encoding")).isNull();
            assertThat(get(client, "/big", "br, *;q=0.1").header("Content-Encoding")).isEqualTo("gzip");
            assertThat(get(client, "/big", "*;q=0").header("Content-Encoding")).isNull();
            assertThat(get(client, "/big", "*, gzip;q=0").header("Content-Encoding"))
                    .as("a named coding overrides the wildcard").isNull();
            assertThat(get(client, "/big", "gzip;q=nonsense").header("Content-Encoding")).isNull();
            assertThat(get(client, "/big", "deflate").header("Content-Encoding")).isNull();
        }
    }

    @Test
    void smallBodiesAndNonTextTypesAreLeftAlone() {
        try (TestClient client = app().testClient()) {
            TestResponse small = get(client, "/small", "gzip");
            assertThat(small.header("Content-Encoding")).isNull();
            assertThat(small.text()).isEqualTo("tiny");
            assertThat(get(client, "/png", "gzip").header("Content-Encoding")).isNull();
        }
    }

    @Test
    void aJsonValueIsCompressedFromItsSerialisedBytes() {
        try (TestClient client = app().testClient()) {
            TestResponse response = get(client, "/json", "gzip");
            assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(response.header("Content-Type")).startsWith("application/json");
            assertThat(gunzip(response.bytes())).startsWith("{\"lines\":[\"All work");
        }
    }

    @Test
    void aBodyIsNeverCompressedTwice() {
        try (TestClient client = app().testClient()) {
            TestResponse response = get(client, "/pre-encoded", "gzip");
            assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(gunzip(response.bytes())).as("exactly one layer of gzip").isEqualTo(BIG);
            assertThat(get(client, "/no-transform", "gzip").header("Content-Encoding")).isNull();
        }
    }

    @Test
    void aStrongETagBecomesWeakOnTheCompressedForm() {
        try (TestClient client = app().testClient()) {
            assertThat(get(client, "/etag", "gzip").header("ETag")).isEqualTo("W/\"v1\"");
            assertThat(get(client, "/etag", null).header("ETag")).isEqualTo("\"v1\"");
        }
    }

    @Test
    void rangesAreDroppedAndVaryIsNotRepeated() {
        try (TestClient client = app().testClient()) {
            TestResponse response = get(client, "/ranges", "gzip");
            assertThat(response.header("Accept-Ranges")).isNull();
            assertThat(response.headers().getAll("Vary")).containsExactly("Accept-Encoding");
            assertThat(get(client, "/ranges", null).header("Accept-Ranges")).isEqualTo("bytes");
        }
    }

    @Test
    void aHeadResponseHasTheHeadersOfItsGet() {
        try (TestClient client = app().testClient()) {
            TestResponse get = get(client, "/big", "gzip");
            TestResponse head = client.request("HEAD", "/big", r -> r.header("Accept-Encoding", "gzip"));
            assertThat(head.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(head.header("Vary")).isEqualTo("Accept-Encoding");
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(get.bytes().length));
            assertThat(head.bytes()).isEmpty();
        }
    }

    @Test
    void webSocketsAreUntouched() {
        try (TestClient client = app().testClient();
                WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.header("Accept-Encoding", "gzip"))) {
            assertThat(ws.receiveText()).isEqualTo(BIG);
        }
    }

    @Test
    void aStreamingBodyIsCompressedWhateverItsSize() {
        try (TestClient client = app().testClient()) {
            TestResponse response = get(client, "/stream", "gzip");
            assertThat(response.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(gunzip(response.bytes())).isEqualTo("line 0\nline 1\nline 2\n");
        }
    }

    @Test
    void settingsAreChecked() {
        assertThatThrownBy(() -> GZipMiddleware.builder().level(10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GZipMiddleware.builder().minimumSize(-1)).isInstanceOf(IllegalArgumentException.class);
        Veloce app = new Veloce();
        app.addMiddleware(GZipMiddleware.builder().minimumSize(0).contentTypes("application/x-ndjson").build());
        app.get("/ndjson", req -> Response.bytes("{}\n".getBytes(StandardCharsets.UTF_8), "application/x-ndjson"));
        try (TestClient client = app.testClient()) {
            assertThat(get(client, "/ndjson", "gzip").header("Content-Encoding")).isEqualTo("gzip");
        }
    }

    @Test
    void onTheRealServerAStreamThatFailsHalfWayCannotBeReadAsWhole() throws Exception {
        Veloce app = new Veloce();
        app.addMiddleware(new GZipMiddleware());
        app.get("/report", req -> Response.stream("text/plain", out -> {
            out.write(BIG.getBytes(StandardCharsets.UTF_8));
            out.flush();
            throw new IllegalStateException("the database went away");
        }));
        try (Server server = app.start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/report")).header("Accept-Encoding", "gzip")
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            assertThatThrownBy(() -> {
                try (InputStream in = new GZIPInputStream(response.body())) {
                    in.readAllBytes();
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void onTheRealServerAFlushedStreamReachesTheClientBeforeTheStreamEnds() throws Exception {
        CountDownLatch firstLineRead = new CountDownLatch(1);
        Veloce app = new Veloce();
        app.addMiddleware(new GZipMiddleware());
        app.get("/events", req -> Response.stream("text/event-stream", out -> {
            out.write("data: first\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            try {
                // the writer only goes on once the client has decompressed the first event
                if (!firstLineRead.await(10, TimeUnit.SECONDS)) {
                    throw new IOException("the client never saw the flushed event");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            out.write("data: second\n\n".getBytes(StandardCharsets.UTF_8));
        }));
        try (Server server = app.start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/events")).header("Accept-Encoding", "gzip")
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
            assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
            try (InputStream in = new GZIPInputStream(response.body(), 64)) {
                byte[] first = in.readNBytes("data: first\n\n".length());
                assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("data: first\n\n");
                firstLineRead.countDown();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("data: second\n\n");
            }
        }
    }
}
