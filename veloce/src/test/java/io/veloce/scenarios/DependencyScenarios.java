package io.veloce.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.veloce.Veloce;
import io.veloce.di.Dependency;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import io.veloce.routing.Router;
import io.veloce.scenarios.HttpDriver.Reply;
import io.veloce.scenarios.WebSocketDriver.Peer;
import io.veloce.scenarios.WebSocketDriver.Refused;
import io.veloce.websocket.WebSocketDisconnect;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Dependency injection on HTTP routes and WebSocket handlers, run through the test client and on
 * the real server (see the subclasses): nesting, once-per-connection caching, cleanup order and
 * cleanup on failure, refusals, overrides, app and router dependencies.
 */
abstract class DependencyScenarios {

    record User(String name) {
    }

    /** What cleanups and handlers observed, in order. */
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final AtomicInteger counterCalls = new AtomicInteger();

    private final Dependency<Integer> counter = Dependency.of(conn -> counterCalls.incrementAndGet());
    private final Dependency<String> left = Dependency.of(counter, (conn, n) -> "left" + n);
    private final Dependency<String> right = Dependency.of(counter, (conn, n) -> "right" + n);
    private final Dependency<String> token = Dependency.of(conn -> {
        String value = conn.queryParams().get("token");
        if (value == null) {
            throw new HttpException(401, "token required", Headers.of("WWW-Authenticate", "Bearer"));
        }
        return value;
    });
    private final Dependency<User> currentUser = Dependency.of(token, (conn, t) -> new User("user-" + t));
    private final Dependency<String> outer = Dependency.of(conn -> "outer").onClose(v -> events.add("close outer"));
    private final Dependency<String> inner = Dependency.of(outer, (conn, o) -> o + "+inner")
            .onClose(v -> events.add("close inner"));
    private final Dependency<String> broken = Dependency.of(inner, (conn, i) -> {
        throw new IllegalStateException("database down");
    });

    private HttpDriver http;
    private WebSocketDriver ws;
    private Veloce app;

    abstract HttpDriver httpDriver(Veloce app);

    abstract WebSocketDriver webSocketDriver(Veloce app);

    Veloce app() {
        Veloce app = new Veloce();
        app.get("/nested", left, right, (req, l, r) -> l + " " + r + " " + req.dependency(counter));
        app.websocket("/nested", left, right, (ws, l, r) -> {
            ws.accept();
            ws.sendText(l + " " + r + " " + ws.dependency(counter));
            ws.close();
        });
        app.get("/me", currentUser, (req, user) -> user.name());
        app.websocket("/me", currentUser, (ws, user) -> {
            events.add("handler ran");
            ws.accept();
            ws.sendText(user.name());
            ws.close();
        });
        app.get("/resources", inner, (req, value) -> {
            events.add("handler " + value);
            return value;
        });
        app.get("/resources-then-fail", inner, (req, value) -> {
            throw new IllegalStateException("handler failed");
        });
        app.get("/broken", broken, (req, value) -> value);
        app.websocket("/resources", inner, (ws, value) -> {
            ws.accept();
            ws.sendText(value);
            try {
                ws.receiveText();
            } finally {
                events.add("handler done");
            }
        });
        app.websocket("/broken", broken, (ws, value) -> ws.accept());
        Router admin = new Router();
        admin.addDependency(token);
        admin.get("/stats", req -> "stats");
        admin.websocket("/feed", socket -> {
            socket.accept();
            socket.sendText("feed");
            socket.close();
        });
        app.include("/admin", admin);
        return app;
    }

    @BeforeEach
    void start() {
        app = app();
        http = httpDriver(app);
        ws = webSocketDriver(app);
    }

    @AfterEach
    void stop() {
        http.close();
        ws.close();
    }

    private String nextEvent() throws InterruptedException {
        String event = events.poll(10, TimeUnit.SECONDS);
        assertThat(event).as("next event").isNotNull();
        return event;
    }

    @Test
    void nestedDependenciesAreResolvedOncePerRequest() {
        assertThat(http.get("/nested").body()).isEqualTo("left1 right1 1");
        assertThat(http.get("/nested").body()).isEqualTo("left2 right2 2");
        assertThat(counterCalls).hasValue(2);
    }

    @Test
    void nestedDependenciesAreResolvedOncePerWebSocket() {
        try (Peer peer = ws.connect("/nested")) {
            assertThat(peer.receiveText()).isEqualTo("left1 right1 1");
        }
        assertThat(counterCalls).hasValue(1);
    }

    @Test
    void anHttpExceptionFromADependencyAnswersTheRequest() {
        Reply refused = http.get("/me");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(refused.body()).isEqualTo("{\"detail\":\"token required\"}");
        assertThat(http.get("/me?token=ada").body()).isEqualTo("user-ada");
    }

    @Test
    void anHttpExceptionFromADependencyRefusesTheHandshakeBeforeTheHandlerRuns() {
        Refused refused = catchThrowableOfType(Refused.class, () -> ws.connect("/me"));
        assertThat(refused.status).isEqualTo(401);
        assertThat(events).doesNotContain("handler ran");
        try (Peer peer = ws.connect("/me?token=ada")) {
            assertThat(peer.receiveText()).isEqualTo("user-ada");
        }
    }

    @Test
    void cleanupsRunAfterTheResponseInReverseOrder() throws Exception {
        assertThat(http.get("/resources").body()).isEqualTo("outer+inner");
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("handler outer+inner", "close inner", "close outer");
    }

    @Test
    void cleanupsRunWhenTheHandlerFails() throws Exception {
        assertThat(http.get("/resources-then-fail").status()).isEqualTo(500);
        assertThat(List.of(nextEvent(), nextEvent())).containsExactly("close inner", "close outer");
    }

    @Test
    void cleanupsRunWhenAnotherDependencyFails() throws Exception {
        assertThat(http.get("/broken").status()).isEqualTo(500);
        assertThat(List.of(nextEvent(), nextEvent())).containsExactly("close inner", "close outer");
    }

    @Test
    void aFailingDependencyRefusesTheHandshakeWith500AndStillCleansUp() throws Exception {
        Refused refused = catchThrowableOfType(Refused.class, () -> ws.connect("/broken"));
        assertThat(refused.status).isEqualTo(500);
        assertThat(List.of(nextEvent(), nextEvent())).containsExactly("close inner", "close outer");
    }

    @Test
    void aWebSocketsCleanupsRunOnceWhenThePeerCloses() throws Exception {
        Peer peer = ws.connect("/resources");
        assertThat(peer.receiveText()).isEqualTo("outer+inner");
        peer.close(1000, "");
        assertThat(List.of(nextEvent(), nextEvent(), nextEvent()))
                .containsExactly("handler done", "close inner", "close outer");
        assertThat(events.poll(200, TimeUnit.MILLISECONDS)).as("nothing runs twice").isNull();
    }

    @Test
    void overridesReplaceADependencyWithoutTouchingRoutesAndAreRemovable() {
        Dependency<User> fake = Dependency.of(conn -> new User("fake"));
        app.dependencyOverrides().put(currentUser, fake);
        assertThat(http.get("/me").body()).as("the overridden token check does not run").isEqualTo("fake");
        try (Peer peer = ws.connect("/me")) {
            assertThat(peer.receiveText()).isEqualTo("fake");
        }
        app.dependencyOverrides().remove(currentUser);
        assertThat(http.get("/me").status()).isEqualTo(401);
    }

    @Test
    void anOverrideOfANestedDependencyReachesEveryDependent() {
        app.dependencyOverrides().put(token, Dependency.of(conn -> "test-token"));
        assertThat(http.get("/me").body()).isEqualTo("user-test-token");
        app.dependencyOverrides().clear();
    }

    @Test
    void aRoutersDependencyRunsBeforeEachOfItsRoutes() {
        assertThat(http.get("/admin/stats").status()).isEqualTo(401);
        assertThat(http.get("/admin/stats?token=t").body()).isEqualTo("stats");
        assertThat(catchThrowableOfType(Refused.class, () -> ws.connect("/admin/feed")).status).isEqualTo(401);
        try (Peer peer = ws.connect("/admin/feed?token=t")) {
            assertThat(peer.receiveText()).isEqualTo("feed");
        }
        assertThat(http.get("/nested").status()).as("routes outside the router are untouched").isEqualTo(200);
    }

    @Test
    void aWebSocketsCleanupRunsOnceWhenItsHandlerEndsTheSessionByClosing() throws Exception {
        try (Peer peer = ws.connect("/nested")) {
            peer.receiveText();
            assertThat(catchThrowableOfType(WebSocketDisconnect.class, peer::receive).code()).isEqualTo(1000);
        }
        assertThat(counterCalls).hasValue(1);
    }
}
