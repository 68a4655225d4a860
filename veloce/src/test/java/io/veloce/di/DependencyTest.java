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
        Dependency<String> needsX = Dependency.of(x, (conn, value) -> value);
        DependencyOverrides overrides = new DependencyOverrides();
        overrides.put(x, a); // fine: x now resolves a
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
}
