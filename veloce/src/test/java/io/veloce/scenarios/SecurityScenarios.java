package io.veloce.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.http.HttpException;
import io.veloce.scenarios.HttpDriver.Reply;
import io.veloce.scenarios.WebSocketDriver.Peer;
import io.veloce.scenarios.WebSocketDriver.Refused;
import io.veloce.security.ApiKey;
import io.veloce.security.BasicAuth;
import io.veloce.security.BearerToken;
import io.veloce.security.SubprotocolToken;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The security dependencies with good and bad credentials, and the three ways a browser can
 * authenticate a WebSocket (query token, cookie, subprotocol entry), on both transports.
 */
abstract class SecurityScenarios {

    private HttpDriver http;
    private WebSocketDriver ws;

    abstract HttpDriver httpDriver(Veloce app);

    abstract WebSocketDriver webSocketDriver(Veloce app);

    static Veloce app() {
        Veloce app = new Veloce();
        app.get("/bearer", BearerToken.required(), (req, token) -> "token " + token);
        app.get("/bearer-checked", BearerToken.matching(Set.of("s3cret")), (req, token) -> "welcome");
        app.get("/basic", BasicAuth.matching("admin area", "admin", "pa:ss"),
                (req, credentials) -> "hello " + credentials.username());
        app.get("/key", ApiKey.matching(ApiKey.header("X-API-Key"), Set.of("k1", "k2")), (req, key) -> "key ok");
        Dependency<String> user = Dependency.of(ApiKey.query("token"), (conn, token) -> {
            if (!token.equals("t-ada")) {
                throw new HttpException(403, "invalid token");
            }
            return "ada";
        });
        app.websocket("/ws/query", user, (socket, name) -> {
            socket.accept();
            socket.sendText("hello " + name);
            socket.close();
        });
        app.websocket("/ws/cookie", ApiKey.matching(ApiKey.cookie("session"), Set.of("sess-1")), (socket, s) -> {
            socket.accept();
            socket.sendText("session ok");
            socket.close();
        });
        app.websocket("/ws/subprotocol", ApiKey.matching(SubprotocolToken.required("token."), Set.of("abc123")),
                (socket, token) -> {
                    socket.accept(socket.negotiateSubprotocol("chat"));
                    socket.sendText("chat ok");
                    socket.close();
                });
        return app;
    }

    @BeforeEach
    void start() {
        Veloce app = app();
        http = httpDriver(app);
        ws = webSocketDriver(app);
    }

    @AfterEach
    void stop() {
        http.close();
        ws.close();
    }

    private Reply get(String path, String header, String value) {
        return http.send("GET", path, Map.of(header, value), new byte[0]);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void bearerTokens() {
        Reply missing = http.get("/bearer");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Bearer");
        Reply wrongScheme = get("/bearer", "Authorization", "Basic YTpi");
        assertThat(wrongScheme.status()).isEqualTo(401);
        assertThat(wrongScheme.header("WWW-Authenticate")).as("RFC 6750 3.1: no error code").isEqualTo("Bearer");
        Reply malformed = get("/bearer", "Authorization", "Bearer a b");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_request\"");
        assertThat(get("/bearer", "Authorization", "Bearer abc").body()).isEqualTo("token abc");
        Reply invalid = get("/bearer-checked", "Authorization", "Bearer guess");
        assertThat(invalid.status()).isEqualTo(401);
        assertThat(invalid.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(get("/bearer-checked", "Authorization", "bearer s3cret").body()).isEqualTo("welcome");
    }

    @Test
    void basicCredentials() {
        Reply missing = http.get("/basic");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.header("WWW-Authenticate")).isEqualTo("Basic realm=\"admin area\", charset=\"UTF-8\"");
        assertThat(get("/basic", "Authorization", "Basic !!!").status()).isEqualTo(401);
        assertThat(get("/basic", "Authorization", basic("admin", "wrong")).status()).isEqualTo(401);
        assertThat(get("/basic", "Authorization", basic("root", "pa:ss")).status()).isEqualTo(401);
        assertThat(get("/basic", "Authorization", basic("admin", "pa:ss")).body()).isEqualTo("hello admin");
    }

    @Test
    void apiKeysInAHeader() {
        Reply missing = http.get("/key");
        assertThat(missing.status()).isEqualTo(403);
        assertThat(missing.body()).contains("missing API key in header X-API-Key");
        assertThat(get("/key", "X-API-Key", "k3").status()).isEqualTo(403);
        assertThat(get("/key", "X-API-Key", "k2").body()).isEqualTo("key ok");
    }

    @Test
    void aBrowserWebSocketAuthenticatedByAQueryToken() {
        assertThat(catchThrowableOfType(Refused.class, () -> ws.connect("/ws/query")).status).isEqualTo(403);
        assertThat(catchThrowableOfType(Refused.class, () -> ws.connect("/ws/query?token=bad")).status)
                .isEqualTo(403);
        try (Peer peer = ws.connect("/ws/query?token=t-ada")) {
            assertThat(peer.receiveText()).isEqualTo("hello ada");
        }
    }

    @Test
    void aBrowserWebSocketAuthenticatedByACookie() {
        assertThat(catchThrowableOfType(Refused.class,
                () -> ws.connect("/ws/cookie", Map.of("Cookie", "session=stolen"), List.of())).status).isEqualTo(403);
        try (Peer peer = ws.connect("/ws/cookie", Map.of("Cookie", "theme=dark; session=sess-1"), List.of())) {
            assertThat(peer.receiveText()).isEqualTo("session ok");
        }
    }

    @Test
    void aBrowserWebSocketAuthenticatedByASubprotocolEntry() {
        assertThat(catchThrowableOfType(Refused.class,
                () -> ws.connect("/ws/subprotocol", Map.of(), List.of("chat"))).status).isEqualTo(403);
        try (Peer peer = ws.connect("/ws/subprotocol", Map.of(), List.of("chat", "token.abc123"))) {
            assertThat(peer.receiveText()).isEqualTo("chat ok");
            assertThat(peer.subprotocol()).as("the token entry is never echoed").isEqualTo("chat");
        }
    }
}
