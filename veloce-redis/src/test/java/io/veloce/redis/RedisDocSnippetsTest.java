package io.veloce.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.veloce.testsupport.DocSnippets;
import java.io.IOException;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@code java} blocks of README.md and docs/*.md that use this module, compiled and run
 * against a real Redis — veloce's {@code DocSnippetsTest} leaves them out, by the same rule
 * ({@link DocSnippets.Snippet#usesRedisModule()}), because its classpath has no veloce-redis.
 * {@code 127.0.0.1:6379} in a block is replaced by this test's Redis, emptied before each block.
 */
class RedisDocSnippetsTest {

    private static final String IMPORTS = DocSnippets.IMPORTS + "\nimport io.veloce.redis.*;";
    @RegisterExtension
    static final RedisServerProcess redis = RedisServerProcess.perTestClass();

    private static List<DocSnippets.Snippet> redisSnippets() throws IOException {
        return DocSnippets.all().stream().filter(DocSnippets.Snippet::usesRedisModule).toList();
    }

    @TestFactory
    Stream<DynamicTest> everyBlockThatUsesRedisCompilesAndRuns() throws IOException {
        return redisSnippets().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            redis.commands().flushall();
            DocSnippets.compileAndRun(s, IMPORTS, s.code().replace("127.0.0.1:6379", "127.0.0.1:" + redis.port()));
        }));
    }

    @Test
    void theBroadcastAndSecurityDocsHaveRedisBlocksToCheck() throws IOException {
        assertThat(redisSnippets()).extracting(s -> s.file().getFileName().toString())
                .contains("broadcast.md", "security.md");
    }
}
