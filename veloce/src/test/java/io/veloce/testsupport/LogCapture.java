package io.veloce.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Records what the tests' logging backend (slf4j-simple, which prints to whatever
 * {@code System.err} is when it logs) writes while open, still passing it on to the real
 * {@code System.err}. For asserting that a refusal is logged exactly once, as one line, without a
 * stack trace. Tests run one at a time, so swapping the global stream is safe; close it in a
 * try-with-resources.
 *
 * <pre>{@code
 * try (LogCapture logs = LogCapture.start()) {
 *     client.get("/");
 *     assertThat(logs.lines(SessionMiddleware.class)).singleElement().asString().contains("expired");
 * }
 * }</pre>
 */
public final class LogCapture implements AutoCloseable {

    private final PrintStream original;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private LogCapture() {
        this.original = System.err;
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                captured.write(b);
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                captured.write(bytes, offset, length);
                original.write(bytes, offset, length);
            }
        };
        System.setErr(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    /** Starts recording; {@link #close()} stops. */
    public static LogCapture start() {
        return new LogCapture();
    }

    /** Returns every line written so far, stack trace lines included. */
    public synchronized List<String> lines() {
        System.err.flush();
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** Returns the lines logged by {@code logger}'s class (slf4j-simple writes {@code LEVEL name - message}). */
    public List<String> lines(Class<?> logger) {
        String name = " " + logger.getName() + " - ";
        return lines().stream().filter(line -> line.contains(name)).toList();
    }

    /** Returns whether a stack trace was written (a line starting with a tab and {@code at}). */
    public boolean hasStackTrace() {
        return lines().stream().anyMatch(line -> line.startsWith("\tat "));
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(original);
    }
}
