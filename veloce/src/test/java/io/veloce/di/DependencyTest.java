package io.veloce.di;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Building dependencies, overrides and their cycle check, and how provider failures surface. */
class DependencyTest {

    @Test
    void anOverrideWhoseReplacementDependsOnTheOriginalIsRefusedAsACycle() {
        Dependency<String> a = Dependency.of(conn -> "a");
        Dependency<String> b = Dependency.of(a, (conn, value) -> value + "b");
        DependencyOverrides overrides = new DependencyOverrides();
        assertThatThrownBy(() -> overrides.put(a, b)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle").hasMessageContaining(a.toString());
    }

    @Test
    void aCycleThroughAnotherOverrideIsRefusedToo() {
        Dependency<String> a = Dependency.of(conn -> "a");
        Dependency<String> x = Dependency.of(conn -> "x");
        Dependency<String> needsA = Dependency.of(a, (conn, value) -> value);
        Dependency<String> needsX = Dependency.of(x, (conn, value) -> value);
        DependencyOverrides overrides = new DependencyOverrides();
        overrides.put(x, needsA); // resolving x now needs a
        assertThatThrownBy(() -> overrides.put(a, needsX)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cycle");
        overrides.remove(x);
        overrides.put(a, needsX); // without the first override there is no cycle
    }

    @Test
    void aDependencyCanOnlyNeedDependenciesThatAlreadyExistSoItsGraphHasNoCycle() {
        Dependency<String> first = Dependency.of(conn -> "1");
        Dependency<String> second = Dependency.of(first, (conn, v) -> v + "2");
        Dependency<String> third = Dependency.of(first, second, (conn, v1, v2) -> v1 + v2 + "3");
        Veloce app = new Veloce();
        app.get("/", third, (req, value) -> value);
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").text()).isEqualTo("1123");
        }
    }

    @Test
    void aCheckedExceptionFromAProviderIsWrappedAndA500() {
        Dependency<String> failing = Dependency.of(conn -> {
            throw new IOException("disk gone");
        });
        Veloce app = new Veloce();
        app.get("/", failing, (req, value) -> value);
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.get("/")).isInstanceOf(DependencyException.class)
                    .hasCauseInstanceOf(IOException.class);
            assertThat(client.raiseServerExceptions(false).get("/").status()).isEqualTo(500);
        }
    }

    @Test
    void aResourceIsClosedAndAFailingCleanupDoesNotStopTheOthers() {
        List<String> closed = new ArrayList<>();
        Dependency<AutoCloseable> first = Dependency.resource(conn -> () -> closed.add("first"));
        Dependency<String> failingCleanup = Dependency.of(first, (conn, f) -> "x").onClose(v -> {
            closed.add("failing");
            throw new IllegalStateException("cleanup bug");
        });
        Veloce app = new Veloce();
        app.get("/", failingCleanup, (req, value) -> value);
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").text()).isEqualTo("x");
        }
        assertThat(closed).containsExactly("failing", "first");
    }

    @Test
    void theTypedLookupResolvesOnDemandAndCaches() {
        List<String> calls = new ArrayList<>();
        Dependency<String> lazy = Dependency.of(conn -> {
            calls.add("resolved");
            return "v";
        });
        Veloce app = new Veloce();
        app.get("/", req -> req.dependency(lazy) + req.dependency(lazy));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").text()).isEqualTo("vv");
        }
        assertThat(calls).containsExactly("resolved");
    }

    @Test
    void appDependenciesRunForTheirEffectBeforeEveryHandlerInOrder() {
        List<String> order = new ArrayList<>();
        Veloce app = new Veloce();
        app.addDependency(Dependency.of(conn -> order.add("app 1")));
        app.addDependency(Dependency.of(conn -> order.add("app 2")));
        app.get("/", req -> {
            order.add("handler");
            return "ok";
        });
        app.websocket("/ws", ws -> {
            order.add("ws handler");
            ws.close();
        });
        try (TestClient client = app.testClient()) {
            client.get("/");
            assertThatThrownBy(() -> client.websocketConnect("/ws"))
                    .isInstanceOf(io.veloce.websocket.WebSocketDisconnect.class);
        }
        assertThat(order).containsExactly("app 1", "app 2", "handler", "app 1", "app 2", "ws handler");
    }

    @Test
    void theCycleCheckFollowsHowResolutionAppliesOverrides() {
        Dependency<String> a = Dependency.of(conn -> "a");
        Dependency<String> r = Dependency.of(a, (conn, value) -> value + "r");
        Dependency<String> s = Dependency.of(conn -> "s");
        DependencyOverrides overrides = new DependencyOverrides();
        overrides.put(r, s);
        // resolving a would run r's own provider, which needs a again: a cycle, whatever r's override
        assertThatThrownBy(() -> overrides.put(a, r)).isInstanceOf(IllegalArgumentException.class);

        Dependency<String> b = Dependency.of(conn -> "b");
        Dependency<String> c = Dependency.of(a, (conn, value) -> value + "c");
        DependencyOverrides other = new DependencyOverrides();
        other.put(b, c);
        other.put(a, b); // resolving a runs b's provider, which needs nothing: no cycle
    }

    @Test
    void aProviderThatAsksForItselfFailsClearlyInsteadOfOverflowingTheStack() {
        Veloce app = new Veloce();
        java.util.concurrent.atomic.AtomicReference<Dependency<String>> self =
                new java.util.concurrent.atomic.AtomicReference<>();
        self.set(Dependency.of(conn -> conn.dependency(self.get())));
        app.get("/", self.get(), (req, value) -> value);
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.get("/")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("needs itself");
        }
    }

    @Test
    void anErrorThrownByOneCleanupDoesNotSkipTheOthers() {
        List<String> closed = new ArrayList<>();
        Dependency<String> first = Dependency.of(conn -> "1").onClose(v -> closed.add("first"));
        Dependency<String> second = Dependency.of(first, (conn, v) -> "2").onClose(v -> {
            throw new AssertionError("a test's fail() in a cleanup");
        });
        Veloce app = new Veloce();
        app.get("/", second, (req, value) -> value);
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").text()).isEqualTo("2");
            assertThat(client.get("/").text()).as("the next request is served too").isEqualTo("2");
        }
        assertThat(closed).containsExactly("first", "first");
    }

    @Test
    void aNullResourceHasNothingToClose() {
        Veloce app = new Veloce();
        Dependency<AutoCloseable> none = Dependency.resource(conn -> null);
        app.get("/", none, (req, value) -> String.valueOf(value));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").text()).isEqualTo("null");
        }
    }

    static final class NotFound extends Exception {
        NotFound(String message) {
            super(message);
        }
    }

    @Test
    void aCheckedExceptionFromAProviderReachesTheExceptionHandlerForItsType() {
        Veloce app = new Veloce();
        app.exceptionHandler(NotFound.class, (req, e) -> io.veloce.http.Response.text(e.getMessage()).status(404));
        Dependency<String> item = Dependency.of(conn -> {
            throw new NotFound("no such item");
        });
        app.get("/item", item, (req, value) -> value);
        try (TestClient client = app.testClient()) {
            io.veloce.testing.TestResponse response = client.get("/item");
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.text()).isEqualTo("no such item");
        }
    }

    @Test
    void aDependencyAskedForAfterTheResponseIsRefused() {
        java.util.concurrent.atomic.AtomicReference<io.veloce.http.Request> saved =
                new java.util.concurrent.atomic.AtomicReference<>();
        Dependency<String> late = Dependency.of(conn -> "late");
        Veloce app = new Veloce();
        app.get("/", req -> {
            saved.set(req);
            return "ok";
        });
        try (TestClient client = app.testClient()) {
            client.get("/");
        }
        assertThatThrownBy(() -> saved.get().dependency(late)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("released");
    }

    @Test
    void aWebSocketKeepsTheOverridesInForceWhenItStarted() {
        Dependency<String> name = Dependency.of(conn -> "real");
        Veloce app = new Veloce();
        app.websocket("/ws", name, (ws, first) -> {
            ws.accept();
            ws.receiveText(); // the test changes the overrides meanwhile
            ws.sendText(first + " " + ws.dependency(name));
            ws.close();
        });
        try (TestClient client = app.testClient();
                io.veloce.testing.WebSocketTestSession ws = client.websocketConnect("/ws")) {
            app.dependencyOverrides().put(name, Dependency.of(conn -> "fake"));
            ws.sendText("go");
            assertThat(ws.receiveText()).isEqualTo("real real");
        } finally {
            app.dependencyOverrides().clear();
        }
    }

    @Test
    void anOuterRoutersDependencyRunsBeforeAnIncludedRoutersMiddleware() {
        List<String> seen = new ArrayList<>();
        io.veloce.routing.Router users = new io.veloce.routing.Router();
        users.addMiddleware(new io.veloce.middleware.Middleware() {
            @Override
            public io.veloce.http.Response handle(io.veloce.http.Request request, io.veloce.middleware.Next next)
                    throws Exception {
                seen.add("users middleware");
                return next.handle(request);
            }
        });
        users.get("/list", req -> "users");
        io.veloce.routing.Router admin = new io.veloce.routing.Router();
        admin.addDependency(Dependency.of(conn -> {
            if (conn.headers().get("X-Admin") == null) {
                throw new io.veloce.http.HttpException(401, "admins only");
            }
            return "admin";
        }));
        admin.include("/users", users);
        Veloce app = new Veloce();
        app.include("/admin", admin);
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/admin/users/list").status()).isEqualTo(401);
            assertThat(seen).as("refused before the inner router's middleware").isEmpty();
            assertThat(client.get("/admin/users/list", r -> r.header("X-Admin", "yes")).text()).isEqualTo("users");
            assertThat(seen).containsExactly("users middleware");
        }
    }

    @Test
    void dependenciesAreResolvedOnTheThreadHandlingTheConnectionOnly() {
        Dependency<String> name = Dependency.of(conn -> "ada");
        Veloce app = new Veloce();
        app.websocket("/ws", ws -> {
            ws.accept();
            String[] fromOtherThread = new String[1];
            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    ws.dependency(name);
                    fromOtherThread[0] = "resolved";
                } catch (IllegalStateException e) {
                    fromOtherThread[0] = e.getMessage();
                }
            });
            other.join();
            ws.sendText(ws.dependency(name) + " / " + fromOtherThread[0]);
            ws.close();
        });
        try (TestClient client = app.testClient();
                io.veloce.testing.WebSocketTestSession ws = client.websocketConnect("/ws")) {
            assertThat(ws.receiveText()).startsWith("ada / dependencies are resolved on the thread that handles");
        }
    }
}
