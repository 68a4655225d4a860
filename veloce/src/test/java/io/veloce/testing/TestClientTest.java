package io.veloce.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Limits;
import io.veloce.Veloce;
import io.veloce.http.CookieOptions;
import io.veloce.http.Response;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class TestClientTest {

    @Test
    void handlerExceptionsAreRethrownInTheTestByDefault() {
        Veloce app = new Veloce();
        app.get("/boom", req -> {
            throw new IllegalStateException("the real cause");
        });
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.get("/boom"))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("the real cause");
        }
    }

    @Test
    void checkedExceptionsAreRethrownWrapped() {
        Veloce app = new Veloce();
        app.get("/io", req -> {
            throw new IOException("disk");
        });
        try (TestClient client = app.testClient()) {
            assertThatThrownBy(() -> client.get("/io"))
                    .isInstanceOf(TestClient.ServerException.class)
                    .hasCauseInstanceOf(IOException.class);
        }
    }

    @Test
    void raiseServerExceptionsFalseReturnsThe500() {
        Veloce app = new Veloce();
        app.get("/boom", req -> {
            throw new IllegalStateException("x");
        });
        try (TestClient client = app.testClient().raiseServerExceptions(false)) {
            assertThat(client.get("/boom").status()).isEqualTo(500);
        }
    }

    @Test
    void theCookieJarKeepsCookiesAcrossRequestsAndForgetsDeletedOnes() {
        Veloce app = new Veloce();
        app.post("/login", req -> Response.empty(204).cookie("session", "abc"));
        app.post("/logout", req -> Response.empty(204).deleteCookie("session"));
        app.get("/me", req -> req.cookies().getOrDefault("session", "anonymous"));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/me").text()).isEqualTo("anonymous");
            client.post("/login");
            assertThat(client.cookies()).containsEntry("session", "abc");
            assertThat(client.get("/me").text()).isEqualTo("abc");
            client.post("/logout");
            assertThat(client.get("/me").text()).isEqualTo("anonymous");
        }
    }

    @Test
    void cookiesAreOnlySentUnderTheirPath() {
        Veloce app = new Veloce();
        app.get("/admin/login", req -> Response.empty(204)
                .cookie("admin", "yes", CookieOptions.defaults().path("/admin").maxAge(Duration.ofMinutes(5))));
        app.get("/admin/me", req -> req.cookies().getOrDefault("admin", "no"));
        app.get("/me", req -> req.cookies().getOrDefault("admin", "no"));
        try (TestClient client = app.testClient()) {
            client.get("/admin/login");
            assertThat(client.get("/admin/me").text()).isEqualTo("yes");
            assertThat(client.get("/me").text()).isEqualTo("no");
        }
    }

    @Test
    void cookiePathsMatchAsInABrowser() {
        Veloce app = new Veloce();
        app.get("/admin/login", req -> Response.empty(204)
                .cookie("who", "admin", CookieOptions.defaults().path("/admin"))
                .cookie("who", "anyone", CookieOptions.defaults().path("/")));
        app.get("/{page...}", req -> req.cookies().getOrDefault("who", "nobody"));
        try (TestClient client = app.testClient()) {
            client.get("/admin/login");
            assertThat(client.get("/admin").text()).isEqualTo("admin");
            assertThat(client.get("/admin/users").text()).isEqualTo("admin");
            // "/admin" is not a prefix path of "/administrator": only the "/" cookie goes there
            assertThat(client.get("/administrator").text()).isEqualTo("anyone");
            assertThat(client.get("/").text()).isEqualTo("anyone");
        }
    }

    @Test
    void aCookieWithoutPathBelongsToItsRequestsDirectoryAndIsDeletedThere() {
        Veloce app = new Veloce();
        app.get("/account/login", req -> Response.empty(204).header("Set-Cookie", "who=ada"));
        app.get("/account/logout", req -> Response.empty(204).header("Set-Cookie", "who=; Max-Age=0"));
        app.get("/elsewhere/logout", req -> Response.empty(204).header("Set-Cookie", "who=; Max-Age=0"));
        app.get("/{page...}", req -> req.cookies().getOrDefault("who", "nobody"));
        try (TestClient client = app.testClient()) {
            client.get("/account/login");
            assertThat(client.get("/account/settings").text()).isEqualTo("ada");
            assertThat(client.get("/home").text()).isEqualTo("nobody");
            client.get("/elsewhere/logout"); // a deletion for the path /elsewhere: another cookie
            assertThat(client.get("/account/settings").text()).isEqualTo("ada");
            client.get("/account/logout");
            assertThat(client.get("/account/settings").text()).isEqualTo("nobody");
        }
    }

    @Test
    void theHeaderLimitCountsBytesAsTheServerDoes() {
        Veloce app = new Veloce().limits(Limits.defaults().maxHeaderSize(1024));
        app.get("/", req -> "ok");
        try (TestClient client = app.testClient()) {
            // 600 characters, 1,200 bytes in UTF-8: over the limit on the wire, so over it here
            assertThat(client.get("/", r -> r.header("X-Name", "é".repeat(600))).status()).isEqualTo(431);
            assertThat(client.get("/", r -> r.header("X-Name", "e".repeat(600))).status()).isEqualTo(200);
        }
    }

    @Test
    void aClosedClientRefusesRequests() {
        TestClient client = new Veloce().testClient();
        client.close();
        assertThatThrownBy(() -> client.get("/")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aFailingStartupHookFailsOpeningTheClient() {
        Veloce app = new Veloce();
        app.onStartup(() -> {
            throw new IllegalStateException("database down");
        });
        assertThatThrownBy(app::testClient).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("database down");
    }

    @Test
    void aStreamingBodyMustBeAsLongAsTheLengthItAnnouncesAsOnTheServer() {
        Veloce app = new Veloce();
        app.get("/exact", req -> Response.stream("text/plain", out -> out.write(new byte[11])).header("Content-Length", "11"));
        app.get("/short", req -> Response.stream("text/plain", out -> out.write(new byte[5])).header("Content-Length", "11"));
        app.get("/long", req -> Response.stream("text/plain", out -> out.write(new byte[12])).header("Content-Length", "11"));
        try (TestClient client = app.testClient()) {
            assertThat(client.get("/exact").bytes()).hasSize(11);
            assertThatThrownBy(() -> client.get("/short")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the response body ended 6 bytes short of its Content-Length");
            assertThatThrownBy(() -> client.get("/long")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the response body is longer than its Content-Length");
        }
    }
}
