package io.veloce.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger (and its children) logs while open, from any thread, so a test can
 * check that a refusal is logged exactly once, with its MDC. Close it to detach.
 */
public final class LogCapture implements AutoCloseable {

    /** One logged event: level, logger, formatted message, the MDC at the time, whether it had a stack trace. */
    public record Line(String level, String logger, String message, Map<String, String> mdc, boolean stackTrace) {
    }

    private final Logger logger;
    private final Level previous;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new Line(event.getLevel().toString(), event.getLoggerName(), event.getFormattedMessage(),
                    Map.copyOf(event.getMDCPropertyMap()), event.getThrowableProxy() != null));
        }
    };

    private LogCapture(String name, Level level) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.logger = context.getLogger(name);
        this.previous = logger.getLevel();
        logger.setLevel(level);
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures every logger's WARN lines and above (the tests' level), to check refusals are logged once. */
    public static LogCapture start() {
        return new LogCapture(org.slf4j.Logger.ROOT_LOGGER_NAME, Level.WARN);
    }

    /** Captures {@code name}'s INFO lines and above. */
    public static LogCapture info(String name) {
        return new LogCapture(name, Level.INFO);
    }

    /** Captures {@code type}'s logger at INFO and above. */
    public static LogCapture info(Class<?> type) {
        return info(type.getName());
    }

    /** Returns what was logged so far, oldest first. */
    public List<Line> lines() {
        return List.copyOf(lines);
    }

    /** Returns the messages logged so far, oldest first. */
    public List<String> messages() {
        return lines.stream().map(Line::message).toList();
    }

    /** Returns what {@code type}'s logger wrote so far as {@code "LEVEL message"}, oldest first. */
    public List<String> lines(Class<?> type) {
        return lines.stream().filter(line -> line.logger().equals(type.getName()))
                .map(line -> line.level() + " " + line.message()).toList();
    }

    /** Returns what was logged so far at {@code level} ("WARN", "INFO") as {@code "LEVEL message"}, oldest first. */
    public List<String> lines(String level) {
        return lines.stream().filter(line -> line.level().equals(level))
                .map(line -> line.level() + " " + line.message()).toList();
    }

    /**
     * Waits (up to 10 s) until {@code count} messages matching {@code filter} were logged, for a
     * line logged by a server thread after the client already saw the outcome; returns them.
     */
    public List<String> await(java.util.function.Predicate<String> filter, int count) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        List<String> matching = messages().stream().filter(filter).toList();
        while (matching.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
            matching = messages().stream().filter(filter).toList();
        }
        return matching;
    }

    /** Returns whether any captured line carried a stack trace. */
    public boolean hasStackTrace() {
        return lines.stream().anyMatch(Line::stackTrace);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previous);
    }
}
