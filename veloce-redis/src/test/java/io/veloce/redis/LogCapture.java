package io.veloce.redis;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.LoggerFactory;

/**
 * Records what one logger logs at INFO and above while open, from any thread (a minimal copy of
 * veloce's test helper of the same name, whose test classes this module does not see). Close it
 * to detach.
 */
final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(event.getLevel() + " " + event.getFormattedMessage());
        }
    };

    private LogCapture(String name) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        this.logger = context.getLogger(name);
        this.previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        appender.setContext(context);
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures {@code type}'s logger at INFO and above. */
    static LogCapture info(Class<?> type) {
        return new LogCapture(type.getName());
    }

    /** Returns what was logged so far as {@code "LEVEL message"}, oldest first. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Returns the lines logged so far at {@code level} ("WARN", "INFO"), oldest first. */
    List<String> lines(String level) {
        return lines.stream().filter(line -> line.startsWith(level + " ")).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previous);
    }
}
