package org.openholter.job.sinks;

/** One rendered InfluxDB line and how to measure its latency (a Flink POJO). */
public class InfluxLine {
    public String text;
    public long latencyOriginMicros;
    public String latencyTags;

    public InfluxLine() {}

    public InfluxLine(String text, long latencyOriginMicros, String latencyTags) {
        this.text = text;
        this.latencyOriginMicros = latencyOriginMicros;
        this.latencyTags = latencyTags;
    }
}
