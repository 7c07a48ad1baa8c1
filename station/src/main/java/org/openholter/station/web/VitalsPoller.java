package org.openholter.station.web;

import com.fasterxml.jackson.databind.JsonNode;
import org.openholter.station.InfluxSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The latest heart rate, rhythm and signal quality of every device, read from InfluxDB every {@link #PERIOD_MS} into
 * the {@link WardBoard}: the heart rate the alarms use (none during an asystole), the rhythm layer's rhythm (the window label where
 * the job runs without it). Values older than a minute are shown as unknown.
 */
public final class VitalsPoller implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VitalsPoller.class);
    static final long PERIOD_MS = 2_000;

    private final InfluxSource influx;
    private final WardBoard board;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "station-vitals-poll");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong failures = new AtomicLong();

    public VitalsPoller(InfluxSource influx, WardBoard board) {
        this.influx = influx;
        this.board = board;
    }

    public VitalsPoller start() {
        timer.scheduleWithFixedDelay(this::poll, 0, PERIOD_MS, TimeUnit.MILLISECONDS);
        return this;
    }

    void poll() {
        try {
            JsonNode r = influx.query("SELECT last(\"alarm_bpm\") AS hr, last(\"rhythm_layer\") AS layer, "
                    + "last(\"rhythm\") AS label, last(\"quality\") AS q, last(\"alarm_rate_known\") AS known, last(\"bpm\") AS window_hr "
                    + "FROM \"heart_rate\" WHERE time > now() - 1m AND time < now() + 1h GROUP BY \"device\", \"ward\", \"bed\"");
            for (JsonNode s : r.path("series")) {
                JsonNode t = s.path("tags"), v = s.path("values").path(0);
                String rhythm = v.path(2).isTextual() ? v.path(2).asText() : v.path(3).isTextual() ? v.path(3).asText() : null;
                board.vitals(t.path("device").asText(), blank(t.path("ward").asText(null)), blank(t.path("bed").asText(null)),
                        rate(v), rhythm, v.path(4).isNumber() ? v.path(4).asDouble() : null);
            }
        } catch (Exception e) {
            if (failures.incrementAndGet() % 30 == 1) LOG.warn("station: vitals not read from InfluxDB ({}); trying every {} s", e.getMessage(), PERIOD_MS / 1000);
        }
    }

    /**
     * The rate the alarms use, none when they have none (an asystole: not the last window's average, which would read
     * as a beating heart); a job that does not write it yet gives its window average.
     */
    static Double rate(JsonNode v) {
        if (v.path(5).isNumber()) return v.path(5).asLong() == 1 && v.path(1).isNumber() ? v.path(1).asDouble() : null;
        return v.path(6).isNumber() ? v.path(6).asDouble() : null;
    }

    private static String blank(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
