package io.veloce.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseTest {

    record Event(String name, Instant at) {
    }

    @Test
    void handlerReturnValuesAreConverted() {
        Veloce app = new Veloce();
        app.get("/string", req -> "plain");
        app.get("/bytes", req -> new byte[] {1, 2, 3});
        app.get("/null", req -> null);
        app.get("/record", req -> new Event("launch", Instant.parse("2026-01-02T03:04:05Z")));
        app.get("/response", req -> Response.text("made").status(202).header("X-Made", "by hand"));
        try (TestClient client = app.testClient()) {
            TestResponse string = client.get("/string");
            assertThat(string.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
            assertThat(string.text()).isEqualTo("plain");
            TestResponse bytes = client.get("/bytes");
            assertThat(bytes.header("Content-Type")).isEqualTo("application/octet-stream");
            assertThat(bytes.bytes()).containsExactly(1, 2, 3);
            assertThat(client.get("/null").status()).isEqualTo(204);
            assertThat(client.get("/record").text()).isEqualTo("{\"name\":\"launch\",\"at\":\"2026-01-02T03:04:05Z\"}");
            TestResponse made = client.get("/response");
            assertThat(made.status()).isEqualTo(202);
            assertThat(made.header("X-Made")).isEqualTo("by hand");
        }
    }

    @Test
    void streamingBodiesArriveWhole() {
        Veloce app = new Veloce();
        app.get("/stream", req -> Response.stream("text/plain", (OutputStream out) -> {
            for (int i = 0; i < 3; i++) {
                out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/stream").text()).isEqualTo("line 0\nline 1\nline 2\n");
            assertThat(client.head("/stream").text()).isEmpty();
        }
    }

    @Test
    void redirectsCarryTheirLocation() {
        Veloce app = new Veloce();
        app.get("/old", req -> Response.redirect("/new"));
        app.get("/moved", req -> Response.redirect("/new", 301));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/old").status()).isEqualTo(307);
            assertThat(client.get("/old").header("Location")).isEqualTo("/new");
            assertThat(client.get("/moved").status()).isEqualTo(301);
        }
        assertThatThrownBy(() -> Response.redirect("/x", 200)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void cookiesTakeTheAppDefaultsAndExplicitOptionsWin() {
        Veloce app = new Veloce().cookieDefaults(CookieOptions.defaults().path("/").httpOnly(true).sameSite(SameSite.LAX));
        app.get("/login", req -> Response.text("hi")
                .cookie("session", "s1")
                .cookie("prefs", "dark", CookieOptions.defaults().httpOnly(false).maxAge(Duration.ofHours(1))));
        try (TestClient client = app.testClient()) {
            TestResponse response = client.get("/login");
            assertThat(response.headers().getAll("Set-Cookie")).hasSize(2);
            assertThat(response.headers().getAll("Set-Cookie").get(0)).isEqualTo("session=s1; Path=/; HttpOnly; SameSite=Lax");
            assertThat(response.headers().getAll("Set-Cookie").get(1))
                    .startsWith("prefs=dark; Max-Age=3600; Expires=").endsWith("; Path=/; SameSite=Lax");
        }
    }

    @Test
    void cookieNamesAndValuesThatWouldBreakTheHeaderAreRefused() {
        assertThatThrownBy(() -> Response.text("x").cookie("bad name", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Response.text("x").cookie("n", "a;b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void headerValuesCannotSplitTheResponse() {
        assertThatThrownBy(() -> Response.text("x").header("X-Evil", "a\r\nSet-Cookie: stolen=1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CR, LF or NUL");
    }

    @Test
    void aValueJacksonCannotSerialiseIsA500() {
        Veloce app = new Veloce();
        app.get("/bad", req -> Map.of("stream", new Object() {
            @SuppressWarnings("unused")
            public Object getSelf() {
                throw new IllegalStateException("cannot read");
            }
        }));
        try (TestClient client = app.testClient().raiseServerExceptions(false)) {
            TestResponse response = client.get("/bad");
            assertThat(response.status()).isEqualTo(500);
            assertThat(response.text()).isEqualTo("{\"detail\":\"Internal Server Error\"}");
        }
    }
}
