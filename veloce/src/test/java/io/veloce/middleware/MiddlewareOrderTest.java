package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Veloce;
import io.veloce.http.HttpException;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.routing.Router;
import io.veloce.testing.TestClient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiddlewareOrderTest {

    private final List<String> trace = new ArrayList<>();

    /** A middleware that records when a request enters and its response leaves. */
    private Middleware tracing(String name) {
        return new Middleware() {
            @Override
            public Response handle(Request request, Next next) throws Exception {
                trace.add(name + " in");
                Response response = next.handle(request);
                trace.add(name + " out " + response.status());
                return response;
            }

            @Override
            public void handleWebSocket(io.veloce.websocket.WebSocket ws, WebSocketNext next) throws Exception {
                trace.add(name + " ws in");
                next.handle(ws);
                trace.add(name + " ws out");
            }
        };
    }

    @Test
    void aChainOfFourRunsInRegistrationOrderForHttpAndWebSocketsAlike() throws Exception {
        Veloce app = new Veloce();
        io.veloce.routing.Router router = new io.veloce.routing.Router();
        router.addMiddleware(tracing("router 1"));
        router.addMiddleware(tracing("router 2"));
        router.get("/", req -> {
            trace.add("handler");
            return "ok";
        });
        router.websocket("/ws", ws -> {
            trace.add("ws handler");
            ws.accept();
            ws.close();
        });
        app.addMiddleware(tracing("app 1"));
        app.addMiddleware(tracing("app 2"));
        app.include(router);
        try (TestClient client = app.testClient()) {
            client.get("/");
            assertThat(trace).containsExactly("app 1 in", "app 2 in", "router 1 in", "router 2 in", "handler",
                    "router 2 out 200", "router 1 out 200", "app 2 out 200", "app 1 out 200");
            trace.clear();
            client.websocketConnect("/ws").close();
        }
        assertThat(trace).containsExactly("app 1 ws in", "app 2 ws in", "router 1 ws in", "router 2 ws in",
                "ws handler", "router 2 ws out", "router 1 ws out", "app 2 ws out", "app 1 ws out");
    }

    @Test
    void theFirstMiddlewareAddedIsTheOutermost() {
        Veloce app = new Veloce();
        app.addMiddleware(tracing("first"));
        app.addMiddleware(tracing("second"));
        app.get("/", req -> {
            trace.add("handler");
            return "ok";
        });
        try (TestClient client = app.testClient()) {
            client.get("/");
        }
        assertThat(trace).containsExactly("first in", "second in", "handler", "second out 200", "first out 200");
    }

    @Test
    void appMiddlewareRunsBeforeRoutingSoItSeesUnknownPathsAndTheir404() {
        Veloce app = new Veloce();
        app.addMiddleware(tracing("app"));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/missing").status()).isEqualTo(404);
        }
        assertThat(trace).containsExactly("app in", "app out 404");
    }

    @Test
    void middlewareMayAnswerWithoutCallingNext() {
        Veloce app = new Veloce();
        app.addMiddleware(new Middleware() {
            @Override
            public Response handle(Request request, Next next) {
                return Response.text("maintenance").status(503);
            }
        });
        app.get("/", req -> {
            throw new AssertionError("the handler must not run");
        });
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").status()).isEqualTo(503);
        }
    }

    @Test
    void middlewareSeesHandlerErrorsAsResponses() {
        Veloce app = new Veloce();
        app.addMiddleware(tracing("app"));
        app.get("/forbidden", req -> {
            throw new HttpException(403, "no");
        });
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/forbidden").status()).isEqualTo(403);
        }
        assertThat(trace).containsExactly("app in", "app out 403");
    }

    @Test
    void anHttpExceptionThrownByMiddlewareBecomesItsStatus() {
        Veloce app = new Veloce();
        app.addMiddleware(new Middleware() {
            @Override
            public Response handle(Request request, Next next) {
                throw new HttpException(401, "log in first");
            }
        });
        app.get("/", req -> "ok");
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/").status()).isEqualTo(401);
        }
    }

    @Test
    void aMiddlewareReturningNullIsABugAnsweredWith500NamingIt() {
        Veloce app = new Veloce();
        app.addMiddleware(new Middleware() {
            @Override
            public Response handle(Request request, Next next) {
                return null;
            }
        });
        app.get("/", req -> "ok");
        try (TestClient client = app.testClient()) {
            client.raiseServerExceptions(false);
            assertThat(client.get("/").status()).isEqualTo(500);
        }
        try (TestClient client = app.testClient()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> client.get("/")))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("returned null");
        }
    }

    @Test
    void routerMiddlewareRunsInsideAppMiddlewareAndOnlyForThatRoutersRoutes() {
        Veloce app = new Veloce();
        app.addMiddleware(tracing("app"));
        Router api = new Router();
        api.addMiddleware(tracing("api"));
        api.get("/items", req -> "items");
        app.include("/api", api);
        app.get("/health", req -> "up");
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/api/items").text()).isEqualTo("items");
            assertThat(client.get("/health").text()).isEqualTo("up");
        }
        assertThat(trace).containsExactly("app in", "api in", "api out 200", "app out 200", "app in", "app out 200");
    }

    @Test
    void routerMiddlewareSeesHandlerErrorsAsResponsesToo() {
        Veloce app = new Veloce();
        app.exceptionHandler(IllegalArgumentException.class, (req, e) -> Response.text("bad: " + e.getMessage()).status(422));
        Router api = new Router();
        api.addMiddleware(tracing("api"));
        api.get("/forbidden", req -> {
            throw new HttpException(403, "no");
        });
        api.get("/invalid", req -> {
            throw new IllegalArgumentException("size");
        });
        app.include("/api", api);
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/api/forbidden").status()).isEqualTo(403);
            assertThat(client.get("/api/invalid").text()).isEqualTo("bad: size");
        }
        assertThat(trace).containsExactly("api in", "api out 403", "api in", "api out 422");
    }

    @Test
    void middlewareMayReplaceTheRequestSeenFurtherIn() {
        Veloce app = new Veloce();
        app.addMiddleware(new Middleware() {
            @Override
            public Response handle(Request request, Next next) throws Exception {
                request.state().put("user", "ada");
                return next.handle(request);
            }
        });
        app.get("/me", req -> req.state().get("user", String.class).orElse("nobody"));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/me").text()).isEqualTo("ada");
        }
    }

    @Test
    void anHttpExceptionFromAnInnerMiddlewareReachesTheOuterOneAsAResponse() {
        Veloce app = new Veloce();
        List<String> seen = new ArrayList<>();
        app.addMiddleware(new Middleware() {
            @Override
            public Response handle(Request request, Next next) throws Exception {
                Response response = next.handle(request);
                seen.add("outer saw " + response.status());
                return response.header("X-Outer", "yes");
            }
        });
        app.addMiddleware(new Middleware() {
            @Override
            public Response handle(Request request, Next next) {
                throw new HttpException(401, "no entry");
            }
        });
        app.get("/", req -> "never");
        try (TestClient client = app.testClient()) {
            var response = client.get("/");
            assertThat(response.status()).isEqualTo(401);
            assertThat(response.headers().get("X-Outer")).isEqualTo("yes");
        }
        assertThat(seen).containsExactly("outer saw 401");
    }
}
