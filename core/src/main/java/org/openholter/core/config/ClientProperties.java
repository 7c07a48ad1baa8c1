package org.openholter.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A Kafka client properties file ({@code --kafka.config}: security.protocol, sasl.*, ssl.*, …), as every program of
 * the project reads it: empty without one, a clear error naming the flag when it cannot be read, and never the
 * bootstrap servers ({@code --kafka.bootstrap} says where).
 */
public final class ClientProperties {
    private ClientProperties() {}

    public static Properties load(Path file, String flag) {
        Properties p = new Properties();
        if (file == null) return p;
        try (Reader r = Files.newBufferedReader(file)) {
            p.load(r);
        } catch (IOException e) {
            throw new IllegalArgumentException(flag + " " + file + " cannot be read: " + e.getMessage(), e);
        }
        p.remove("bootstrap.servers");
        return p;
    }
}
