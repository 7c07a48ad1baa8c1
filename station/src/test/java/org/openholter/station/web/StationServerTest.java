package org.openholter.station.web;

import org.junit.jupiter.api.Test;
import org.openholter.wire.AlarmEvent;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** The web server over real HTTP, fed by a board filled here (the end-to-end test feeds it from the pipeline). */
class StationServerTest {
    @Test
    void liveStreamCarriesStripsAndBeds(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        WardBoard board = new WardBoard();
        try (StationServer s = new StationServer(board, new RecentEcg(), new AlarmStrips(dir, java.time.Duration.ofDays(1)), null, null, "ecg.commands", null, "station", null)) {
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
    void behindAnAuthenticatingProxy_aCommandWithoutTheClinicianIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (StationServer s = new StationServer(new WardBoard(), new RecentEcg(), new AlarmStrips(dir, java.time.Duration.ofDays(1)), null, null, "ecg.commands", "X-Remote-User", "station", null)) {
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
    @Test
    void aPatientPagesStreamCarriesItsBedsLeadsAndCodec_andAnAlarmsStripIsServedOnceCut(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        RecentEcg recent = new RecentEcg();
        AlarmStrips strips = new AlarmStrips(dir, java.time.Duration.ofDays(1));
        try (StationServer s = new StationServer(new WardBoard(), recent, strips, null, null, "ecg.commands", null, "station", null)) {
            int port = s.start("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port;
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/ecg?device=d")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                    .as("no ECG of d yet").isEqualTo(404);
            for (long k = 0; k < 120; k++) recent.frame(RecentEcgTest.frame("d", k));
            recent.codec(RecentEcgTest.codec("d", 0, 24));
            var snap = http.send(HttpRequest.newBuilder(URI.create(base + "/api/ecg?device=d")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(snap.statusCode()).isEqualTo(200);
            var json = org.openholter.wire.Json.MAPPER.readTree(snap.body());
            assertThat(json.path("leads").toString()).isEqualTo("[\"II\",\"V1\"]");
            assertThat(json.path("v").get(0).size()).isEqualTo(120 * RecentEcgTest.PER_FRAME);
            assertThat(json.path("codec").size()).isGreaterThan(24);

            // A page following d gets its leads; one following nobody does not.
            Thread feeder = new Thread(() -> {
                for (long k = 120; !Thread.currentThread().isInterrupted(); k++) {
                    recent.frame(RecentEcgTest.frame("d", k));
                    try { Thread.sleep(100); } catch (InterruptedException e) { return; }
                }
            });
            feeder.start();
            int[] following = events(http, base + "/api/events?device=d"), ward = events(http, base + "/api/events");
            feeder.interrupt();
            assertThat(following[0]).as("ecg events to the patient page").isGreaterThanOrEqualTo(3);
            assertThat(ward[0]).as("ecg events to the ward page").isZero();

            // An alarm raised at 15 s: its strip, cut once due, then served; an unknown alarm's is not.
            AlarmEvent a = RecentEcgTest.raised("d", 15);
            recent.alarm(a, 0);
            for (RecentEcg.Strip x : recent.dueStrips(RecentEcg.WAIT_MS)) strips.store(x);
            var strip = http.send(HttpRequest.newBuilder(URI.create(base + "/api/strip?id=" + java.net.URLEncoder.encode(a.id(), java.nio.charset.StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(strip.statusCode()).isEqualTo(200);
            assertThat(org.openholter.wire.Json.MAPPER.readTree(strip.body()).path("v").get(0).size()).isEqualTo(20 * RecentEcgTest.FS + 1);
            assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/strip?id=nope")).build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void withTheClinicianDirectory_onlyAListedClinicianMayCommand_andOnlyForTheirWards(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("clinicians.txt");
        java.nio.file.Files.writeString(file, "nurse-ann nurse icu-2\n");
        WardBoard board = new WardBoard();
        board.alarm(new AlarmEvent("d3:VTACH:1", "d3", "icu-3", "7", "VTACH", "HIGH", AlarmEvent.RAISED, 1, 1, 180.0, "VT"));
        try (StationServer s = new StationServer(board, new RecentEcg(), new AlarmStrips(dir.resolve("strips"), java.time.Duration.ofDays(1)), null, null,
                "ecg.commands", "X-Remote-User", "station", org.openholter.core.auth.Clinicians.read(file))) {
            int port = s.start("127.0.0.1", 0);
            HttpClient http = HttpClient.newHttpClient();
            java.util.function.Function<String, HttpResponse<String>> ack = user -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/command")).header("X-Remote-User", user)
                            .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"ACK\",\"id\":\"d3:VTACH:1\"}")).build(), HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            };
            HttpResponse<String> stranger = ack.apply("mallory");
            assertThat(stranger.statusCode()).isEqualTo(403);
            assertThat(stranger.body()).contains("mallory is not in the clinician directory");
            HttpResponse<String> otherWard = ack.apply("nurse-ann");
            assertThat(otherWard.statusCode()).isEqualTo(403);
            assertThat(otherWard.body()).contains("nurse-ann may not command patients of ward icu-3").contains("icu-2");
            var ward = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/ward")).header("X-Remote-User", "nurse-ann").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ward.body()).contains("\"role\":\"nurse\"").contains("\"wards\":[\"icu-2\"]");
        }
    }

    /** Counts of "ecg" events on an event stream over 1.5 s. */
    static int[] events(HttpClient http, String url) throws Exception {
        var lines = http.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofLines()).body();
        long until = System.currentTimeMillis() + 1500;
        int ecg = 0;
        for (var it = lines.iterator(); it.hasNext() && System.currentTimeMillis() < until; ) if (it.next().equals("event: ecg")) ecg++;
        return new int[] {ecg};
    }
}
