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

    /** One logged event: level, logger, formatted message and the MDC at the time. */
    public record Line(String level, String logger, String message, Map<String, String> mdc) {
    }

    private final Logger logger;
    private final Level previous;
    private final List<Line> lines = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            lines.add(new Line(event.getLevel().toString(), event.getLoggerName(), event.getFormattedMessage(),
                    Map.copyOf(event.getMDCPropertyMap())));
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

    @Override
    public void close() {
        logger.detachAppender(appender);
        appender.stop();
        logger.setLevel(previous);
    }
}
