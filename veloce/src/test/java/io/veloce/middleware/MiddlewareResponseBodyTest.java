package io.veloce.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Veloce;
import io.veloce.http.Body;
import io.veloce.http.Response;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a middleware finds in the response it gets from further in. */
class MiddlewareResponseBodyTest {

    /** Not serialisable by Jackson: a getter that throws. */
    public static final class Broken {
        public String getValue() {
            throw new IllegalStateException("cannot serialise");
        }
    }

    private static Veloce app() {
        Veloce app = new Veloce();
        app.addMiddleware(new Middleware() {
            @Override
            public Response handle(io.veloce.http.Request request, Next next) throws Exception {
                Response response;
                try {
                    response = next.handle(request);
                } catch (RuntimeException failure) {
                    return Response.text("caught").status(500).header("X-Caught", failure.getClass().getSimpleName());
                }
                String kind = response.body() instanceof Body.Bytes bytes
                        ? "bytes:" + new String(bytes.bytes(), StandardCharsets.UTF_8)
                        : response.body().getClass().getSimpleName();
                return response.header("X-Seen", kind);
            }
        });
        app.get("/value", req -> Map.of("answer", 42));
        app.exceptionHandler(IllegalStateException.class,
                (req, e) -> Response.json(Map.of("detail", "mapped")).status(503));
        app.get("/broken", req -> new Broken());
        return app;
    }

    @Test
    void aJsonValueReachesMiddlewareAsTheBytesThatWillBeSent() {
        try (TestClient client = app().testClient()) {
            TestResponse response = client.get("/value");
            assertThat(response.header("X-Seen")).isEqualTo("bytes:{\"answer\":42}");
            assertThat(response.text()).isEqualTo("{\"answer\":42}");
            assertThat(response.header("Content-Type")).startsWith("application/json");
        }
    }

    @Test
    void aValueThatCannotBeSerialisedFailsInsideTheChainWhereExceptionHandlersAndMiddlewareApply() {
        try (TestClient client = app().testClient()) {
            TestResponse response = client.get("/broken");
            assertThat(response.status()).as("Jackson's failure is an IllegalStateException: mapped").isEqualTo(503);
            assertThat(response.header("X-Seen")).isEqualTo("bytes:{\"detail\":\"mapped\"}");
            assertThat(response.header("X-Caught")).isNull();
        }
    }
}
