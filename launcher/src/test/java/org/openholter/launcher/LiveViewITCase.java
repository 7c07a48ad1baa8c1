package org.openholter.launcher;

import org.junit.jupiter.api.Test;
import org.openholter.simulator.Fleet;
import org.openholter.station.Station;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The demo's terminal view during a scripted run through the whole stack (simulator → MQTT → gateway → Kafka → job →
 * Kafka → the station's ward board), read frame by frame as it renders them: each scripted alarm appears on its bed's
 * line within 10 s of the event's onset, stays (latched) after the event ended until a nurse acknowledges it, and
 * leaves then; the heart rate is the alarms' (a VT reads as a VT rate, an asystole as ---), and the beds with a
 * high-priority alarm come first.
 */
class LiveViewITCase {
    static final int LEAD_IN_S = 20;
    /** Scripted event per bed: the alarm it must raise, the scenario, the event's length (s). */
    record Script(String alarm, String scenario, int seconds) {}

    static final List<Script> SCRIPTS = List.of(
            new Script("ASYSTOLE", "sinus:75@20,asystole@8,sinus:75@37", 8),
            new Script("VFIB", "sinus:70@20,vf@15,sinus:70@30", 15),
            new Script("VTACH", "sinus:80@20,vt:180@15,sinus:80@30", 15),
            new Script("EXTREME_BRADY", "sinus:70@20,sinus:34@25,sinus:70@20", 25),
            new Script("EXTREME_TACHY", "sinus:80@20,sinus:165@25,sinus:80@20", 25),
            new Script(null, "sinus:72@65", 0));

    @Test
    void eachScriptedAlarmAppearsWithin10s_andStaysUntilAcknowledged() throws Exception {
        Path dir = Files.createTempDirectory("openholter-liveview-it");
        try (Stack stack = new Stack(Stack.Options.forTest(dir)).startServices().startGateway().startJob(null)) {
            Station station = stack.startStation("--web.port", "-1");
            long until = System.currentTimeMillis() + 60_000;
            while (!station.ready() && System.currentTimeMillis() < until) Thread.sleep(200);
            assertThat(station.ready()).as("the station reads Kafka").isTrue();
            try (Fleet fleet = stack.fleet("--patients", String.valueOf(SCRIPTS.size()),
                    "--scenarios", String.join(";", SCRIPTS.stream().map(Script::scenario).toList()),
                    "--duration-s", "65", "--speed", "1", "--seed", "11", "--phase-spread-s", "0")) {
                java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
                LiveView view = new LiveView(station.board(), stack.influx(), "holter", fleet, new java.io.PrintStream(sink, true), false);
                fleet.start();
                long start = System.currentTimeMillis(), onset = start + LEAD_IN_S * 1000L;
                List<String> devices = fleet.patients().stream().map(p -> p.deviceId).toList();
                Map<String, Long> firstSeen = new HashMap<>();
                Map<String, List<String>> rates = new LinkedHashMap<>(); // device → "t:HR" during its event
                List<String> orderAtEnd = new ArrayList<>();
                List<String> arrestRates = new ArrayList<>();
                Map<String, Integer> gaps = new HashMap<>(); // frames without an alarm once shown, before its acknowledgement
                String lastFrame = "";
                // Render as the demo does and read each frame back, until every event has ended and each alarm shows
                // latched (its condition cleared; the clearing takes the analysis some seconds) or 40 s more went by.
                long lastEnd = onset + SCRIPTS.stream().mapToInt(Script::seconds).max().orElse(0) * 1000L;
                boolean allLatched = false;
                String midFrame = null;
                while (System.currentTimeMillis() < lastEnd + 40_000 && !(allLatched && System.currentTimeMillis() > lastEnd + 3_000)) {
                    view.render(false, stack.gateway().snapshot(), stack.jobRunning(), null);
                    lastFrame = sink.toString(java.nio.charset.StandardCharsets.UTF_8);
                    sink.reset();
                    long now = System.currentTimeMillis();
                    for (int i = 0; i < SCRIPTS.size(); i++) {
                        Script s = SCRIPTS.get(i);
                        String line = line(lastFrame, devices.get(i));
                        if (s.alarm() != null && line.contains("] " + s.alarm() + " ")) firstSeen.putIfAbsent(devices.get(i), now);
                        else if (s.alarm() != null && firstSeen.containsKey(devices.get(i))) gaps.merge(s.alarm(), 1, Integer::sum);
                        if (s.alarm() != null && now > onset + 5_000 && now < onset + s.seconds() * 1000L) {
                            rates.computeIfAbsent(s.alarm(), k -> new ArrayList<>()).add(hr(line));
                        }
                        // While an arrest is alarmed (not yet over), no rate: a number would read as a beating heart.
                        for (String arrest : List.of("ASYSTOLE", "VFIB")) {
                            if (line.contains("[H] " + arrest + " ") && !latched(line, arrest)) arrestRates.add(devices.get(i) + " " + arrest + ":" + hr(line));
                        }
                    }
                    if (midFrame == null && now > onset + 12_000) {
                        midFrame = lastFrame;
                        System.out.println("live view, 12 s into the events:\n" + midFrame);
                    }
                    String f = lastFrame;
                    allLatched = java.util.stream.IntStream.range(0, SCRIPTS.size()).filter(i -> SCRIPTS.get(i).alarm() != null)
                            .allMatch(i -> latched(line(f, devices.get(i)), SCRIPTS.get(i).alarm()));
                    Thread.sleep(500);
                }
                System.out.println("live view, the last frame:\n" + lastFrame);
                assertThat(gaps).as("frames in which a shown alarm was missing before its acknowledgement").isEmpty();
                System.out.println("live view, heart rates shown during the events: " + rates);
                for (int i = 0; i < SCRIPTS.size(); i++) {
                    if (SCRIPTS.get(i).alarm() != null && firstSeen.containsKey(devices.get(i))) {
                        System.out.printf("live view: %s shown %.1f s after the event's onset%n", SCRIPTS.get(i).alarm(), (firstSeen.get(devices.get(i)) - onset) / 1000.0);
                    }
                }
                for (int i = 0; i < SCRIPTS.size(); i++) {
                    Script s = SCRIPTS.get(i);
                    if (s.alarm() == null) continue;
                    Long seen = firstSeen.get(devices.get(i));
                    assertThat(seen).as("%s shown on %s's line", s.alarm(), devices.get(i)).isNotNull();
                    assertThat(seen - onset).as("%s shown, ms after the event's onset", s.alarm()).isLessThanOrEqualTo(10_000);
                    // Every event has ended: the high-priority alarm is still there, latched, until acknowledged.
                    assertThat(latched(line(lastFrame, devices.get(i)), s.alarm())).as("%s still shown, latched, after its event: %s", s.alarm(),
                            line(lastFrame, devices.get(i))).isTrue();
                }
                // The heart rate is the alarms': a VT at 180 reads as a fast rate, an asystole as no rate at all.
                assertThat(rates.get("VTACH")).as("VT bed's rate").anyMatch(r -> r.matches("\\d+") && Integer.parseInt(r) >= 150);
                assertThat(arrestRates).as("rates shown while an asystole or VF alarm is active").isNotEmpty().allMatch(r -> r.endsWith(":---"));
                String normal = hr(line(lastFrame, devices.get(SCRIPTS.size() - 1)));
                assertThat(Integer.parseInt(normal)).as("the normal bed's rate").isBetween(60, 85);
                // The most urgent first: the normal bed, with no alarm, comes last.
                List<String> bedLines = lastFrame.lines().filter(l -> devices.stream().anyMatch(l::contains)).toList();
                assertThat(bedLines.get(bedLines.size() - 1)).contains(devices.get(SCRIPTS.size() - 1));

                // A nurse acknowledges every alarm at the station: each latched one leaves the view.
                HttpClient http = HttpClient.newHttpClient();
                for (Map<String, Object> bed : station.board().snapshot(null, false, System.currentTimeMillis())) {
                    @SuppressWarnings("unchecked") List<Map<String, Object>> alarms = (List<Map<String, Object>>) bed.get("alarms");
                    for (Map<String, Object> a : alarms) {
                        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + station.webPort() + "/api/command"))
                                .POST(HttpRequest.BodyPublishers.ofString("{\"action\":\"ACK\",\"id\":\"" + a.get("id") + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
                        assertThat(r.statusCode()).as("ACK of %s", a.get("id")).isEqualTo(202);
                    }
                }
                long acked = System.currentTimeMillis();
                boolean cleared = false;
                while (!cleared && System.currentTimeMillis() < acked + 15_000) {
                    view.render(false, stack.gateway().snapshot(), stack.jobRunning(), null);
                    lastFrame = sink.toString(java.nio.charset.StandardCharsets.UTF_8);
                    sink.reset();
                    String f = lastFrame;
                    cleared = SCRIPTS.stream().filter(s -> s.alarm() != null).noneMatch(s -> f.contains("[H] " + s.alarm()));
                    Thread.sleep(500);
                }
                System.out.println("live view after the acknowledgements:\n" + lastFrame);
                assertThat(cleared).as("every latched alarm left the view once acknowledged").isTrue();
            }
        }
    }

    /** The frame's line of a device ("" when it has none). */
    static String line(String frame, String device) {
        return frame.lines().filter(l -> l.contains(" " + device + " ")).findFirst().orElse("");
    }

    /** Whether a bed's line shows the high-priority alarm {@code type} latched (its condition over, not acknowledged). */
    static boolean latched(String line, String type) {
        return java.util.regex.Pattern.compile("\\[H] " + type + " \\d+(s|min) latched").matcher(line).find();
    }

    /** The HR column of a bed's line (the view's columns are fixed: bed 12, device 12, simulator 22, HR 5). */
    static String hr(String line) {
        return line.length() < 54 ? "" : line.substring(49, 54).trim();
    }
}
