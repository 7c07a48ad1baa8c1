package org.openholter.station.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.station.InfluxSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A patient's trends for the patient page, from the InfluxDB the job writes: heart rate and QTc (Bazett) of the
 * analysed windows averaged per minute, SDNN and RMSSD of the 5-min HRV, and the hourly AF burden. Each trend is a
 * list of [epoch ms, value].
 */
public final class TrendReader {
    private final InfluxSource influx;

    public TrendReader(InfluxSource influx) {
        this.influx = influx;
    }

    /** The trends of {@code device} over the last {@code minutes}. */
    public Map<String, List<double[]>> read(String device, int minutes) throws IOException {
        if (!device.matches("[A-Za-z0-9._:-]{1,64}")) throw new IllegalArgumentException("not a device id: " + device);
        String since = "\"device\" = '" + device + "' AND time > now() - " + minutes + "m AND time < now() + 1h";
        Map<String, List<double[]>> out = new LinkedHashMap<>();
        out.put("hr", series("SELECT mean(\"bpm\") FROM \"heart_rate\" WHERE " + since + " GROUP BY time(1m) fill(none)"));
        out.put("qtc", series("SELECT mean(\"qtc_bazett_ms\") FROM \"heart_rate\" WHERE " + since + " GROUP BY time(1m) fill(none)"));
        out.put("sdnn", series("SELECT \"sdnn_ms\" FROM \"hrv\" WHERE \"span\" = '5m' AND " + since));
        out.put("rmssd", series("SELECT \"rmssd_ms\" FROM \"hrv\" WHERE \"span\" = '5m' AND " + since));
        out.put("af", series("SELECT \"burden_pct\" FROM \"af_burden\" WHERE \"span\" = '1h' AND " + since));
        return out;
    }

    private List<double[]> series(String q) throws IOException {
        JsonNode first = influx.query(q + " ORDER BY time ASC");
        List<double[]> out = new ArrayList<>();
        for (JsonNode s : first.path("series")) {
            for (JsonNode v : s.path("values")) {
                if (!v.path(1).isNumber()) continue;
                out.add(new double[] {java.time.Instant.parse(v.path(0).asText()).toEpochMilli(), v.path(1).asDouble()});
            }
        }
        return out;
    }
}
