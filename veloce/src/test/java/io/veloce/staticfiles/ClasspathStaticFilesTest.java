package io.veloce.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.Veloce;
import io.veloce.testing.TestClient;
import io.veloce.testing.TestResponse;
import io.veloce.testsupport.StaticSite;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Static files from the class path: from a directory (the test resources, as in an IDE) and from
 * a jar built here, whose entries get a content-hash entity-tag.
 */
class ClasspathStaticFilesTest {

    @TempDir
    Path dir;
    private URLClassLoader jarLoader;
    private TestClient client;

    @BeforeEach
    void serve() throws IOException {
        Path jar = dir.resolve("site.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            directory(out, "site/");
            entry(out, "site/hello.txt", "hello from a jar");
            entry(out, "site/other.txt", "another file");
            directory(out, "site/docs/");
            entry(out, "site/docs/index.html", "<h1>jar docs</h1>");
            directory(out, "site/empty/");
            entry(out, "site/.env", StaticSite.SECRET);
            entry(out, "secret.txt", StaticSite.SECRET);
        }
        jarLoader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
        Veloce app = new Veloce();
        app.staticFiles("/jar", StaticFiles.classpath("/site/", jarLoader));
        app.staticFiles("/resources", "static");
        client = app.testClient();
    }

    @AfterEach
    void close() throws IOException {
        client.close();
        jarLoader.close();
    }

    private static void directory(JarOutputStream out, String name) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.closeEntry();
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
    }

    @Test
    void aJarEntryIsServedWithAContentHashAsItsTag() {
        TestResponse hello = client.get("/jar/hello.txt");
        assertThat(hello.text()).isEqualTo("hello from a jar");
        assertThat(hello.header("Content-Type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(hello.header("Content-Length")).isEqualTo("16");
        assertThat(hello.header("ETag")).matches("\"[A-Za-z0-9_-]{24}\"");
        assertThat(client.get("/jar/hello.txt").header("ETag")).isEqualTo(hello.header("ETag"));
        assertThat(client.get("/jar/other.txt").header("ETag")).isNotEqualTo(hello.header("ETag"));
        assertThat(client.get("/jar/hello.txt", r -> r.header("If-None-Match", hello.header("ETag"))).status())
                .isEqualTo(304);
    }

    @Test
    void aJarEntryServesRangesIndexesAndRedirects() {
        TestResponse part = client.get("/jar/hello.txt", r -> r.header("Range", "bytes=6-9"));
        assertThat(part.status()).isEqualTo(206);
        assertThat(part.text()).isEqualTo("from");
        assertThat(part.header("Content-Range")).isEqualTo("bytes 6-9/16");
        assertThat(client.get("/jar/docs/").text()).isEqualTo("<h1>jar docs</h1>");
        assertThat(client.get("/jar/docs").header("Location")).isEqualTo("/jar/docs/");
        assertThat(client.get("/jar/empty/").status()).isEqualTo(404);
        assertThat(client.get("/jar/empty").status()).as("a directory entry is not a file").isEqualTo(404);
        assertThat(client.request("HEAD", "/jar/hello.txt", r -> { }).header("Content-Length")).isEqualTo("16");
    }

    @ParameterizedTest
    @FieldSource("io.veloce.testsupport.StaticSite#TRAVERSALS")
    void traversalOutOfTheLocationIs404(String attempt) {
        TestResponse response = client.get("/jar/" + attempt);
        assertThat(response.status()).as(attempt).isEqualTo(404);
        assertThat(response.text()).doesNotContain("SECRET");
    }

    @Test
    void aClassPathDirectoryIsServedLikeADirectory() {
        TestResponse hello = client.get("/resources/hello.txt");
        assertThat(hello.text()).isEqualTo("hello from the class path");
        assertThat(hello.header("ETag")).matches("\"[0-9a-f]+-[0-9a-f]+\"");
        assertThat(hello.header("Last-Modified")).endsWith("GMT");
        assertThat(client.get("/resources/docs/").text()).isEqualTo("<h1>class path docs</h1>");
        assertThat(client.get("/resources/..%2f..%2fio/veloce/staticfiles/StaticFilesTest.class").status())
                .isEqualTo(404);
    }

    @Test
    void aMissingLocationServesNothing() {
        Veloce app = new Veloce();
        app.staticFiles("/none", StaticFiles.classpath("no/such/location", jarLoader));
        try (TestClient other = app.testClient()) {
            assertThat(other.get("/none/hello.txt").status()).isEqualTo(404);
        }
    }
}
