package org.openholter.launcher.services;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Debian's InfluxDB 1.x ({@code influxd}) on loopback, with a database created. */
public final class InfluxServer extends ChildProcess {
    private final int port;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private InfluxServer(List<String> cmd, Path log, int port) throws IOException {
        super("influxd", cmd, log, null);
        this.port = port;
    }

    public static InfluxServer start(Path dir, int preferredPort, String database) throws IOException {
        Files.createDirectories(dir);
        int port = freePort(preferredPort);
        int rpc = freePort(0);
        Path conf = dir.resolve("influxdb.conf");
        Files.writeString(conf, String.join("\n",
                "reporting-disabled = true",
                "bind-address = \"127.0.0.1:" + rpc + "\"",
                "[meta]", "  dir = \"" + dir.resolve("meta") + "\"",
                "[data]", "  dir = \"" + dir.resolve("data") + "\"", "  wal-dir = \"" + dir.resolve("wal") + "\"",
                "  query-log-enabled = false",
                "[http]", "  bind-address = \"127.0.0.1:" + port + "\"", "  log-enabled = false",
                "  max-body-size = 0",
                "[monitor]", "  store-enabled = false",
                "[continuous_queries]", "  enabled = false",
                ""));
        String exe = executable("influxd", "influxdb");
        InfluxServer s = new InfluxServer(List.of(exe, "run", "-config", conf.toString()), dir.resolve("influxd.log"), port);
        s.awaitReady(s::ping, Duration.ofSeconds(30));
        s.query(null, "CREATE DATABASE \"" + database + "\"");
        return s;
    }

    public int port() { return port; }
    public String url() { return "http://127.0.0.1:" + port; }

    public boolean ping() {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs InfluxQL and returns the JSON answer. */
    public String query(String db, String q) throws IOException {
        return InfluxQuery.run(url(), db, q);
    }

    /** InfluxQL over HTTP, shared by tools and tests. */
    public static final class InfluxQuery {
        private InfluxQuery() {}

        public static String run(String baseUrl, String db, String q) throws IOException {
            String body = (db == null ? "" : "db=" + URLEncoder.encode(db, StandardCharsets.UTF_8) + "&")
                    + "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
            HttpRequest r = HttpRequest.newBuilder(URI.create(baseUrl + "/query")).timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            try {
                HttpResponse<String> resp = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
                if (resp.statusCode() / 100 != 2) throw new IOException("InfluxDB " + resp.statusCode() + ": " + resp.body());
                return resp.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
    }
}
