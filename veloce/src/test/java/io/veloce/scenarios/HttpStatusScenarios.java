package io.veloce.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Limits;
import io.veloce.Veloce;
import io.veloce.http.Headers;
import io.veloce.http.HttpException;
import io.veloce.http.Response;
import io.veloce.scenarios.HttpDriver.Reply;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every error status of the framework contract, run once through the in-memory test client and
 * once on the real server (see the two subclasses): both transports must answer alike.
 */
abstract class HttpStatusScenarios {

    record Item(long id, String name) {
    }

    private HttpDriver driver;

    abstract HttpDriver driver(Veloce app);

    static Veloce app() {
        Veloce app = new Veloce().limits(Limits.defaults()
                .maxRequestLineLength(512)
                .maxHeaderSize(2048)
                .maxBodySize(1024));
        app.get("/items/{id}", req -> new Item(req.pathParam("id", Long.class), "widget"));
        app.delete("/items/{id}", req -> null);
        app.post("/items", req -> Response.json(req.json(Item.class)).status(201));
        app.get("/boom", req -> {
            throw new IllegalStateException("secret database password in this message");
        });
        app.get("/teapot", req -> {
            throw new HttpException(418, "short and stout", Headers.of("X-Brew", "earl-grey"));
        });
        app.get("/folders/", req -> "folders");
        return app;
    }

    @BeforeEach
    void start() {
        driver = driver(app());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void aMatchingRouteAnswers200WithJson() {
        Reply reply = driver.get("/items/7");
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Type")).isEqualTo("application/json");
        assertThat(reply.body()).isEqualTo("{\"id\":7,\"name\":\"widget\"}");
    }

    @Test
    void anUnknownPathIs404() {
        Reply reply = driver.get("/nowhere");
        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.body()).isEqualTo("{\"detail\":\"Not Found\"}");
    }

    @Test
    void aKnownPathWithTheWrongMethodIs405WithAllow() {
        Reply reply = driver.send("PUT", "/items/7", Map.of(), new byte[0]);
        assertThat(reply.status()).isEqualTo(405);
        assertThat(reply.header("Allow")).isEqualTo("GET, HEAD, DELETE");
        assertThat(reply.body()).isEqualTo("{\"detail\":\"Method Not Allowed\"}");
    }

    @Test
    void malformedJsonIs400SayingWhatWasWrong() {
        Reply reply = post("/items", "{\"id\": 1, ");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).startsWith("{\"detail\":\"malformed JSON: ");
    }

    @Test
    void jsonThatDoesNotBindIs422NamingTheField() {
        Reply reply = post("/items", "{\"id\": \"seven\", \"name\": \"x\"}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("JSON does not match").contains("at 'id'");
    }

    @Test
    void aMissingRequiredFieldIs422() {
        Reply reply = post("/items", "{\"name\": \"x\"}");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).contains("id");
    }

    @Test
    void aPathParameterOfTheWrongTypeIs422() {
        Reply reply = driver.get("/items/seven");
        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.body()).isEqualTo("{\"detail\":\"path parameter 'id' must be an integer, got 'seven'\"}");
    }

    @Test
    void aPathThatIsNotUtf8OnceDecodedIs400() {
        Reply reply = driver.get("/items/%C3%28");
        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.body()).contains("not valid UTF-8");
    }

    @Test
    void aBodyOverTheLimitIs413() {
        Reply reply = post("/items", "{\"id\":1,\"name\":\"" + "x".repeat(2000) + "\"}");
        assertThat(reply.status()).isEqualTo(413);
    }

    @Test
    void aRequestLineOverTheLimitIs414() {
        Reply reply = driver.get("/items/1?q=" + "x".repeat(600));
        assertThat(reply.status()).isEqualTo(414);
    }

    @Test
    void aHeaderBlockOverTheLimitIs431() {
        Reply reply = driver.send("GET", "/items/1", Map.of("X-Big", "y".repeat(3000)), new byte[0]);
        assertThat(reply.status()).isEqualTo(431);
    }

    @Test
    void anUncaughtExceptionIs500WithAGenericBodyAndNoStackTrace() {
        Reply reply = driver.get("/boom");
        assertThat(reply.status()).isEqualTo(500);
        assertThat(reply.body()).isEqualTo("{\"detail\":\"Internal Server Error\"}");
    }

    @Test
    void anHttpExceptionBecomesItsStatusDetailAndHeaders() {
        Reply reply = driver.get("/teapot");
        assertThat(reply.status()).isEqualTo(418);
        assertThat(reply.header("X-Brew")).isEqualTo("earl-grey");
        assertThat(reply.body()).isEqualTo("{\"detail\":\"short and stout\"}");
    }

    @Test
    void aNullReturnIs204WithNoBody() {
        Reply reply = driver.send("DELETE", "/items/3", Map.of(), new byte[0]);
        assertThat(reply.status()).isEqualTo(204);
        assertThat(reply.body()).isEmpty();
    }

    @Test
    void aMissByATrailingSlashRedirectsWith307KeepingTheQuery() {
        Reply reply = driver.get("/folders?sort=name");
        assertThat(reply.status()).isEqualTo(307);
        assertThat(reply.header("Location")).isEqualTo("/folders/?sort=name");
    }

    @Test
    void headAnswersWithTheGetHeadersAndNoBody() {
        Reply reply = driver.send("HEAD", "/items/7", Map.of(), new byte[0]);
        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.header("Content-Length")).isEqualTo("24");
        assertThat(reply.body()).isEmpty();
    }

    private Reply post(String path, String json) {
        return driver.send("POST", path, Map.of("Content-Type", "application/json"),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
