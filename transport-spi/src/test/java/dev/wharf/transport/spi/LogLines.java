package dev.wharf.transport.spi;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The lines one class logs while this is open, for the tests of the modules built on the SPI that check what
 * a refusal or a failure tells the operator.
 *
 * <pre>{@code
 * try (LogLines log = new LogLines(TlsModeHandler.class)) {
 *     channel.writeInbound(plaintext);
 *     assertThat(log.warnings()).singleElement().asString().contains("plaintext");
 * }
 * }</pre>
 */
public final class LogLines implements AutoCloseable {

    private final Logger logger;
    private final Level previous;
    private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

    /** Collects at the level the logger already has. */
    public LogLines(Class<?> source) {
        this(source, null);
    }

    /** Collects at {@code level} (below the configured one, for DEBUG lines), restored on close. */
    public LogLines(Class<?> source, Level level) {
        logger = (Logger) LoggerFactory.getLogger(source);
        previous = logger.getLevel();
        if (level != null) {
            logger.setLevel(level);
        }
        appender.start();
        logger.addAppender(appender);
    }

    /** The formatted messages logged at exactly {@code level}. */
    public List<String> lines(Level level) {
        // Event loops log while a test reads: copy under the appender's own lock.
        synchronized (appender) {
            return appender.list.stream()
                    .filter(event -> event.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .toList();
        }
    }

    public List<String> warnings() {
        return lines(Level.WARN);
    }

    public List<String> errors() {
        return lines(Level.ERROR);
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
        logger.setLevel(previous);
        appender.stop();
    }
}
