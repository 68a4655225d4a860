package io.veloce.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** {@code ws.checkOrigin(...)} and {@code ws.origin()}: normalisation, wildcard, missing and "null" origins. */
class OriginCheckTest {

    /** Runs {@code check} in a handler for a handshake with the given {@code Origin} headers. */
    private static Object inHandler(List<String> origins, java.util.function.Function<WebSocket, Object> check)
            throws InterruptedException {
        BlockingQueue<Object> result = new LinkedBlockingQueue<>();
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            result.add(String.valueOf(check.apply(ws)));
            ws.close();
        });
        Consumer<io.veloce.testing.TestRequest> headers = r -> origins.forEach(o -> r.header("Origin", o));
        try (TestClient client = app.testClient()) {
            try {
                client.websocketConnect("/ws", headers);
            } catch (WebSocketDisconnect refusedAsPlanned) {
                // the handler closes before accepting
            }
        }
        return result.poll(10, TimeUnit.SECONDS);
    }

    private static boolean check(String origin, String... allowed) throws InterruptedException {
        List<String> origins = new ArrayList<>();
        if (origin != null) {
            origins.add(origin);
        }
        return Boolean.parseBoolean((String) inHandler(origins, ws -> ws.checkOrigin(allowed)));
    }

    @Test
    void trailingSlashesAndCaseAreIgnoredOnBothSides() throws Exception {
        assertThat(check("https://APP.example.com/", "https://app.example.com")).isTrue();
        assertThat(check("https://app.example.com", "HTTPS://app.example.com///")).isTrue();
        assertThat(check("https://app.example.com", "https://other.example.com", "https://app.example.com")).isTrue();
    }

    @Test
    void anotherOriginFails() throws Exception {
        assertThat(check("https://evil.example", "https://app.example.com")).isFalse();
        assertThat(check("https://app.example.com.evil.example", "https://app.example.com")).isFalse();
    }

    @Test
    void portsAreNotNormalised() throws Exception {
        assertThat(check("https://app.example.com:443", "https://app.example.com")).isFalse();
    }

    @Test
    void aMissingOrNullOriginFailsUnlessTheWildcardIsListed() throws Exception {
        assertThat(check(null, "https://app.example.com")).isFalse();
        assertThat(check("null", "https://app.example.com")).isFalse();
        assertThat(check("null", "null")).as("the literal \"null\" origin is never an allowed entry").isFalse();
        assertThat(check(null, "*")).isTrue();
        assertThat(check("null", "*")).isTrue();
        assertThat(check("https://anything.example", "*")).isTrue();
    }

    @Test
    void repeatedOriginHeadersFailEvenAgainstTheWildcard() throws Exception {
        List<String> two = List.of("https://app.example.com", "https://evil.example");
        assertThat(inHandler(two, ws -> ws.checkOrigin("https://app.example.com"))).isEqualTo("false");
        assertThat(inHandler(two, ws -> ws.checkOrigin("*"))).isEqualTo("false");
        assertThat(inHandler(two, WebSocket::origin)).as("origin() returns the first").isEqualTo("https://app.example.com");
    }

    @Test
    void originIsNullWhenAbsentAndTheLiteralNullStaysNull() throws Exception {
        assertThat(inHandler(List.of(), ws -> ws.origin() == null)).isEqualTo("true");
        assertThat(inHandler(List.of("null"), WebSocket::origin)).isEqualTo("null");
    }

    @Test
    void oddInputNeverThrows() throws Exception {
        assertThat(check("", "https://app.example.com")).isFalse();
        assertThat(check("///", "")).isTrue(); // both normalise to the empty string
        assertThat(inHandler(List.of("https://a"), ws -> ws.checkOrigin((java.util.Collection<String>) null)))
                .isEqualTo("false");
        assertThat(inHandler(List.of("https://a"), ws -> ws.checkOrigin(new ArrayList<>(java.util.Arrays.asList(
                (String) null, "https://a"))))).isEqualTo("true");
    }
}
