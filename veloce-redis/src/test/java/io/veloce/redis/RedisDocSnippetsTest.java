package io.veloce.redis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The {@code java} blocks of README.md and docs/*.md that use this module, compiled and run
 * against a real Redis — veloce's {@code DocSnippetsTest} leaves them out, by the same rule, because
 * its classpath has no veloce-redis. As there: a block declaring a class is compiled only; any
 * other block is the body of a method that is compiled and run with assertions on.
 * {@code 127.0.0.1:6379} in a block is replaced by this test's Redis, emptied before each block.
 */
class RedisDocSnippetsTest {

    private static final Path ROOT = locateRoot();
    /** The same rule as veloce's DocSnippetsTest: what one skips, the other runs. */
    private static final Pattern REDIS_MODULE = Pattern.compile("\\bio\\.veloce\\.redis\\b|\\bRedis[A-Z]\\w*");
    private static final Pattern TOP_LEVEL_CLASS = Pattern.compile("^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)",
            Pattern.MULTILINE);
    private static final String IMPORTS = String.join("\n",
            "import io.veloce.*;",
            "import io.veloce.http.*;",
            "import io.veloce.routing.*;",
            "import io.veloce.middleware.*;",
            "import io.veloce.middleware.security.*;",
            "import io.veloce.websocket.*;",
            "import io.veloce.di.*;",
            "import io.veloce.security.*;",
            "import io.veloce.testing.*;",
            "import io.veloce.redis.*;",
            "import java.util.*;",
            "import java.time.*;");

    private static RedisServerProcess redis;

    record Snippet(Path file, int line, String code) {

        String name() {
            return ROOT.relativize(file) + ":" + line;
        }
    }

    @BeforeAll
    static void startRedis() {
        redis = RedisServerProcess.start();
    }

    @AfterAll
    static void stopRedis() {
        redis.close();
    }

    @TestFactory
    Stream<DynamicTest> everyBlockThatUsesRedisCompilesAndRuns() throws IOException {
        return redisSnippets().stream().map(s -> DynamicTest.dynamicTest(s.name(), () -> {
            redis.commands().flushall();
            compileAndRun(s);
        }));
    }

    @Test
    void theBroadcastAndSecurityDocsHaveRedisBlocksToCheck() throws IOException {
        assertThat(redisSnippets()).extracting(s -> s.file().getFileName().toString())
                .contains("broadcast.md", "security.md");
    }

    static List<Snippet> redisSnippets() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        List<Snippet> snippets = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).trim().equals("```java")) {
                    int start = i + 1;
                    StringBuilder code = new StringBuilder();
                    for (i = start; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
                        code.append(lines.get(i)).append('\n');
                    }
                    if (REDIS_MODULE.matcher(code).find()) {
                        snippets.add(new Snippet(file, start, code.toString()));
                    }
                }
            }
        }
        return snippets;
    }

    private static void compileAndRun(Snippet snippet) throws Exception {
        String code = snippet.code().replace("127.0.0.1:6379", "127.0.0.1:" + redis.port());
        Matcher declared = TOP_LEVEL_CLASS.matcher(code);
        boolean declaresClass = declared.find();
        String className = declaresClass ? declared.group(1)
                : "Snippet_" + Integer.toHexString(snippet.name().hashCode()).toUpperCase(Locale.ROOT);
        String source = declaresClass ? IMPORTS + "\n" + code
                : IMPORTS + "\nclass " + className + " {\n  static void run() throws Exception {\n" + code + "\n  }\n}\n";
        Map<String, byte[]> classes = compile(snippet.name(), className, source);
        ClassLoader loader = new ClassLoader(RedisDocSnippetsTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, bytes, 0, bytes.length);
            }
        };
        loader.setDefaultAssertionStatus(true);
        Class<?> compiled = loader.loadClass(className);
        if (!declaresClass) {
            var run = compiled.getDeclaredMethod("run");
            run.setAccessible(true);
            try {
                run.invoke(null);
            } catch (InvocationTargetException e) {
                throw new AssertionError("snippet " + snippet.name() + " failed when run", e.getCause());
            }
        }
    }

    private static Map<String, byte[]> compile(String name, String className, String source) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> output = new HashMap<>();
        StandardJavaFileManager standard = compiler.getStandardFileManager(diagnostics, null, StandardCharsets.UTF_8);
        JavaFileManager manager = new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String cls, JavaFileObject.Kind kind,
                    FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + cls.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return output.computeIfAbsent(cls, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        boolean ok = compiler.getTask(null, manager, diagnostics, List.of("-classpath", classpath, "-proc:none"),
                null, List.of(file)).call();
        if (!ok) {
            StringBuilder errors = new StringBuilder("snippet " + name + " does not compile:\n");
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                errors.append("  line ").append(d.getLineNumber()).append(": ").append(d.getMessage(Locale.ROOT))
                        .append('\n');
            }
            throw new AssertionError(errors + "--- source ---\n" + source);
        }
        Map<String, byte[]> classes = new HashMap<>();
        output.forEach((cls, bytes) -> classes.put(cls, bytes.toByteArray()));
        return classes;
    }

    private static Path locateRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("README.md"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("README.md not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
