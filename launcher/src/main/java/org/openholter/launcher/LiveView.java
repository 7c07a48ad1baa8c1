package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.launcher.services.InfluxServer;
import org.openholter.simulator.Fleet;
import org.openholter.station.web.WardBoard;
import org.openholter.wire.Json;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's terminal view, as a nurse must read it: one line per bed, the most urgent first, with the heart rate the
 * alarms use ({@code ---} when there is none, as during an asystole), the rhythm, signal quality, and every alarm shown
 * (active, or high-priority latched until acknowledged) coloured by priority with its age. It reads the central
 * station's {@link WardBoard} (alarms from Kafka, vitals from InfluxDB), so the terminal and the browser show the same;
 * the pipeline's rate and latency come from InfluxDB.
 */
public final class LiveView {
    /** Beds shown; the rest are counted (the ward page shows them all). */
    static final int MAX_BEDS = 40;
    private static final String RESET = "\033[0m";
    private static final Map<String, String> COLOUR = Map.of("HIGH", "\033[1;97;41m", "MEDIUM", "\033[30;43m", "LOW", "\033[30;46m");

    private final WardBoard board;
    private final InfluxServer influx;
    private final String db;
    private final Fleet fleet;
    private final PrintStream out;
    private final boolean colour;
    private long lastFrames;
    private long lastNanos;

    /** {@code colour}: ANSI colours (a terminal); without them each alarm is marked by its priority's letter. */
    public LiveView(WardBoard board, InfluxServer influx, String db, Fleet fleet, PrintStream out, boolean colour) {
        this.board = board;
        this.influx = influx;
        this.db = db;
        this.fleet = fleet;
        this.out = out;
        this.colour = colour;
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

    /** The heart rate the view shows for a bed: {@code ---} when the alarms have none or the bed is offline. */
    static String rate(Map<String, Object> bed) {
        Object hr = bed.get("hr");
        return hr instanceof Number n && Boolean.TRUE.equals(bed.get("online")) ? String.format(Locale.ROOT, "%.0f", n.doubleValue()) : "---";
    }

    /** One frame of the view (what {@link #render} prints after clearing the screen). */
    public String frame(Map<String, Long> gateway, boolean jobRunning, String footer, long nowMillis) throws IOException {
        long now = System.nanoTime();
        long frames = fleet.framesSent();
        double rate = lastNanos == 0 ? 0 : (frames - lastFrames) / ((now - lastNanos) / 1e9);
        lastFrames = frames;
        lastNanos = now;
        double[] lat = latency();
        Map<String, String> playing = new HashMap<>();
        for (Fleet.Patient p : fleet.patients()) playing.put(p.deviceId, p.device.nowPlaying());
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "OpenHolter demo  %d patients  frames %,d (%.0f/s)  gateway forwarded %,d rejected %,d  job %s  latency p50 %.2f s p99 %.2f s%n",
                fleet.patients().size(), frames, rate, gateway.getOrDefault("forwarded", 0L), gateway.getOrDefault("rejected", 0L),
                jobRunning ? "running" : "DOWN", lat[0], lat[1]));
        if (footer != null) b.append(footer).append('\n');
        b.append('\n');
        b.append(String.format(Locale.ROOT, "%-12s %-12s %-22s %5s %-12s %4s  %s%n", "bed", "device", "simulator plays", "HR", "rhythm", "SQI", "alarms"));
        List<Map<String, Object>> beds = board.snapshot(null, false, nowMillis); // the most urgent first
        int shown = 0;
        for (Map<String, Object> bed : beds) {
            if (shown++ >= MAX_BEDS) {
                b.append(String.format(Locale.ROOT, "… and %d more beds (the ward page shows them all)%n", beds.size() - MAX_BEDS));
                break;
            }
            String device = String.valueOf(bed.get("device"));
            String where = bed.get("ward") == null ? "" : bed.get("ward") + "/" + bed.get("bed");
            Object q = bed.get("quality");
            b.append(String.format(Locale.ROOT, "%-12s %-12s %-22s %5s %-12s %4s  %s%n", trim(where, 12), trim(device, 12),
                    trim(playing.getOrDefault(device, ""), 22), rate(bed), trim(Boolean.TRUE.equals(bed.get("online")) ? String.valueOf(bed.get("rhythm"))
                            : String.valueOf(bed.get("state")), 12), q instanceof Number n ? String.format(Locale.ROOT, "%.2f", n.doubleValue()) : "-",
                    alarms(bed)));
        }
        return b.toString();
    }

    /** A bed's alarms: type, age, "latched" once its condition ended, who acknowledged an active one. */
    @SuppressWarnings("unchecked")
    private String alarms(Map<String, Object> bed) {
        StringBuilder s = new StringBuilder();
        for (Map<String, Object> a : (List<Map<String, Object>>) bed.get("alarms")) {
            String priority = String.valueOf(a.get("priority"));
            long age = ((Number) a.get("age_s")).longValue();
            String text = a.get("type") + " " + (age < 60 ? age + "s" : age / 60 + "min")
                    + (Boolean.TRUE.equals(a.get("latched")) && !Boolean.TRUE.equals(a.get("active")) ? " latched" : "")
                    + (Boolean.TRUE.equals(a.get("acknowledged")) ? " ack " + a.get("by") : "");
            if (s.length() > 0) s.append(' ');
            s.append(colour ? COLOUR.getOrDefault(priority, "") + " " + text + " " + RESET : "[" + priority.charAt(0) + "] " + text);
        }
        return s.toString();
    }

    public void render(boolean clear, Map<String, Long> gateway, boolean jobRunning, String footer) throws IOException {
        String f = frame(gateway, jobRunning, footer, System.currentTimeMillis());
        out.print((clear ? "\033[H\033[2J" : "") + f);
        out.flush();
    }

    /** Latest heart rate per device (for the demo's summary, when the devices have gone offline). */
    public Map<String, String> rates() {
        Map<String, String> m = new HashMap<>();
        for (Map<String, Object> bed : board.snapshot(null, false, System.currentTimeMillis())) {
            m.put(String.valueOf(bed.get("device")), bed.get("hr") instanceof Number n ? String.format(Locale.ROOT, "%.0f", n.doubleValue()) : "---");
        }
        return m;
    }

    private static String trim(String s, int n) {
        return s.length() <= n ? s : s.substring(0, n);
    }
}
