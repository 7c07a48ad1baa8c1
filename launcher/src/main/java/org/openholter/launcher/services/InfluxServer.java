package org.openholter.launcher.services;

import org.openholter.core.sinks.InfluxQuery;

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

/**
 * Debian's InfluxDB 1.x ({@code influxd}) on loopback, with a database created. Secure: HTTPS only (a certificate from
 * the stack's test CA), authentication on, an administrator (the launcher's own queries), a writer each for the job
 * and the gateway, a reader for dashboards and one for the station, each with a random password in an owner-only file
 * ({@link #passwordFile}).
 */
public final class InfluxServer extends ChildProcess {
    /** The accounts of a secure server. */
    public static final String ADMIN = "admin", JOB = "holter-job", GATEWAY = "holter-gateway", READER = "grafana", STATION = "holter-station";

    private final int port;
    private final Path dir;
    private final boolean secure;
    private final Path caFile; // null: plain HTTP
    private final HttpClient http;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private InfluxServer(List<String> cmd, Path log, int port, Path dir, boolean secure, Path caFile) throws IOException {
        super("influxd", cmd, log, null);
        this.port = port;
        this.dir = dir;
        this.secure = secure;
        this.caFile = caFile;
        this.http = caFile == null ? HTTP : HttpClient.newBuilder().sslContext(org.openholter.core.config.TlsFiles.context(caFile, null, null)).build();
    }

    /** Without authentication: only for a machine nobody else reaches. */
    public static InfluxServer start(Path dir, int preferredPort, String database) throws IOException {
        return start(dir, preferredPort, database, false);
    }

    /** Secure (HTTPS with a test CA of its own, logins) or open. */
    public static InfluxServer start(Path dir, int preferredPort, String database, boolean secure) throws IOException {
        return start(dir, preferredPort, database, secure ? TestCa.create(dir.resolve("tls")) : null);
    }

    /** Secure with a certificate from {@code ca}: HTTPS only, logins required; open (plain HTTP, anonymous) when null. */
    public static InfluxServer start(Path dir, int preferredPort, String database, TestCa ca) throws IOException {
        boolean secure = ca != null;
        Files.createDirectories(dir);
        TestCa.Issued cert = secure ? ca.server("influxdb") : null;
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
                "  auth-enabled = " + secure,
                "  https-enabled = " + secure,
                secure ? "  https-certificate = \"" + cert.certificate() + "\"" : "",
                secure ? "  https-private-key = \"" + cert.key() + "\"" : "",
                "[monitor]", "  store-enabled = false",
                "[continuous_queries]", "  enabled = false",
                ""));
        String exe = executable("influxd", "influxdb");
        InfluxServer s = new InfluxServer(List.of(exe, "run", "-config", conf.toString()), dir.resolve("influxd.log"), port, dir, secure,
                secure ? ca.certificate() : null);
        s.awaitReady(s::ping, Duration.ofSeconds(30));
        if (secure) {
            // With authentication on and no user yet, InfluxDB takes only the creation of an administrator.
            InfluxQuery.run(s.http, s.url(), null, "CREATE USER \"" + ADMIN + "\" WITH PASSWORD '" + s.newPassword(ADMIN) + "' WITH ALL PRIVILEGES", null, null);
        }
        s.query(null, "CREATE DATABASE \"" + database + "\"");
        if (secure) {
            for (String[] u : new String[][] {{JOB, "WRITE"}, {GATEWAY, "WRITE"}, {READER, "READ"}, {STATION, "READ"}}) {
                s.query(null, "CREATE USER \"" + u[0] + "\" WITH PASSWORD '" + s.newPassword(u[0]) + "'");
                s.query(null, "GRANT " + u[1] + " ON \"" + database + "\" TO \"" + u[0] + "\"");
            }
        }
        return s;
    }

    private String newPassword(String user) throws IOException {
        byte[] b = new byte[18];
        new java.security.SecureRandom().nextBytes(b);
        String p = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        Files.writeString(passwordFile(user), "");
        TestCa.ownerOnly(passwordFile(user));
        Files.writeString(passwordFile(user), p + "\n");
        return p;
    }

    /** Starts the server again after a crash (same port, same data) and waits until it answers. */
    public void recover() throws IOException {
        restart();
        awaitReady(this::ping, Duration.ofSeconds(30));
    }

    public int port() { return port; }
    public String url() { return (caFile == null ? "http" : "https") + "://127.0.0.1:" + port; }
    public boolean secure() { return secure; }

    /** The CA that signed the server's certificate (for clients' {@code --influx.ca-file}); null when plain HTTP. */
    public Path caFile() { return caFile; }

    /** The file whose first line is {@code user}'s password (secure only; for {@code --influx.password-file}). */
    public Path passwordFile(String user) { return dir.resolve(user + ".password"); }

    private String password(String user) throws IOException {
        return secure ? Files.readAllLines(passwordFile(user)).get(0) : null;
    }

    public boolean ping() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url() + "/ping")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 204;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs InfluxQL (as the administrator when secure) and returns the JSON answer. */
    public String query(String db, String q) throws IOException {
        return queryAs(ADMIN, db, q);
    }

    /** Runs InfluxQL as {@code user} when secure (anonymously when not). */
    public String queryAs(String user, String db, String q) throws IOException {
        return InfluxQuery.run(http, url(), db, q, secure ? user : null, password(user));
    }

    /** Runs InfluxQL without logging in (over TLS when secure): a secure server must refuse it. */
    public String queryAnonymously(String db, String q) throws IOException {
        return InfluxQuery.run(http, url(), db, q, null, null);
    }
}
