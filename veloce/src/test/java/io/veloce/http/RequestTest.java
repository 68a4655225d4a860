package io.veloce.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestTest {

    enum Color { RED, GREEN }

    record Point(int x, int y) {
    }

    private static TestClient client(java.util.function.Consumer<Veloce> routes) {
        Veloce app = new Veloce();
        routes.accept(app);
        return app.testClient();
    }

    @Test
    void typedPathParametersConvertOrAnswer422() {
        UUID id = UUID.randomUUID();
        try (TestClient client = client(app -> {
            app.get("/n/{n}", req -> req.pathParam("n", Long.class) + 1);
            app.get("/u/{u}", req -> req.pathParam("u", UUID.class).toString());
            app.get("/c/{c}", req -> req.pathParam("c", Color.class).name());
            app.get("/b/{b}", req -> req.pathParam("b", boolean.class));
        })) {
            assertThat(client.get("/n/41").text()).isEqualTo("42");
            assertThat(client.get("/u/" + id).text()).isEqualTo(id.toString());
            assertThat(client.get("/c/GREEN").text()).isEqualTo("GREEN");
            assertThat(client.get("/b/yes").text()).isEqualTo("true");
            assertThat(client.get("/c/BLUE").json().get("detail").asText())
                    .isEqualTo("path parameter 'c' must be one of RED, GREEN, got 'BLUE'");
        }
    }

    @Test
    void queryParametersAreDecodedAndMultiValued() {
        try (TestClient client = client(app -> app.get("/q", req -> Map.of(
                "tags", req.queryParams().getAll("tag"),
                "name", req.queryParams().get("name"),
                "page", req.queryParams().get("page", Integer.class))))) {
            Map<?, ?> body = client.get("/q?tag=a&tag=b%20c&name=J+Doe", r -> r.query("page", "3")).json(Map.class);
            assertThat(body.get("tags")).isEqualTo(List.of("a", "b c"));
            assertThat(body.get("name")).isEqualTo("J Doe");
            assertThat(body.get("page")).isEqualTo(3);
        }
    }

    @Test
    void headersAreCaseInsensitiveAndCookiesAreParsed() {
        try (TestClient client = client(app -> app.get("/h", req ->
                req.headers().get("x-trace") + " " + req.cookies().get("session")))) {
            assertThat(client.get("/h", r -> r.header("X-Trace", "t1").cookie("session", "abc")).text())
                    .isEqualTo("t1 abc");
        }
    }

    @Test
    void jsonFormAndTextBodies() {
        try (TestClient client = client(app -> {
            app.post("/json", req -> req.json(Point.class));
            app.post("/tree", req -> req.json().get("x").asInt());
            app.post("/form", req -> req.form().get("name"));
            app.post("/text", req -> req.text().toUpperCase());
        })) {
            assertThat(client.post("/json", r -> r.json(new Point(1, 2))).json(Point.class)).isEqualTo(new Point(1, 2));
            assertThat(client.post("/tree", r -> r.json(Map.of("x", 5))).text()).isEqualTo("5");
            assertThat(client.post("/form", r -> r.form("name", "Ada Lovelace")).text()).isEqualTo("Ada Lovelace");
            assertThat(client.post("/form", r -> r.json(Map.of())).status()).isEqualTo(415);
            assertThat(client.post("/text", r -> r.text("hi")).text()).isEqualTo("HI");
        }
    }

    @Test
    void connectionDataDescribesTheRequest() {
        try (TestClient client = client(app -> app.get("/info/{x}", req -> Map.of(
                "method", req.method(),
                "path", req.path(),
                "url", req.url().toString(),
                "client", req.client().host(),
                "params", req.pathParams(),
                "protocol", req.protocol())))) {
            Map<?, ?> info = client.get("/info/a%20b?z=1").json(Map.class);
            assertThat(info.get("method")).isEqualTo("GET");
            assertThat(info.get("path")).isEqualTo("/info/a b");
            assertThat(info.get("url")).isEqualTo("http://testserver/info/a%20b?z=1");
            assertThat(info.get("client")).isEqualTo("testclient");
            assertThat(info.get("params")).isEqualTo(Map.of("x", "a b"));
            assertThat(info.get("protocol")).isEqualTo("HTTP/1.1");
        }
    }
}
