package org.openholter.station.interfaces;

import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.station.InfluxSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every monitored patient's vitals of one period, read from the InfluxDB the job writes: the mean heart rate of the
 * period and its last rhythm ({@code heart_rate}), the latest 5-min HRV ({@code hrv}, span {@code 5m}, ended in the 10
 * minutes before) and the latest hour's AF burden ({@code af_burden}, span {@code 1h}, of the 2 hours before). A patient
 * is reported when the period holds one of its heart-rate windows.
 */
public final class VitalsReader {
    private final InfluxSource influx;

    public VitalsReader(InfluxSource influx) {
        this.influx = influx;
    }

    /** The vitals of [{@code fromMillis}, {@code toMillis}), one per device, in device order. */
    public List<Vitals> read(long fromMillis, long toMillis) throws IOException {
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        String period = "time >= " + fromMillis + "ms AND time < " + toMillis + "ms";
        for (JsonNode s : series(query("SELECT mean(\"bpm\") AS hr, last(\"rhythm_layer\") AS rhythm FROM \"heart_rate\" WHERE "
                + period + " GROUP BY \"device\", \"ward\", \"bed\""))) {
            Map<String, Object> r = rows.computeIfAbsent(s.path("tags").path("device").asText(), k -> new HashMap<>());
            r.put("ward", blankToNull(s.path("tags").path("ward").asText(null)));
            r.put("bed", blankToNull(s.path("tags").path("bed").asText(null)));
            JsonNode v = s.path("values").path(0);
            r.put("hr", number(v.path(1)));
            r.put("rhythm", v.path(2).isTextual() ? v.path(2).asText() : null);
        }
        if (rows.isEmpty()) return List.of();
        for (JsonNode s : series(query("SELECT last(\"mean_nn_ms\"), last(\"sdnn_ms\"), last(\"rmssd_ms\") FROM \"hrv\" WHERE \"span\" = '5m' AND time >= "
                + (toMillis - 600_000) + "ms AND time < " + toMillis + "ms GROUP BY \"device\""))) {
            Map<String, Object> r = rows.get(s.path("tags").path("device").asText());
            if (r == null) continue;
            JsonNode v = s.path("values").path(0);
            r.put("nn", number(v.path(1)));
            r.put("sdnn", number(v.path(2)));
            r.put("rmssd", number(v.path(3)));
        }
        for (JsonNode s : series(query("SELECT last(\"burden_pct\") FROM \"af_burden\" WHERE \"span\" = '1h' AND time >= "
                + (toMillis - 7_200_000) + "ms AND time < " + toMillis + "ms GROUP BY \"device\""))) {
            Map<String, Object> r = rows.get(s.path("tags").path("device").asText());
            if (r != null) r.put("af", number(s.path("values").path(0).path(1)));
        }
        List<Vitals> out = new ArrayList<>();
        for (var e : rows.entrySet()) {
            Map<String, Object> r = e.getValue();
            out.add(new Vitals(e.getKey(), (String) r.get("ward"), (String) r.get("bed"), fromMillis, toMillis, (Double) r.get("hr"),
                    (String) r.get("rhythm"), (Double) r.get("nn"), (Double) r.get("sdnn"), (Double) r.get("rmssd"), (Double) r.get("af")));
        }
        return out;
    }

    private JsonNode query(String q) throws IOException {
        return influx.query(q);
    }

    private static Iterable<JsonNode> series(JsonNode result) {
        return result.path("series");
    }

    private static Double number(JsonNode n) {
        return n.isNumber() && Double.isFinite(n.asDouble()) ? n.asDouble() : null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
