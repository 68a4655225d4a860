package io.veloce.testsupport;

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

/**
 * The {@code java} code blocks of README.md and docs/*.md, and a way to compile and run one: a
 * block that declares a class is compiled only (it is usually an application {@code main} that
 * would serve forever); any other block becomes the body of a method that is compiled and run,
 * with the caller's imports, and its {@code assert} statements checked. Shared by veloce's
 * DocSnippetsTest and veloce-redis's RedisDocSnippetsTest, which split the blocks between them
 * by {@link Snippet#usesRedisModule()}.
 */
public final class DocSnippets {

    /** The imports every block gets: the packages a Veloce user imports from. */
    public static final String IMPORTS = String.join("\n",
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

    private static final Path ROOT = locateRoot();
    private static final Pattern TOP_LEVEL_CLASS = Pattern.compile("^(?:public\\s+)?(?:final\\s+)?class\\s+(\\w+)");
    private static final Pattern REDIS_MODULE = Pattern.compile("\\bio\\.veloce\\.redis\\b|\\bRedis[A-Z]\\w*");

    private DocSnippets() {
    }

    /** One fenced {@code java} block: the file, the line its code starts on, the code. */
    public record Snippet(Path file, int line, String code) {

        /** Returns {@code docs/x.md:42}, the name a failure is reported under. */
        public String name() {
            return ROOT.relativize(file) + ":" + line;
        }

        /** Whether the block has a top-level {@code class}: a whole compilation unit, compiled only. */
        public boolean declaresClass() {
            return code.lines().anyMatch(l -> TOP_LEVEL_CLASS.matcher(l).find());
        }

        /** Whether the block uses the veloce-redis module (an {@code io.veloce.redis} or {@code Redis…} type). */
        public boolean usesRedisModule() {
            return REDIS_MODULE.matcher(code).find();
        }
    }

    /** Returns every {@code java} block of README.md and docs/**&#47;*.md, in file order. */
    public static List<Snippet> all() throws IOException {
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

    /**
     * Compiles {@code code} (the snippet's, or a version of it adapted by the caller) with
     * {@code imports} in front, and runs it unless it declares a class.
     *
     * @throws AssertionError when it does not compile (with javac's messages) or fails when run
     */
    public static void compileAndRun(Snippet snippet, String imports, String code) throws Exception {
        String className = "Snippet_" + Integer.toHexString(snippet.name().hashCode()).toUpperCase(Locale.ROOT);
        String source;
        if (snippet.declaresClass()) {
            source = code.contains("package ") ? code : imports + "\n" + code;
            className = topLevelName(code);
        } else {
            source = imports + "\nclass " + className + " {\n  static void run() throws Exception {\n"
                    + code + "\n  }\n}\n";
        }
        Map<String, byte[]> classes = compile(snippet.name(), className, source);
        ClassLoader loader = new ClassLoader(DocSnippets.class.getClassLoader()) {
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
