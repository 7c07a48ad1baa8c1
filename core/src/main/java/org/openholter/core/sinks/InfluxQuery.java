package org.openholter.core.sinks;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** InfluxQL over HTTP: the station, tools and tests read InfluxDB with it. */
public final class InfluxQuery {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private InfluxQuery() {}

    /** As {@code user} / {@code password} (HTTP basic authentication; null: none). */
    public static String run(String baseUrl, String db, String q, String user, String password) throws IOException {
        return run(HTTP, baseUrl, db, q, user, password);
    }

    /** As {@link #run(String, String, String, String, String)} with {@code client} (one that trusts the server's CA, for https). */
    public static String run(HttpClient client, String baseUrl, String db, String q, String user, String password) throws IOException {
        String body = (db == null ? "" : "db=" + URLEncoder.encode(db, StandardCharsets.UTF_8) + "&")
                + "q=" + URLEncoder.encode(q, StandardCharsets.UTF_8);
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/query")).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/x-www-form-urlencoded");
        if (user != null) {
            b.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        HttpRequest r = b.POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> resp = client.send(r, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() / 100 != 2) throw new IOException("InfluxDB " + resp.statusCode() + ": " + resp.body());
            return resp.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
