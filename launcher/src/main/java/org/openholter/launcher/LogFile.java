package org.openholter.launcher;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Moves the log from the terminal to a file, so that nothing is printed over a full-screen view (the demo's): every
 * logger's lines, in the console's format, go to {@code file} from now on.
 */
final class LogFile {
    private LogFile() {}

    /** Redirects; closing the result puts the terminal back (the demo never does: its view owns the terminal). */
    static AutoCloseable redirect(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) return () -> { }; // another SLF4J binding: leave it
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ch.qos.logback.core.Appender<ILoggingEvent> console = root.getAppender("OUT");
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("FILE");
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        root.addAppender(appender);
        root.detachAppender("OUT");
        return () -> {
            if (console != null) root.addAppender(console);
            root.detachAppender(appender);
            appender.stop();
        };
    }
}
