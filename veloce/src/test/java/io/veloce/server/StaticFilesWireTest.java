package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.server.RawHttp.RawResponse;
import io.veloce.testsupport.LeakCheck;
import io.veloce.testsupport.StaticSite;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Static files on the real server. Traversal attempts go out as raw request lines, since HTTP
 * clients normalise {@code ..} and escapes away before sending.
 */
@ExtendWith(LeakCheck.class)
class StaticFilesWireTest {

    private static final int BIG = 6 * 1024 * 1024 + 123; // several MiB, not a multiple of any buffer

    @TempDir
    static Path parent;
    private static byte[] big;
    private static Server server;
    private static HttpClient http;

    @BeforeAll
    static void start() throws IOException {
        StaticSite site = StaticSite.create(parent);
        big = new byte[BIG];
        new Random(42).nextBytes(big);
        Files.write(site.root().resolve("big.bin"), big);
        Veloce app = new Veloce();
        app.staticFiles("/static", site.root());
        server = app.start(ServerConfig.defaults().port(0));
        http = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stop() {
        http.close();
        server.close();
    }

    private static RawResponse get(String target, String... headers) throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            return raw.send("GET " + target + " HTTP/1.1\r\nHost: t\r\n" + String.join("", headers) + "\r\n").read();
        }
    }

    @ParameterizedTest
    @FieldSource("io.veloce.testsupport.StaticSite#TRAVERSALS")
    void everyTraversalEncodingIs404OnTheWire(String attempt) throws IOException {
        RawResponse response = get("/static/" + attempt);
        assertThat(response.status()).as(attempt).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"detail\":\"Not Found\"}");
    }

    @Test
    void anAbsoluteFormTargetIsNoWayOutEither() throws IOException {
        RawResponse response = get("http://t/static/../secret.txt");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("SECRET");
    }

    @Test
    void aFileArrivesWithLengthTypeAndValidatorsNotChunked() throws IOException {
        RawResponse response = get("/static/notes.txt");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("0123456789abcdefghij");
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.header("Content-Length")).isEqualTo("20");
        assertThat(response.header("Transfer-Encoding")).isNull();
        assertThat(response.header("ETag")).isNotNull();
        assertThat(response.header("Last-Modified")).endsWith("GMT");
        assertThat(response.header("Accept-Ranges")).isEqualTo("bytes");
    }

    @Test
    void anEmptyFileIsAnEmptyBodyAndTheConnectionCarriesOn() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawResponse empty = raw.send("GET /static/empty.txt HTTP/1.1\r\nHost: t\r\n\r\n").read();
            assertThat(empty.status()).isEqualTo(200);
            assertThat(empty.header("Content-Length")).isEqualTo("0");
            assertThat(empty.header("Transfer-Encoding")).isNull();
            assertThat(raw.send("GET /static/notes.txt HTTP/1.1\r\nHost: t\r\n\r\n").read().body())
                    .isEqualTo("0123456789abcdefghij");
        }
    }

    @Test
    void revalidationIs304ByTagAndByDate() throws IOException {
        RawResponse first = get("/static/app.js");
        RawResponse byTag = get("/static/app.js", "If-None-Match: " + first.header("ETag") + "\r\n");
        assertThat(byTag.status()).isEqualTo(304);
        assertThat(byTag.header("Content-Length")).isNull();
        assertThat(byTag.body()).isEmpty();
        RawResponse byDate = get("/static/app.js", "If-Modified-Since: " + first.header("Last-Modified") + "\r\n");
        assertThat(byDate.status()).isEqualTo(304);
    }

    @Test
    void rangesAre206AndPastTheEnd416() throws IOException {
        RawResponse part = get("/static/notes.txt", "Range: bytes=10-14\r\n");
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.header("Content-Range")).isEqualTo("bytes 10-14/20");
        assertThat(part.header("Content-Length")).isEqualTo("5");
        assertThat(part.body()).isEqualTo("abcde");
        RawResponse past = get("/static/notes.txt", "Range: bytes=20-\r\n");
        assertThat(past.status()).isEqualTo(416);
        assertThat(past.header("Content-Range")).isEqualTo("bytes */20");
    }

    @Test
    void headGivesTheLengthWithoutTheBodyAndTheConnectionCarriesOn() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            RawResponse head = raw.send("HEAD /static/big.bin HTTP/1.1\r\nHost: t\r\n\r\n").read(true);
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.header("Content-Length")).isEqualTo(Integer.toString(BIG));
            assertThat(raw.send("GET /static/notes.txt HTTP/1.1\r\nHost: t\r\n\r\n").read().body())
                    .isEqualTo("0123456789abcdefghij");
        }
    }

    @Test
    void indexFilesAndTheDirectoryRedirect() throws IOException {
        assertThat(get("/static/docs/").body()).isEqualTo("<h1>docs</h1>");
        RawResponse redirect = get("/static/docs");
        assertThat(redirect.status()).isEqualTo(307);
        assertThat(redirect.header("Location")).isEqualTo("/static/docs/");
    }

    @Test
    void aSeveralMebibyteFileIsStreamedByteForByte() throws Exception {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/static/big.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(BIG));
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
        assertThat(Arrays.equals(response.body(), big)).as("the body is the file, byte for byte").isTrue();
    }

    @Test
    void theNioTransportSendsFilesByteForByteToo() throws Exception {
        Veloce app = new Veloce();
        app.staticFiles("/static", parent.resolve("public"));
        try (Server nio = app.start(ServerConfig.defaults().port(0).nativeTransport(false))) {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(nio.url() + "/static/big.bin")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(Arrays.equals(response.body(), big)).isTrue();
        }
    }

    @Test
    void aRangeInTheMiddleOfALargeFileIsThoseBytes() throws Exception {
        int first = 1_000_003;
        int last = 5_000_011;
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(server.url() + "/static/big.bin"))
                .header("Range", "bytes=" + first + "-" + last).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(206);
        assertThat(response.headers().firstValue("Content-Range")).hasValue("bytes " + first + "-" + last + "/" + BIG);
        assertThat(Arrays.equals(response.body(), Arrays.copyOfRange(big, first, last + 1))).isTrue();
    }

    @Test
    void aClientLeavingMidFileDoesNotDisturbTheServer() throws IOException {
        try (RawHttp raw = new RawHttp(server.port())) {
            raw.send("GET /static/big.bin HTTP/1.1\r\nHost: t\r\n\r\n");
            InputStream in = raw.input();
            assertThat(in.readNBytes(100_000)).hasSize(100_000);
        }
        assertThat(get("/static/notes.txt").body()).isEqualTo("0123456789abcdefghij");
    }
}
