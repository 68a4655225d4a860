package io.veloce.docs;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.testsupport.DocSnippets;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code java} code block of README.md and docs/*.md compiles and runs, so the docs cannot
 * drift from the API (the rules: {@link DocSnippets}). Blocks that use the {@code veloce-redis}
 * module are left to that module's {@code RedisDocSnippetsTest}, which has it on its classpath
 * and a Redis to run them against.
 */
class DocSnippetsTest {

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndRuns() throws IOException {
        return DocSnippets.all().stream().filter(s -> !s.usesRedisModule())
                .map(s -> DynamicTest.dynamicTest(s.name(), () -> DocSnippets.compileAndRun(s, DocSnippets.IMPORTS, s.code())));
    }

    @Test
    void theReadmeHasSnippetsToCheck() throws IOException {
        assertThat(DocSnippets.all()).anyMatch(s -> s.file().getFileName().toString().equals("README.md"));
    }
}
