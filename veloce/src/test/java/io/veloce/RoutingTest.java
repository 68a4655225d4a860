package io.veloce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.routing.Router;
import io.veloce.testing.TestClient;
import org.junit.jupiter.api.Test;

class RoutingTest {

    @Test
    void everyMethodHasItsRegistrationMethod() {
        Veloce app = new Veloce();
        app.get("/r", req -> "get");
        app.post("/r", req -> "post");
        app.put("/r", req -> "put");
        app.patch("/r", req -> "patch");
        app.delete("/r", req -> "delete");
        app.options("/r", req -> "options");
        app.head("/r", req -> io.veloce.http.Response.empty(200).header("X-Head", "yes"));
        try (TestClient client = app.testClient()) {
            for (String method : new String[] {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
                assertThat(client.request(method, "/r", r -> { }).text()).isEqualTo(method.toLowerCase());
            }
            assertThat(client.head("/r").header("X-Head")).isEqualTo("yes");
        }
    }

    @Test
    void routersGroupRoutesUnderAPrefixAndNest() {
        Router v1 = new Router();
        v1.get("/items/{id}", req -> "item " + req.pathParam("id"));
        Router api = new Router();
        api.include("/v1", v1);
        Veloce app = new Veloce().include("/api", api);
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/api/v1/items/9").text()).isEqualTo("item 9");
        }
        assertThat(app.routes()).extracting(Object::toString).containsExactly("GET /api/v1/items/{id}");
    }

    @Test
    void conflictingRoutesAreRejectedAtRegistration() {
        Veloce app = new Veloce();
        app.get("/items/{id}", req -> "a");
        assertThatThrownBy(() -> app.get("/items/{name}", req -> "b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("conflicts with GET /items/{id}");
    }

    @Test
    void configurationIsFrozenOnceTheAppStarts() {
        Veloce app = new Veloce();
        app.testClient().close();
        assertThatThrownBy(() -> app.get("/late", req -> "x"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("register routes, middleware and settings before");
    }

    @Test
    void trailingSlashRedirectsCanBeTurnedOff() {
        Veloce app = new Veloce().redirectTrailingSlash(false);
        app.get("/items", req -> "items");
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/items/").status()).isEqualTo(404);
        }
    }

    @Test
    void aTrailingSlashRedirectNeverPointsToAnotherHost() {
        Veloce app = new Veloce();
        app.get("/evil.example", req -> "x");
        try (TestClient client = app.testClient()) {
            // "//evil.example/" minus its slash would be "//evil.example": a protocol-relative URL
            assertThat(client.get("//evil.example/").status()).isEqualTo(404);
        }
    }

    @Test
    void exceptionHandlersPickTheMostSpecificRegisteredType() {
        Veloce app = new Veloce();
        app.exceptionHandler(RuntimeException.class, (req, e) -> io.veloce.http.Response.text("runtime").status(500));
        app.exceptionHandler(IllegalArgumentException.class,
                (req, e) -> io.veloce.http.Response.text("bad: " + e.getMessage()).status(400));
        app.get("/iae", req -> {
            throw new NumberFormatException("not a number");
        });
        app.get("/ise", req -> {
            throw new IllegalStateException("state");
        });
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/iae").text()).isEqualTo("bad: not a number");
            assertThat(client.get("/iae").status()).isEqualTo(400);
            assertThat(client.get("/ise").text()).isEqualTo("runtime");
        }
    }

    @Test
    void startupAndShutdownHooksRunInOrderAroundTheTestClient() {
        java.util.List<String> events = new java.util.ArrayList<>();
        Veloce app = new Veloce();
        app.onStartup(() -> events.add("start 1"));
        app.onStartup(() -> events.add("start 2"));
        app.onShutdown(() -> events.add("stop 1"));
        app.onShutdown(() -> events.add("stop 2"));
        try (TestClient client = app.testClient()) {
            events.add("serving");
        }
        assertThat(events).containsExactly("start 1", "start 2", "serving", "stop 2", "stop 1");
    }
}
