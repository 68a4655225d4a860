package io.veloce.middleware.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Server;
import io.veloce.ServerConfig;
import io.veloce.Veloce;
import io.veloce.http.SameSite;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testing.WebSocketTestSession;
import io.veloce.testsupport.LogCapture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Signed cookie sessions: the round trip, changes and log-out, every kind of hostile cookie
 * (answered with an empty session and one warning, never an error), replay after expiry, key
 * rotation, the size limit, WebSockets, and the real server.
 */
class SessionMiddlewareTest {

    private static final byte[] KEY = key('k');
    private static final byte[] OLD_KEY = key('o');
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private final MutableClock clock = new MutableClock(START);

    private static byte[] key(char fill) {
        byte[] key = new byte[32];
        Arrays.fill(key, (byte) fill);
        return key;
    }

    private Veloce app(UnaryOperator<SessionMiddleware.Builder> settings) {
        Veloce app = new Veloce();
        app.addMiddleware(settings.apply(SessionMiddleware.builder(KEY).clock(clock)).build());
        app.post("/login", req -> {
            req.session().put("user", req.queryParams().get("user")).put("role", "admin");
            return "welcome";
        });
        app.post("/demote", req -> {
            req.session().remove("role");
            return "demoted";
        });
        app.post("/logout", req -> {
            req.session().clear();
            return "bye";
        });
        app.post("/big", req -> {
            req.session().put("blob", "x".repeat(5000));
            return "stored";
        });
        app.get("/me", req -> req.session().get("user", "anonymous") + " " + req.session().get("role", "-"));
        app.websocket("/ws", ws -> {
            ws.accept();
            ws.sendText("user " + ws.session().get("user", "anonymous"));
            try {
                ws.session().put("user", "mallory");
            } catch (IllegalStateException readOnly) {
                ws.sendText("read-only");
            }
            ws.close();
        });
        return app;
    }

    private Veloce app() {
        return app(b -> b);
    }

    /** Logs in through {@code client} and returns the session cookie it got. */
    private static String login(TestClient client, String user) {
        client.post("/login?user=" + user);
        String cookie = client.cookies().get("session");
        assertThat(cookie).as("session cookie after login").isNotNull();
        return cookie;
    }

    @Test
    void theSessionSurvivesFromRequestToRequestInTheCookieJar() {
        try (TestClient client = app().testClient()) {
            assertThat(client.get("/me").text()).isEqualTo("anonymous -");
            TestResponse login = client.post("/login?user=ada");
            assertThat(login.header("Set-Cookie"))
                    .startsWith("session=")
                    .contains("; Max-Age=1209600; ", "; Path=/", "; HttpOnly", "; SameSite=Lax")
                    .doesNotContain("Secure", "Domain");
            assertThat(client.get("/me").text()).isEqualTo("ada admin");
            assertThat(client.get("/me").header("Set-Cookie")).as("an unchanged session sends no cookie").isNull();
        }
    }

    @Test
    void changesAreSentBackAndClearingDeletesTheCookie() {
        try (TestClient client = app().testClient()) {
            String first = login(client, "ada");
            client.post("/demote");
            assertThat(client.cookies().get("session")).isNotEqualTo(first);
            assertThat(client.get("/me").text()).isEqualTo("ada -");
            TestResponse logout = client.post("/logout");
            assertThat(logout.header("Set-Cookie")).startsWith("session=;").contains("Max-Age=0");
            assertThat(client.cookies()).doesNotContainKey("session");
            assertThat(client.get("/me").text()).isEqualTo("anonymous -");
            assertThat(client.post("/logout").header("Set-Cookie")).as("no cookie to delete").isNull();
        }
    }

    @Test
    void theCookieIsSecureOverHttpsOrWhenAskedFor() {
        try (TestClient client = app().testClient().https(true)) {
            assertThat(client.post("/login?user=ada").header("Set-Cookie")).contains("; Secure");
        }
        try (TestClient client = app(b -> b.httpsOnly(true).cookieName("sid").path("/").sameSite(SameSite.STRICT))
                .testClient()) {
            assertThat(client.post("/login?user=ada").header("Set-Cookie"))
                    .startsWith("sid=").contains("; Secure", "; SameSite=Strict");
        }
    }

    @Test
    void overPlainHttpTheAppsCookieDefaultsDecideOnSecure() {
        Veloce app = app();
        app.useSecureDefaults(); // e.g. behind a proxy that terminates TLS
        try (TestClient client = app.testClient()) {
            assertThat(client.post("/login?user=ada").header("Set-Cookie")).contains("; Secure", "; HttpOnly");
        }
        try (TestClient client = app(b -> b.httpsOnly(false)).testClient().https(true)) {
            assertThat(client.post("/login?user=ada").header("Set-Cookie")).doesNotContain("Secure");
        }
    }

    static Stream<Arguments> hostileCookies() {
        Signer signer = new Signer("veloce-session:session", KEY, List.of());
        String notAnObject = b64("[\"user\",\"ada\"]");
        String notAString = b64("{\"iat\":" + START.getEpochSecond() + ",\"data\":{\"user\":{\"@class\":\"x\"}}}");
        String noIssueTime = b64("{\"data\":{\"user\":\"ada\"}}");
        String fromTheFuture = b64("{\"iat\":" + START.plus(Duration.ofDays(30)).getEpochSecond()
                + ",\"data\":{\"user\":\"ada\"}}");
        return Stream.of(
                Arguments.of("a payload character flipped", (UnaryOperator<String>) c -> flip(c, 5), "bad signature"),
                Arguments.of("a signature character flipped", (UnaryOperator<String>) c -> flip(c, c.indexOf('.') + 1),
                        "bad signature"),
                Arguments.of("the signature cut off", (UnaryOperator<String>) c -> c.substring(0, c.length() - 1),
                        "bad signature"),
                Arguments.of("garbage", (UnaryOperator<String>) c -> "garbage.garbage", "bad signature"),
                Arguments.of("no dot", (UnaryOperator<String>) c -> c.replace(".", ""), "malformed"),
                Arguments.of("two dots", (UnaryOperator<String>) c -> c + ".x", "malformed"),
                Arguments.of("signed JSON that is not an object",
                        (UnaryOperator<String>) c -> notAnObject + "." + signer.sign(notAnObject), "malformed"),
                Arguments.of("a signed value that is not a string",
                        (UnaryOperator<String>) c -> notAString + "." + signer.sign(notAString), "malformed"),
                Arguments.of("a signed payload without issue time",
                        (UnaryOperator<String>) c -> noIssueTime + "." + signer.sign(noIssueTime), "malformed"),
                Arguments.of("a signed issue time in the future (a cookie minted to outlive its max age)",
                        (UnaryOperator<String>) c -> fromTheFuture + "." + signer.sign(fromTheFuture),
                        "issued in the future"),
                Arguments.of("signed bytes that are not Base64",
                        (UnaryOperator<String>) c -> "!!!!" + "." + signer.sign("!!!!"), "malformed"),
                Arguments.of("over 4096 bytes", (UnaryOperator<String>) c -> "a".repeat(4097) + "." + c, "oversized"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileCookies")
    void aHostileCookieGivesAnEmptySessionAndOneWarningNeverAnError(String what, UnaryOperator<String> forge,
            String reason) {
        try (TestClient client = app().testClient()) {
            String forged = forge.apply(login(client, "ada"));
            TestResponse response;
            List<String> warnings;
            try (LogCapture logs = LogCapture.start()) {
                response = client.get("/me", r -> r.cookie("session", forged));
                warnings = logs.lines(SessionMiddleware.class);
                assertThat(logs.hasStackTrace()).isFalse();
            }
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.text()).isEqualTo("anonymous -");
            assertThat(warnings).singleElement().asString()
                    .contains("WARN", "session cookie rejected: " + reason, "GET /me").doesNotContain(forged);
            assertThat(response.header("Set-Cookie")).as("the rejected cookie is deleted")
                    .startsWith("session=;").contains("Max-Age=0");
        }
    }

    @Test
    void aCookieReplayedAfterItsMaxAgeIsRefusedEvenThoughTheClientKeptIt() {
        try (TestClient client = app(b -> b.maxAge(Duration.ofHours(1))).testClient()) {
            login(client, "ada");
            clock.advance(Duration.ofHours(1).minusSeconds(1));
            assertThat(client.get("/me").text()).isEqualTo("ada admin");
            clock.advance(Duration.ofSeconds(1));
            try (LogCapture logs = LogCapture.start()) {
                assertThat(client.get("/me").text()).as("the jar still sends it; the server refuses it")
                        .isEqualTo("anonymous -");
                assertThat(logs.lines(SessionMiddleware.class)).singleElement().asString()
                        .contains("session cookie rejected: expired");
            }
        }
    }

    @Test
    void theMaxAgeCountsFromTheLastChange() {
        try (TestClient client = app(b -> b.maxAge(Duration.ofHours(1))).testClient()) {
            login(client, "ada");
            clock.advance(Duration.ofMinutes(50));
            client.post("/demote");
            clock.advance(Duration.ofMinutes(50));
            assertThat(client.get("/me").text()).isEqualTo("ada -");
        }
    }

    @Test
    void aCookieSignedWithAPreviousKeyIsAcceptedAndSignedAgainWithTheNewest() {
        String oldCookie;
        try (TestClient before = appSignedWith(OLD_KEY).testClient()) {
            oldCookie = login(before, "ada");
        }
        Veloce rotated = app(b -> b.previousKeys(OLD_KEY));
        try (TestClient client = rotated.testClient()) {
            TestResponse response = client.get("/me", r -> r.cookie("session", oldCookie));
            assertThat(response.text()).isEqualTo("ada admin");
            assertThat(response.header("Set-Cookie")).startsWith("session=").doesNotContain(oldCookie);
        }
        String reissued;
        try (TestClient client = rotated.testClient()) {
            client.get("/me", r -> r.cookie("session", oldCookie));
            reissued = client.cookies().get("session");
        }
        try (TestClient onlyNewKey = app().testClient()) {
            assertThat(onlyNewKey.get("/me", r -> r.cookie("session", reissued)).text()).isEqualTo("ada admin");
        }
    }

    @Test
    void aCookieSignedWithAKeyTheAppDoesNotHaveIsRefused() {
        String foreign;
        try (TestClient other = appSignedWith(OLD_KEY).testClient()) {
            foreign = login(other, "ada");
        }
        try (TestClient client = app().testClient(); LogCapture logs = LogCapture.start()) {
            assertThat(client.get("/me", r -> r.cookie("session", foreign)).text()).isEqualTo("anonymous -");
            assertThat(logs.lines(SessionMiddleware.class)).singleElement().asString().contains("bad signature");
        }
    }

    private Veloce appSignedWith(byte[] key) {
        Veloce app = new Veloce();
        app.addMiddleware(SessionMiddleware.builder(key).clock(clock).build());
        app.post("/login", req -> {
            req.session().put("user", req.queryParams().get("user")).put("role", "admin");
            return "welcome";
        });
        return app;
    }

    @Test
    void aSessionTooLargeForACookieFailsTheRequestInsteadOfLosingData() {
        try (TestClient client = app().testClient()) {
            assertThatThrownBy(() -> client.post("/big")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("4096").hasMessageContaining("[blob]");
            assertThat(client.cookies()).doesNotContainKey("session");
        }
        try (TestClient client = app().testClient().raiseServerExceptions(false)) {
            assertThat(client.post("/big").status()).isEqualTo(500);
        }
    }

    @Test
    void aWebSocketReadsTheHandshakeCookieAndCannotChangeIt() {
        try (TestClient client = app().testClient()) {
            login(client, "ada");
            try (WebSocketTestSession ws = client.websocketConnect("/ws")) {
                assertThat(ws.receiveText()).isEqualTo("user ada");
                assertThat(ws.receiveText()).isEqualTo("read-only");
            }
            try (LogCapture logs = LogCapture.start();
                    WebSocketTestSession ws = client.websocketConnect("/ws", r -> r.cookie("session", "forged.x"))) {
                assertThat(ws.receiveText()).isEqualTo("user anonymous");
                assertThat(logs.lines(SessionMiddleware.class)).singleElement().asString().contains("bad signature");
            }
        }
    }

    @Test
    void keysShorterThan32BytesAndSameSiteNoneWithoutSecureAreRefused() {
        assertThatThrownBy(() -> SessionMiddleware.builder(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> SessionMiddleware.builder(KEY).previousKeys(new byte[8]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionMiddleware.builder(KEY).sameSite(SameSite.NONE).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("httpsOnly");
        assertThatThrownBy(() -> SessionMiddleware.builder(KEY).cookieName("bad name"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SessionMiddleware.builder(KEY).maxAge(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onTheRealServerSessionsRoundTripAndATamperedCookieIsAnEmptySession() throws Exception {
        try (Server server = app().start(ServerConfig.defaults().port(0));
                HttpClient http = HttpClient.newHttpClient()) {
            String base = "http://127.0.0.1:" + server.port();
            HttpResponse<String> login = http.send(HttpRequest.newBuilder(URI.create(base + "/login?user=ada"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            String cookie = login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
            assertThat(get(http, base + "/me", cookie).body()).isEqualTo("ada admin");

            HttpResponse<String> tampered;
            try (LogCapture logs = LogCapture.start()) {
                tampered = get(http, base + "/me", flip(cookie, 12));
                assertThat(logs.lines(SessionMiddleware.class)).singleElement().asString().contains("bad signature");
                assertThat(logs.hasStackTrace()).isFalse();
            }
            assertThat(tampered.statusCode()).isEqualTo(200);
            assertThat(tampered.body()).isEqualTo("anonymous -");

            CompletableFuture<String> first = new CompletableFuture<>();
            WebSocket ws = http.newWebSocketBuilder().header("Cookie", cookie)
                    .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new WebSocket.Listener() {
                        @Override
                        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                            first.complete(data.toString());
                            return null;
                        }
                    }).get(10, TimeUnit.SECONDS);
            assertThat(first.get(10, TimeUnit.SECONDS)).isEqualTo("user ada");
            ws.abort();
        }
    }

    private static HttpResponse<String> get(HttpClient http, String url, String cookie) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Replaces the Base64url character at {@code index} by another one, so the text stays well-formed. */
    private static String flip(String value, int index) {
        char replacement = value.charAt(index) == 'A' ? 'B' : 'A';
        return value.substring(0, index) + replacement + value.substring(index + 1);
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    /** A clock the test moves forward by hand: expiry without sleeping. */
    static final class MutableClock extends Clock {

        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the sessions only read instants");
        }
    }
}
