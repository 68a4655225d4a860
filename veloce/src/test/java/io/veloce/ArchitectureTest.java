package io.veloce;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transport stays behind {@code io.veloce.server}: user-facing packages never see Netty. */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/io/veloce");

    @ParameterizedTest
    @ValueSource(strings = {"", "http", "routing", "middleware", "middleware/security", "websocket", "di", "security", "testing",
        "staticfiles"})
    void userFacingPackagesDoNotUseNetty(String pkg) throws IOException {
        Path dir = pkg.isEmpty() ? SOURCES : SOURCES.resolve(pkg);
        List<String> offenders;
        try (Stream<Path> files = Files.list(dir)) {
            offenders = files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> read(f).contains("io.netty"))
                    .map(Path::toString)
                    .toList();
        }
        assertThat(Files.isDirectory(dir)).isTrue();
        assertThat(offenders).as("files in io.veloce%s mentioning io.netty", pkg.isEmpty() ? "" : "." + pkg).isEmpty();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
