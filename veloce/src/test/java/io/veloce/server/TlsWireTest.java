package io.veloce.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.testsupport.LeakCheck;
import io.veloce.testsupport.LogCapture;
import io.veloce.testsupport.TestCertificate;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS and {@code wss://} on the embedded server, with a certificate made for the test and
 * clients that trust exactly that certificate.
 */
@ExtendWith(LeakCheck.class)
class TlsWireTest {

    @TempDir
    static Path dir;
    private static TestCertificate certificate;
    private static byte[] big;
    private static Server https;
    private static Server plain;
    private static HttpClient client;

    @BeforeAll
    static void start() throws Exception {
        certificate = TestCertificate.generate(dir, TestCertificate.KeyType.RSA);
        big = new byte[3 * 1024 * 1024 + 7];
        new Random(7).nextBytes(big);
        Files.write(Files.createDirectories(dir.resolve("public")).resolve("big.bin"), big);
        https = app().start(ServerConfig.defaults().port(0)
                .tls(certificate.certificatePem(), certificate.privateKeyPem()));
        plain = app().start(ServerConfig.defaults().port(0));
        client = HttpClient.newBuilder().sslContext(certificate.clientContext()).build();
    }

    private static Veloce app() {
        Veloce app = new Veloce().useSecureDefaults();
        app.get("/where", req -> req.url() + " secure=" + req.secure());
        app.websocket("/echo", ws -> {
            ws.accept();
            ws.sendText(ws.url() + " secure=" + ws.secure());
            for (String message : ws.iterText()) {
                ws.sendText("echo: " + message);
            }
        });
        app.staticFiles("/static", dir.resolve("public"));
        return app;
    }

    @AfterAll
    static void stop() {
        client.close();
        https.close();
        plain.close();
    }

    private static HttpResponse<String> get(Server server, String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theServerAndItsRequestsReportHttps() throws Exception {
        assertThat(https.url().toString()).startsWith("https://127.0.0.1:");
        assertThat(https.secure()).isTrue();
        HttpResponse<String> response = get(https, "/where");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("https://127.0.0.1:" + https.port() + "/where secure=true");
        assertThat(response.sslSession()).hasValueSatisfying(
                session -> assertThat(session.getProtocol()).isIn("TLSv1.3", "TLSv1.2"));
        assertThat(get(plain, "/where").body()).isEqualTo("http://127.0.0.1:" + plain.port() + "/where secure=false");
    }

    @Test
    void hstsIsSentOnHttpsOnly() throws Exception {
        assertThat(get(https, "/where").headers().firstValue("Strict-Transport-Security")).hasValue("max-age=31536000");
        HttpResponse<String> overPlain = get(plain, "/where");
        assertThat(overPlain.headers().firstValue("Strict-Transport-Security")).isEmpty();
        assertThat(overPlain.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    }

    @Test
    void tls12IsAcceptedWithAeadSuitesOnly() throws Exception {
        assertThat(handshake("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")).isEqualTo("TLSv1.2");
        assertThat(handshake("TLSv1.3", "TLS_AES_256_GCM_SHA384")).isEqualTo("TLSv1.3");
        assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"))
                .as("a CBC suite").isInstanceOf(SSLHandshakeException.class);
    }

    private static String handshake(String protocol, String suite) throws Exception {
        try (SSLSocket socket = (SSLSocket) certificate.clientContext().getSocketFactory()
                .createSocket("127.0.0.1", https.port())) {
            socket.setSoTimeout(10_000);
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession().getProtocol();
        }
    }

    @Test
    void aWebSocketWorksOverWss() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket ws = client.newWebSocketBuilder()
                .buildAsync(URI.create("wss://127.0.0.1:" + https.port() + "/echo"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                        received.add(data.toString());
                        return WebSocket.Listener.super.onText(socket, data, last);
                    }
                })
                .get(10, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("wss://127.0.0.1:" + https.port() + "/echo secure=true");
        ws.sendText("over TLS", true).get(10, TimeUnit.SECONDS);
        assertThat(received.poll(10, TimeUnit.SECONDS)).isEqualTo("echo: over TLS");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    @Test
    void aLargeFileIsSentThroughTlsByteForByte() throws Exception {
        HttpResponse<byte[]> response = client.send(HttpRequest.newBuilder(URI.create(https.url() + "/static/big.bin")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Length")).hasValue(Integer.toString(big.length));
        assertThat(Arrays.equals(response.body(), big)).isTrue();
    }

    @Test
    void plainHttpGarbageAndUntrustingClientsFailQuietlyAndTheServerKeepsServing() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            try (RawHttp http = new RawHttp(https.port())) {
                http.send("GET /where HTTP/1.1\r\nHost: t\r\n\r\n");
                assertThat(http.closedByServer()).as("plain HTTP on the HTTPS port").isTrue();
            }
            try (Socket garbage = new Socket("127.0.0.1", https.port())) {
                garbage.setSoTimeout(10_000);
                garbage.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x00, 0x05, 1, 2, 3, 4, 5});
                assertThat(readsToEnd(garbage)).as("a broken handshake record").isTrue();
            }
            HttpClient untrusting = HttpClient.newBuilder().sslContext(SSLContext.getDefault()).build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(https.url() + "/where")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
            untrusting.close();
            assertThat(get(https, "/where").statusCode()).isEqualTo(200);
            assertThat(log.lines()).as("nothing logged at WARN or above for what clients did").isEmpty();
        }
    }

    @Test
    void aCorruptRecordAfterTheHandshakeClosesQuietlyOverHttpAndWss() throws Exception {
        try (LogCapture log = LogCapture.start()) {
            corruptAfter("GET /where HTTP/1.1\r\nHost: t\r\n\r\n");
            corruptAfter("GET /echo HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
            assertThat(get(https, "/where").statusCode()).isEqualTo(200);
            assertThat(log.lines()).as("nothing logged at WARN or above for what clients did").isEmpty();
        }
    }

    /** Speaks TLS, sends {@code request}, reads the response head, then writes a record of garbage under the TLS layer. */
    private static void corruptAfter(String request) throws Exception {
        try (Socket plain = new Socket("127.0.0.1", https.port());
             SSLSocket tls = (SSLSocket) certificate.clientContext().getSocketFactory()
                     .createSocket(plain, "127.0.0.1", https.port(), false)) {
            plain.setSoTimeout(10_000);
            tls.startHandshake();
            tls.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            tls.getOutputStream().flush();
            String head = new RawHttpHead(tls.getInputStream()).read();
            assertThat(head).matches("HTTP/1.1 (200|101) .*");
            byte[] garbage = new byte[5 + 64];
            new Random(1).nextBytes(garbage);
            garbage[0] = 0x17; // application data, TLS 1.2 framing, 64 bytes the server cannot decrypt
            garbage[1] = 0x03;
            garbage[2] = 0x03;
            garbage[3] = 0x00;
            garbage[4] = 64;
            plain.getOutputStream().write(garbage);
            assertThat(readsToEnd(plain)).isTrue();
        }
    }

    /** Reads a response's status line and headers. */
    private record RawHttpHead(java.io.InputStream in) {
        String read() throws IOException {
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("closed before the end of the response head: " + head);
                }
                head.append((char) b);
            }
            return head.substring(0, head.indexOf("\r\n"));
        }
    }

    private static boolean readsToEnd(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() != -1) {
                // an alert, perhaps; then the end
            }
            return true;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void anEcCertificateServesToo() throws Exception {
        TestCertificate ec = TestCertificate.generate(Files.createDirectories(dir.resolve("ec-server")),
                TestCertificate.KeyType.EC);
        Veloce app = new Veloce();
        app.get("/", req -> "elliptic");
        try (Server server = app.start(ServerConfig.defaults().port(0).tls(ec.certificatePem(), ec.privateKeyPem()));
             HttpClient trusting = HttpClient.newBuilder().sslContext(ec.clientContext()).build()) {
            HttpResponse<String> response = trusting.send(HttpRequest.newBuilder(server.url()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("elliptic");
        }
    }

    @Test
    void missingFilesAreRefusedByTheConfig() {
        assertThatThrownBy(() -> ServerConfig.defaults().tls(dir.resolve("nope.pem"), certificate.privateKeyPem()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TLS certificate chain file").hasMessageContaining("nope.pem does not exist");
        assertThatThrownBy(() -> ServerConfig.defaults().tls(certificate.certificatePem(), dir))
                .hasMessageContaining("TLS private key file").hasMessageContaining("is not a readable file");
    }

    @Test
    void unusableFilesFailStartWithAClearMessageBeforeAnyStartupHook() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.pem"), "not a certificate", StandardCharsets.US_ASCII);
        Path otherRsaKey = TestCertificate.generate(Files.createDirectories(dir.resolve("rsa")), TestCertificate.KeyType.RSA)
                .privateKeyPem();
        Path ecKey = TestCertificate.generate(Files.createDirectories(dir.resolve("ec")), TestCertificate.KeyType.EC)
                .privateKeyPem();
        assertStartFails(junk, certificate.privateKeyPem(), "junk.pem", "does not contain valid certificates");
        assertStartFails(certificate.certificatePem(), junk, "junk.pem", "does not contain valid private key");
        String mismatch = "the private key does not belong to the first certificate in the chain (CN=localhost)";
        assertStartFails(certificate.certificatePem(), otherRsaKey, "rsa/key.pem", mismatch);
        assertStartFails(certificate.certificatePem(), ecKey, "ec/key.pem", mismatch);
    }

    private static void assertStartFails(Path chain, Path key, String named, String reason) {
        AtomicBoolean hookRan = new AtomicBoolean();
        Veloce app = new Veloce().onStartup(() -> hookRan.set(true));
        ServerConfig config = ServerConfig.defaults().port(0).tls(chain, key);
        assertThatThrownBy(() -> app.start(config))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("cannot serve HTTPS with certificate chain")
                .hasMessageContaining(named)
                .hasMessageContaining(reason);
        assertThat(hookRan).isFalse();
    }

    @Test
    void theConfigNeverPrintsTheKeyPassword() {
        ServerConfig config = ServerConfig.defaults().tls(certificate.certificatePem(), certificate.privateKeyPem(), "s3cret");
        assertThat(config.toString()).contains("keyPassword=***").doesNotContain("s3cret");
        assertThat(config.tls().keyPassword()).isEqualTo("s3cret");
    }
}
