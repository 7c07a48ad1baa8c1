package org.openholter.core.sinks;

import java.util.Map;
import java.util.TreeMap;

/**
 * One InfluxDB line-protocol point. Tags are sorted (InfluxDB's preferred order); NaN and infinite
 * numbers are left out rather than written (InfluxDB refuses them).
 */
public final class LinePoint {
    private final String measurement;
    private final TreeMap<String, String> tags = new TreeMap<>();
    private final StringBuilder fields = new StringBuilder();
    private final long timeMicros;
    private long latencyOriginMicros = Long.MIN_VALUE;

    public LinePoint(String measurement, long timeMicros) {
        this.measurement = measurement;
        this.timeMicros = timeMicros;
    }

    public LinePoint tag(String key, String value) {
        if (value != null && !value.isEmpty()) tags.put(key, value);
        return this;
    }

    public LinePoint field(String key, double value) {
        if (Double.isFinite(value)) sep().append(escapeKey(key)).append('=').append(value);
        return this;
    }

    public LinePoint field(String key, long value) {
        sep().append(escapeKey(key)).append('=').append(value).append('i');
        return this;
    }

    public LinePoint field(String key, boolean value) {
        sep().append(escapeKey(key)).append('=').append(value);
        return this;
    }

    public LinePoint field(String key, String value) {
        if (value != null) {
            sep().append(escapeKey(key)).append("=\"")
                    .append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", " ")).append('"');
        }
        return this;
    }

    /** Marks the point as a window result whose end-to-end latency is measured once it is stored. */
    public LinePoint measureLatencyFrom(long deviceMicros) {
        this.latencyOriginMicros = deviceMicros;
        return this;
    }

    public long latencyOriginMicros() { return latencyOriginMicros; }
    public String measurement() { return measurement; }
    public long timeMicros() { return timeMicros; }
    public Map<String, String> tags() { return tags; }
    public boolean hasFields() { return fields.length() > 0; }

    private StringBuilder sep() {
        if (fields.length() > 0) fields.append(',');
        return fields;
    }

    /** The line with what is needed to measure its latency once stored. */
    public InfluxWriter.Line toEntry() {
        return new InfluxWriter.Line(toLine(), latencyOriginMicros, latencyOriginMicros == Long.MIN_VALUE ? null : tagText());
    }

    /** The line, with the time stamp in microseconds ({@code precision=u}). */
    public String toLine() {
        StringBuilder b = new StringBuilder(64 + fields.length());
        b.append(measurement.replace(",", "\\,").replace(" ", "\\ "));
        if (!tags.isEmpty()) b.append(',').append(tagText());
        b.append(' ').append(fields).append(' ').append(timeMicros);
        return b.toString();
    }

    /** {@code k1=v1,k2=v2}, escaped, in tag order. */
    private String tagText() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> t : tags.entrySet()) {
            if (b.length() > 0) b.append(',');
            b.append(escapeKey(t.getKey())).append('=').append(escapeKey(t.getValue()));
        }
        return b.toString();
    }

    private static String escapeKey(String s) {
        // Keys are nearly always plain identifiers: look before building five new strings per field.
        boolean plain = true;
        for (int i = 0; i < s.length() && plain; i++) {
            char c = s.charAt(i);
            plain = c != '\\' && c != ',' && c != '=' && c != ' ' && c != '\n';
        }
        if (plain) return s;
        return s.replace("\\", "\\\\").replace(",", "\\,").replace("=", "\\=").replace(" ", "\\ ").replace("\n", "");
    }

    @Override
    public String toString() { return toLine(); }
}
