package io.veloce.docs;

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
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code java} code block of README.md and docs/*.md compiles and runs, so the docs cannot
 * drift from the API. A block that declares a class is compiled only (it is usually an
 * application {@code main} that would serve forever); any other block becomes the body of a
 * method that is compiled and run, with the usual Veloce imports, and its {@code assert}
 * statements checked (surefire enables assertions). Blocks that use the {@code veloce-redis} module
 * (a {@code Redis…} type or {@code io.veloce.redis}) are left to that module's
 * {@code RedisDocSnippetsTest}, which has it on its classpath and a Redis to run them against.
 */
class DocSnippetsTest {

    private static final Path ROOT = locateRoot();
    private static final java.util.regex.Pattern TOP_LEVEL_CLASS =
            java.util.regex.Pattern.compile("^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)");
    /** The same rule as veloce-redis's RedisDocSnippetsTest: what one skips, the other runs. */
    private static final java.util.regex.Pattern REDIS_MODULE =
            java.util.regex.Pattern.compile("\\bio\\.veloce\\.redis\\b|\\bRedis[A-Z]\\w*");

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
            "import io.veloce.staticfiles.*;",
            "import java.nio.file.*;",
            "import java.util.*;",
            "import java.time.*;");

    record Snippet(Path file, int line, String code) {

        String name() {
            return ROOT.relativize(file) + ":" + line;
        }

        /** A block with a top-level {@code class} is a whole compilation unit; others are method bodies. */
        boolean declaresClass() {
            return code.lines().anyMatch(l -> TOP_LEVEL_CLASS.matcher(l).find());
        }

        boolean usesRedisModule() {
            return REDIS_MODULE.matcher(code).find();
        }
    }

    @TestFactory
    Stream<DynamicTest> everyJavaBlockCompilesAndRuns() throws IOException {
        return snippets().stream().filter(s -> !s.usesRedisModule())
                .map(s -> DynamicTest.dynamicTest(s.name(), () -> compileAndRun(s)));
    }

    @Test
    void theReadmeHasSnippetsToCheck() throws IOException {
        assertThat(snippets()).anyMatch(s -> s.file().getFileName().toString().equals("README.md"));
    }

    static List<Snippet> snippets() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        Path docs = ROOT.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs)) {
                walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
            }
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
                    snippets.add(new Snippet(file, start, code.toString()));
                }
            }
        }
        return snippets;
    }

    private static void compileAndRun(Snippet snippet) throws Exception {
        String className = "Snippet_" + Integer.toHexString(snippet.name().hashCode()).toUpperCase(Locale.ROOT);
        String source;
        if (snippet.declaresClass()) {
            source = snippet.code().contains("package ") ? snippet.code() : IMPORTS + "\n" + snippet.code();
            className = topLevelName(snippet.code());
        } else {
            source = IMPORTS + "\nclass " + className + " {\n  static void run() throws Exception {\n"
                    + snippet.code() + "\n  }\n}\n";
        }
        Map<String, byte[]> classes = compile(snippet.name(), className, source);
        ClassLoader loader = new ClassLoader(DocSnippetsTest.class.getClassLoader()) {
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
        if (!snippet.declaresClass()) {
            var run = compiled.getDeclaredMethod("run");
            run.setAccessible(true);
            try {
                run.invoke(null);
            } catch (InvocationTargetException e) {
                throw new AssertionError("snippet " + snippet.name() + " failed when run", e.getCause());
            }
        }
    }

    private static String topLevelName(String code) {
        for (String line : code.lines().toList()) {
            var matcher = TOP_LEVEL_CLASS.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("no top-level class in snippet");
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
