package org.openholter.core.sinks;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how to write to InfluxDB's v1 HTTP API ({@code /write}, line protocol), which InfluxDB
 * 1.x, 2.x (compatibility API) and 3.x all serve.
 *
 * @param url           base URL, e.g. http://127.0.0.1:8086
 * @param database      database (1.x) or bucket mapped to it (2.x/3.x)
 * @param username      optional user (or token name)
 * @param password      optional password (or token); never logged
 * @param batchSize     points per HTTP request at most
 * @param flushInterval longest a point waits before it is sent
 * @param bufferPoints  points held while InfluxDB is unreachable; beyond that the oldest are dropped and counted
 * @param maxRetryBackoff longest pause between retries
 * @param caPem         for https: the PEM text of the CAs to trust (carried in the job's configuration, so that no task
 *                      manager needs the file); null trusts the JVM's own
 */
public record InfluxConfig(URI url, String database, String username, String password, int batchSize,
                           Duration flushInterval, int bufferPoints, Duration maxRetryBackoff, String caPem) implements java.io.Serializable {

    public InfluxConfig {
        if (url == null || url.getScheme() == null || !url.getScheme().startsWith("http")) {
            throw new IllegalArgumentException("InfluxDB URL must be http(s)://host:port, got " + url);
        }
        if (database == null || database.isBlank()) throw new IllegalArgumentException("InfluxDB database must be set");
        if (batchSize < 1 || bufferPoints < batchSize) throw new IllegalArgumentException("need 1 <= batch size <= buffer");
    }

    public static InfluxConfig of(String url, String database) {
        return new InfluxConfig(URI.create(url), database, null, null, 5000, Duration.ofMillis(200), 1_000_000,
                Duration.ofSeconds(10), null);
    }

    /** The PEM text of {@code caFile} (null: none), for {@link #caPem}; a clear error names a file that cannot be read. */
    public static String readCa(String caFile) {
        if (caFile == null || caFile.isBlank()) return null;
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(caFile));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("--influx.ca-file " + caFile + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "InfluxConfig{" + url + " db=" + database + (username == null ? "" : " user=" + username) + "}";
    }
}
