package org.openholter.station.web;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The web server over real HTTP, fed by a board filled here (the end-to-end test feeds it from the pipeline). */
class StationServerTest {
    @Test
    void liveStreamCarriesStripsAndBeds() throws Exception {
        WardBoard board = new WardBoard();
        try (StationServer s = new StationServer(board, null, null, "ecg.commands", null, "station")) {
            int port = s.start("127.0.0.1", 0);
            Thread feeder = new Thread(() -> {
                long t = System.currentTimeMillis() * 1000;
                while (!Thread.currentThread().isInterrupted()) {
                    float[] mv = new float[63];
                    board.samples("d1", "w", "1", 250, t, mv, System.currentTimeMillis());
                    t += 252_000;
                    try { Thread.sleep(250); } catch (InterruptedException e) { return; }
                }
            });
            feeder.start();
            HttpClient http = HttpClient.newHttpClient();
            var lines = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/events")).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofLines()).body();
            long until = System.currentTimeMillis() + 2500;
            int samples = 0, beds = 0;
            for (var it = lines.iterator(); it.hasNext() && System.currentTimeMillis() < until; ) {
                String line = it.next();
                if (line.equals("event: samples")) samples++;
                if (line.equals("event: beds")) beds++;
            }
            feeder.interrupt();
            assertThat(samples).isGreaterThanOrEqualTo(4);
            assertThat(beds).isGreaterThanOrEqualTo(1);
            var page = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("Central station").contains("/station.js");
            var bad = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/command"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"DELETE\",\"id\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("ACK or SILENCE");
        }
    }

    @Test
    void behindAnAuthenticatingProxy_aCommandWithoutTheClinicianIsRefused() throws Exception {
        try (StationServer s = new StationServer(new WardBoard(), null, null, "ecg.commands", "X-Remote-User", "station")) {
            int port = s.start("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            var r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/command"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"ACK\",\"id\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(401);
            var named = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/command")).header("X-Remote-User", "nurse.kim")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"ACK\",\"id\":\"x\"}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(named.statusCode()).as("named, but no such alarm").isEqualTo(404);
            var ward = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ward")).header("X-Remote-User", "nurse.kim").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ward.body()).contains("\"user\":\"nurse.kim\"");
        }
    }
}
