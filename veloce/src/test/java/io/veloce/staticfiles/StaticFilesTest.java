package io.veloce.staticfiles;

import io.veloce.http.HttpDates;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.veloce.Veloce;
import io.veloce.http.Request;
import io.veloce.http.Response;
import io.veloce.middleware.Middleware;
import io.veloce.middleware.Next;
import io.veloce.middleware.GZipMiddleware;
import io.veloce.routing.Router;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testsupport.StaticSite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** {@code app.staticFiles} through the in-memory client: what is served, how, and what is refused. */
class StaticFilesTest {

    private static final Instant MODIFIED = Instant.parse("2024-03-05T10:15:30Z");
    private static final String MODIFIED_HTTP = "Tue, 05 Mar 2024 10:15:30 GMT";

    @TempDir
    Path parent;
    private StaticSite site;
    private TestClient client;

    @BeforeEach
    void serve() throws IOException {
        site = StaticSite.create(parent);
        Files.setLastModifiedTime(site.root().resolve("notes.txt"), FileTime.from(MODIFIED));
        Veloce app = new Veloce();
        app.get("/static/special", req -> "a route wins over a file");
        app.staticFiles("/static", site.root());
        client = app.testClient();
    }

    @AfterEach
    void close() {
        client.close();
    }

    @Test
    void aFileIsServedWithItsTypeLengthAndValidators() {
        TestResponse response = client.get("/static/notes.txt");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("0123456789abcdefghij");
        assertThat(response.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(response.header("Content-Length")).isEqualTo("20");
        assertThat(response.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(response.header("Last-Modified")).isEqualTo(MODIFIED_HTTP);
        assertThat(response.header("Accept-Ranges")).isEqualTo("bytes");
        assertThat(response.header("Cache-Control")).isNull();
    }

    @ParameterizedTest
    @CsvSource({
        "index.html, text/html; charset=utf-8",
        "app.js,     text/javascript; charset=utf-8",
        "style.css,  text/css; charset=utf-8",
        "data.json,  application/json",
        "README,     application/octet-stream"})
    void theContentTypeComesFromTheExtension(String file, String type) {
        assertThat(client.get("/static/" + file).header("Content-Type")).isEqualTo(type);
    }

    @Test
    void theTableCoversTheWebsCommonTypesAndCanBeExtended() {
        MediaTypes types = MediaTypes.DEFAULTS;
        assertThat(types.forFile("logo.PNG")).isEqualTo("image/png");
        assertThat(types.forFile("icon.svg")).isEqualTo("image/svg+xml");
        assertThat(types.forFile("font.woff2")).isEqualTo("font/woff2");
        assertThat(types.forFile("module.mjs")).isEqualTo("text/javascript; charset=utf-8");
        assertThat(types.forFile("app.wasm")).isEqualTo("application/wasm");
        assertThat(types.forFile("archive.tar.unknown")).isEqualTo("application/octet-stream");
        assertThat(types.with("glb", "model/gltf-binary").forFile("scene.GLB")).isEqualTo("model/gltf-binary");
        assertThat(types.with("log", "text/plain").forFile("a.log")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void aMatchingIfNoneMatchIs304WithTheValidatorsAndNoBody() {
        String etag = client.get("/static/notes.txt").header("ETag");
        for (String ifNoneMatch : new String[] {etag, "W/" + etag, "\"other\", " + etag, "*"}) {
            TestResponse response = client.get("/static/notes.txt", r -> r.header("If-None-Match", ifNoneMatch));
            assertThat(response.status()).as(ifNoneMatch).isEqualTo(304);
            assertThat(response.header("ETag")).isEqualTo(etag);
            assertThat(response.header("Last-Modified")).isEqualTo(MODIFIED_HTTP);
            assertThat(response.bytes()).isEmpty();
        }
        assertThat(client.get("/static/notes.txt", r -> r.header("If-None-Match", "\"stale\"")).status()).isEqualTo(200);
    }

    @Test
    void ifModifiedSinceIs304UnlessTheFileIsNewerAndGivesWayToIfNoneMatch() {
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Modified-Since", MODIFIED_HTTP)).status())
                .isEqualTo(304);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Modified-Since", "Tue, 05 Mar 2024 10:15:29 GMT"))
                .status()).isEqualTo(200);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Modified-Since", "Tuesday, 05-Mar-24 10:15:30 GMT"))
                .status()).as("RFC 850 date").isEqualTo(304);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Modified-Since", "Tue Mar  5 10:15:30 2024"))
                .status()).as("asctime date").isEqualTo(304);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Modified-Since", "yesterday")).status())
                .as("an invalid date is ignored").isEqualTo(200);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-None-Match", "\"stale\"")
                .header("If-Modified-Since", "Fri, 01 Jan 2100 00:00:00 GMT")).status())
                .as("RFC 9110: If-Modified-Since is ignored when If-None-Match is sent").isEqualTo(200);
    }

    @Test
    void failedIfMatchOrIfUnmodifiedSinceIs412() {
        String etag = client.get("/static/notes.txt").header("ETag");
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Match", "\"stale\"")).status()).isEqualTo(412);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Match", "W/" + etag)).status())
                .as("If-Match compares strongly").isEqualTo(412);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Match", etag)).status()).isEqualTo(200);
        assertThat(client.get("/static/notes.txt", r -> r.header("If-Unmodified-Since", "Mon, 04 Mar 2024 00:00:00 GMT"))
                .status()).isEqualTo(412);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bytes=0-4    | bytes 0-4/20   | 01234",
        "bytes=15-    | bytes 15-19/20 | fghij",
        "bytes=-3     | bytes 17-19/20 | hij",
        "bytes=18-999 | bytes 18-19/20 | ij",
        "bytes=-100   | bytes 0-19/20  | 0123456789abcdefghij"})
    void oneRangeIs206WithItsContentRange(String range, String contentRange, String body) {
        TestResponse response = client.get("/static/notes.txt", r -> r.header("Range", range));
        assertThat(response.status()).isEqualTo(206);
        assertThat(response.header("Content-Range")).isEqualTo(contentRange);
        assertThat(response.header("Content-Length")).isEqualTo(Integer.toString(body.length()));
        assertThat(response.text()).isEqualTo(body);
    }

    @ParameterizedTest
    @CsvSource({"bytes=20-", "bytes=100-200", "bytes=-0"})
    void aRangePastTheEndIs416WithTheSize(String range) {
        TestResponse response = client.get("/static/notes.txt", r -> r.header("Range", range));
        assertThat(response.status()).isEqualTo(416);
        assertThat(response.header("Content-Range")).isEqualTo("bytes */20");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"bytes=0-1,5-6", "bytes=5-2", "bytes=abc", "items=0-4", "bytes=0x-4"})
    void severalOrMalformedRangesGetTheWholeFile(String range) {
        TestResponse response = client.get("/static/notes.txt", r -> r.header("Range", range));
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.text()).isEqualTo("0123456789abcdefghij");
    }

    @Test
    void ifRangeHonoursTheRangeOnlyForTheCurrentFile() {
        String etag = client.get("/static/notes.txt").header("ETag");
        assertThat(client.get("/static/notes.txt", r -> r.header("Range", "bytes=0-1").header("If-Range", etag)).status())
                .isEqualTo(206);
        assertThat(client.get("/static/notes.txt", r -> r.header("Range", "bytes=0-1").header("If-Range", MODIFIED_HTTP))
                .status()).isEqualTo(206);
        assertThat(client.get("/static/notes.txt", r -> r.header("Range", "bytes=0-1").header("If-Range", "\"old\""))
                .status()).isEqualTo(200);
        assertThat(client.get("/static/notes.txt", r -> r.header("Range", "bytes=0-1").header("If-Range", "W/" + etag))
                .status()).as("a weak tag never validates a range").isEqualTo(200);
    }

    @Test
    void headDescribesTheWholeFileWithoutABodyAndIgnoresRange() {
        TestResponse head = client.request("HEAD", "/static/notes.txt", r -> r.header("Range", "bytes=0-1"));
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("20");
        assertThat(head.header("ETag")).isNotNull();
        assertThat(head.bytes()).isEmpty();
    }

    @Test
    void directoriesServeTheirIndexAndAreRedirectedToTheirSlash() {
        assertThat(client.get("/static/").text()).isEqualTo("<h1>home</h1>");
        assertThat(client.get("/static/docs/").text()).isEqualTo("<h1>docs</h1>");
        assertThat(client.get("/static/docs/").header("Content-Type")).isEqualTo("text/html; charset=utf-8");
        TestResponse redirect = client.get("/static/docs?lang=en");
        assertThat(redirect.status()).isEqualTo(307);
        assertThat(redirect.header("Location")).isEqualTo("/static/docs/?lang=en");
        assertThat(client.get("/static").header("Location")).as("the mount itself").isEqualTo("/static/");
    }

    @Test
    void theDirectoryRedirectIgnoresAHostHeaderThatWouldMoveIt() {
        assertThat(client.get("/static/docs", r -> r.header("Host", "evil.example/elsewhere")).status()).isEqualTo(404);
        assertThat(client.get("/static/docs", r -> r.header("Host", "evil.example?")).status()).isEqualTo(404);
        assertThat(client.get("/static/docs", r -> r.header("Host", "shop.example:8080")).header("Location"))
                .isEqualTo("/static/docs/");
    }

    @Test
    void anEmptyFileIsAnEmptyBodyAndHasNoRange() {
        TestResponse empty = client.get("/static/empty.txt");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.header("Content-Length")).isEqualTo("0");
        assertThat(empty.bytes()).isEmpty();
        TestResponse range = client.get("/static/empty.txt", r -> r.header("Range", "bytes=0-"));
        assertThat(range.status()).isEqualTo(416);
        assertThat(range.header("Content-Range")).isEqualTo("bytes */0");
    }

    @Test
    void directoriesWithoutAnIndexAreNeverListed() {
        assertThat(client.get("/static/empty/").status()).isEqualTo(404);
        assertThat(client.get("/static/empty").status()).isEqualTo(404);
        assertThat(client.get("/static/docs/guide.html/").status()).as("a file is not a directory").isEqualTo(404);
    }

    @Test
    void otherMethodsAre405WithAllow() {
        TestResponse response = client.post("/static/notes.txt");
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.header("Allow")).isEqualTo("GET, HEAD");
    }

    @Test
    void routesUnderThePrefixWinOverFiles() {
        assertThat(client.get("/static/special").text()).isEqualTo("a route wins over a file");
    }

    @Test
    void missingFilesAre404LikeAnyOtherPath() {
        TestResponse response = client.get("/static/nothing.txt");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.text()).isEqualTo("{\"detail\":\"Not Found\"}");
    }

    @ParameterizedTest
    @FieldSource("io.veloce.testsupport.StaticSite#TRAVERSALS")
    void traversalAndPrivateNamesAre404AndShowNothing(String attempt) {
        TestResponse response = client.get("/static/" + attempt);
        assertThat(response.status()).as(attempt).isEqualTo(404);
        assertThat(response.text()).isEqualTo("{\"detail\":\"Not Found\"}");
    }

    @Test
    void aSymbolicLinkInsideTheRootIsFollowed() {
        assertThat(client.get("/static/latest.txt").text()).isEqualTo("0123456789abcdefghij");
    }

    @Test
    void aRootReachedThroughALinkFollowsTheLinkWhenItMoves() throws IOException {
        Path releases = Files.createDirectories(parent.resolve("releases"));
        Files.writeString(Files.createDirectories(releases.resolve("1")).resolve("v.txt"), "one");
        Files.writeString(Files.createDirectories(releases.resolve("2")).resolve("v.txt"), "two");
        Path current = Files.createSymbolicLink(parent.resolve("current"), releases.resolve("1"));
        Veloce app = new Veloce();
        app.staticFiles("/", current);
        try (TestClient deployed = app.testClient()) {
            assertThat(deployed.get("/v.txt").text()).isEqualTo("one");
            Files.delete(current);
            Files.createSymbolicLink(current, releases.resolve("2"));
            assertThat(deployed.get("/v.txt").text()).isEqualTo("two");
        }
    }

    @Test
    void optionsSetCacheControlIndexNamesAndTypes() throws IOException {
        Files.writeString(site.root().resolve("docs/default.htm"), "default");
        Files.writeString(site.root().resolve("scene.glb"), "glTF");
        Veloce app = new Veloce();
        app.staticFiles("/s", StaticFiles.directory(site.root())
                .cacheControl("no-cache")
                .indexFiles("default.htm", "index.html")
                .contentType("glb", "model/gltf-binary"));
        app.staticFiles("/bare", StaticFiles.directory(site.root()).indexFiles());
        try (TestClient other = app.testClient()) {
            assertThat(other.get("/s/docs/").text()).isEqualTo("default");
            assertThat(other.get("/s/").text()).isEqualTo("<h1>home</h1>");
            assertThat(other.get("/s/scene.glb").header("Content-Type")).isEqualTo("model/gltf-binary");
            String etag = other.get("/s/notes.txt").header("ETag");
            assertThat(other.get("/s/notes.txt").header("Cache-Control")).isEqualTo("no-cache");
            assertThat(other.get("/s/notes.txt", r -> r.header("If-None-Match", etag)).header("Cache-Control"))
                    .isEqualTo("no-cache");
            assertThat(other.get("/bare/").status()).as("no index files: directories 404").isEqualTo(404);
        }
    }

    @Test
    void badSettingsAreRefusedWhenMade() {
        assertThatThrownBy(() -> StaticFiles.directory(parent.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> StaticFiles.directory(site.root().resolve("notes.txt")))
                .hasMessageContaining("is not a directory");
        StaticFiles files = StaticFiles.directory(site.root());
        assertThatThrownBy(() -> files.indexFiles("../index.html")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.indexFiles(".index")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.contentType(".glb", "model/gltf-binary")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.cacheControl("max-age=1\r\nX-Evil: 1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Veloce().staticFiles("static", site.root())).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> StaticFiles.classpath("../etc")).isInstanceOf(IllegalArgumentException.class);
        // the class path's root would serve the app's classes and configuration
        assertThatThrownBy(() -> StaticFiles.classpath("")).hasMessageContaining("is the class path's root");
        for (String root : List.of("/", ".", "./", "/./", "static/./css", "static//css")) {
            assertThatThrownBy(() -> StaticFiles.classpath(root)).as(root).hasMessageContaining("is the class path's root");
        }
    }

    @Test
    void aRouterMountsFilesWithItsOwnMiddleware() {
        Router ui = new Router();
        ui.addMiddleware(new Middleware() {
            @Override
            public Response handle(Request request, Next next) throws Exception {
                return next.handle(request).header("X-Router", "ui");
            }
        });
        ui.staticFiles("/assets", site.root());
        Veloce app = new Veloce();
        app.include("/ui", ui);
        try (TestClient other = app.testClient()) {
            TestResponse response = other.get("/ui/assets/app.js");
            assertThat(response.text()).isEqualTo("console.log('hi');");
            assertThat(response.header("X-Router")).isEqualTo("ui");
        }
    }

    @Test
    void aSiteAtTheRootLeavesTheApiRoutesAlone() {
        Veloce app = new Veloce();
        app.get("/api/items", req -> Response.json(java.util.List.of("a")));
        app.staticFiles("/", site.root());
        try (TestClient other = app.testClient()) {
            assertThat(other.get("/api/items").text()).isEqualTo("[\"a\"]");
            assertThat(other.get("/").text()).isEqualTo("<h1>home</h1>");
            assertThat(other.get("/docs/guide.html").text()).isEqualTo("<h1>guide</h1>");
            assertThat(other.get("/api/other").status()).isEqualTo(404);
        }
    }

    @Test
    void gzipCompressesTextFilesAndTheirWeakenedTagStillValidates() throws IOException {
        Files.writeString(site.root().resolve("big.txt"), "all work and no play ".repeat(200));
        Veloce app = new Veloce();
        app.addMiddleware(new GZipMiddleware());
        app.staticFiles("/", site.root());
        try (TestClient other = app.testClient()) {
            TestResponse zipped = other.get("/big.txt", r -> r.header("Accept-Encoding", "gzip"));
            assertThat(zipped.header("Content-Encoding")).isEqualTo("gzip");
            assertThat(zipped.header("Content-Length")).isNull();
            assertThat(zipped.header("ETag")).startsWith("W/\"");
            assertThat(other.get("/big.txt", r -> r.header("Accept-Encoding", "gzip")
                    .header("If-None-Match", zipped.header("ETag"))).status()).isEqualTo(304);
            TestResponse part = other.get("/big.txt", r -> r.header("Accept-Encoding", "gzip").header("Range", "bytes=0-2"));
            assertThat(part.status()).as("a range is of the identity bytes, never compressed").isEqualTo(206);
            assertThat(part.text()).isEqualTo("all");
        }
    }

    @Test
    void secureDefaultsAddNosniffToFiles() {
        Veloce app = new Veloce().useSecureDefaults();
        app.staticFiles("/", site.root());
        try (TestClient other = app.testClient()) {
            assertThat(other.get("/app.js").header("X-Content-Type-Options")).isEqualTo("nosniff");
        }
    }

    @Test
    void httpDatesAreWrittenWithTwoDigitDays() {
        assertThat(HttpDates.format(MODIFIED.getEpochSecond())).isEqualTo(MODIFIED_HTTP);
        assertThat(HttpDates.format(0)).isEqualTo(DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
                .format(Instant.EPOCH.atOffset(ZoneOffset.UTC)));
    }
}
