package org.openholter.launcher;

import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The demo's log leaves the terminal for a file, so nothing prints over the live view. */
class LogFileTest {
    @Test
    void onceRedirectedTheLogGoesToTheFileAndNoLongerToTheTerminal(@TempDir Path dir) throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        assertThat(root.getAppender("OUT")).as("the terminal's appender (logback.xml)").isNotNull();
        Path file = dir.resolve("demo.log");
        try (AutoCloseable undo = LogFile.redirect(file)) {
            assertThat(root.getAppender("OUT")).as("no line to the terminal while redirected").isNull();
            LoggerFactory.getLogger("org.openholter.test").info("alarm sim-008 VTACH CLEARED");
        }
        assertThat(Files.readString(file)).contains("INFO").contains("alarm sim-008 VTACH CLEARED");
        assertThat(root.getAppender("OUT")).as("the terminal back").isNotNull();
    }
}
