package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.launcher.services.InfluxServer;
import org.openholter.simulator.Fleet;
import org.openholter.wire.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's terminal view: one line per patient (what the simulator plays, and what the pipeline
 * measured: heart rate, rhythm, quality, active alarms) and the pipeline's rate and latency, read back
 * from InfluxDB as a dashboard would.
 */
public final class LiveView {
    private final InfluxServer influx;
    private final String db;
    private final Fleet fleet;
    private final PrintStream out;
    private long lastFrames;
    private long lastNanos;

    public LiveView(InfluxServer influx, String db, Fleet fleet, PrintStream out) {
        this.influx = influx;
        this.db = db;
        this.fleet = fleet;
        this.out = out;
    }

    /** Latest values per device from InfluxDB. */
    public Map<String, Map<String, String>> latest() throws IOException {
        Map<String, Map<String, String>> rows = new TreeMap<>();
        String since = "time > now() - 1h AND time < now() + 1d";
        collect(rows, "SELECT last(\"bpm\") AS hr FROM \"heart_rate\" WHERE " + since + " GROUP BY \"device\"", "hr");
        collect(rows, "SELECT last(\"rhythm\") AS rhythm FROM \"heart_rate\" WHERE " + since + " GROUP BY \"device\"", "rhythm");
        collect(rows, "SELECT last(\"quality\") AS q FROM \"heart_rate\" WHERE " + since + " GROUP BY \"device\"", "q");
        JsonNode a = Json.MAPPER.readTree(influx.query(db, "SELECT \"active\" FROM (SELECT last(\"active\") AS \"active\" FROM \"alarm\" WHERE "
                + since + " GROUP BY \"device\", \"type\") WHERE \"active\" = 1"));
        for (JsonNode s : a.path("results").get(0).path("series")) {
            String dev = s.path("tags").path("device").asText();
            String type = s.path("tags").path("type").asText();
            rows.computeIfAbsent(dev, k -> new HashMap<>()).merge("alarms", type, (x, y) -> x + " " + y);
        }
        return rows;
    }

    private void collect(Map<String, Map<String, String>> rows, String q, String key) throws IOException {
        JsonNode r = Json.MAPPER.readTree(influx.query(db, q));
        for (JsonNode s : r.path("results").get(0).path("series")) {
            JsonNode v = s.path("values").get(0).get(1);
            String text = v.isNumber() ? (key.equals("q") ? String.format("%.2f", v.asDouble()) : String.format("%.0f", v.asDouble())) : v.asText();
            rows.computeIfAbsent(s.path("tags").path("device").asText(), k -> new HashMap<>()).put(key, text);
        }
    }

    /** Latency percentiles over the last minute of windows, seconds. */
    public double[] latency() throws IOException {
        JsonNode r = Json.MAPPER.readTree(influx.query(db,
                "SELECT percentile(\"latency_s\", 50), percentile(\"latency_s\", 99) FROM \"window_latency\" WHERE time > now() - 60s"));
        JsonNode s = r.path("results").get(0).path("series");
        if (s.isEmpty()) return new double[] {Double.NaN, Double.NaN};
        JsonNode v = s.get(0).path("values").get(0);
        return new double[] {v.get(1).asDouble(), v.get(2).asDouble()};
    }

    public void render(boolean clear, Map<String, Long> gateway, boolean jobRunning) throws IOException {
        long now = System.nanoTime();
        long frames = fleet.framesSent();
        double rate = lastNanos == 0 ? 0 : (frames - lastFrames) / ((now - lastNanos) / 1e9);
        lastFrames = frames;
        lastNanos = now;
        Map<String, Map<String, String>> rows = latest();
        double[] lat = latency();
        StringBuilder b = new StringBuilder();
        if (clear) b.append("\033[H\033[2J");
        b.append(String.format("OpenHolter demo  %d patients  frames %,d (%.0f/s)  gateway forwarded %,d rejected %,d  job %s  latency p50 %.2f s p99 %.2f s%n%n",
                fleet.patients().size(), frames, rate, gateway.getOrDefault("forwarded", 0L), gateway.getOrDefault("rejected", 0L),
                jobRunning ? "running" : "DOWN", lat[0], lat[1]));
        b.append(String.format("%-14s %-4s %-26s %5s %-12s %5s  %s%n", "device", "bed", "simulator plays", "HR", "rhythm", "SQI", "active alarms"));
        List<Fleet.Patient> ps = fleet.patients();
        int shown = 0;
        for (Fleet.Patient p : ps) {
            if (shown++ >= 40) {
                b.append(String.format("… and %d more (see the ward dashboard)%n", ps.size() - 40));
                break;
            }
            Map<String, String> r = rows.getOrDefault(p.deviceId, Map.of());
            b.append(String.format("%-14s %-4s %-26s %5s %-12s %5s  %s%n", p.deviceId, p.bed, trim(p.device.nowPlaying(), 26),
                    r.getOrDefault("hr", "-"), r.getOrDefault("rhythm", "-"), r.getOrDefault("q", "-"), r.getOrDefault("alarms", "")));
        }
        out.print(b);
        out.flush();
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
