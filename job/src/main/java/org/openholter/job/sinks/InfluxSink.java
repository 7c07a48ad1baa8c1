package org.openholter.job.sinks;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.metrics.Gauge;
import org.openholter.core.sinks.InfluxConfig;
import org.openholter.core.sinks.InfluxWriter;

import java.time.Clock;
import java.time.Duration;

/**
 * Flink sink around {@link InfluxWriter}. On a checkpoint it waits a little for the buffer to drain,
 * but never blocks the checkpoint for long: a down InfluxDB must not hold back the exactly-once
 * alarm stream. Points are idempotent, so a replay after a restore rewrites the same points.
 */
public class InfluxSink implements Sink<InfluxLine> {
    private static final long serialVersionUID = 1L;
    private final InfluxConfig config;
    private final Duration checkpointFlushWait;

    public InfluxSink(InfluxConfig config, Duration checkpointFlushWait) {
        this.config = config;
        this.checkpointFlushWait = checkpointFlushWait;
    }

    @Override
    public SinkWriter<InfluxLine> createWriter(WriterInitContext context) {
        InfluxWriter writer = new InfluxWriter(config, Clock.systemUTC());
        var group = context.metricGroup().addGroup("influx");
        group.gauge("written", (Gauge<Long>) writer::written);
        group.gauge("dropped", (Gauge<Long>) writer::dropped);
        group.gauge("failures", (Gauge<Long>) writer::failures);
        group.gauge("buffered", (Gauge<Integer>) writer::buffered);
        return new SinkWriter<>() {
            @Override
            public void write(InfluxLine line, Context ctx) {
                writer.write(new InfluxWriter.Line(line.text, line.latencyOriginMicros, line.latencyTags));
            }

            @Override
            public void flush(boolean endOfInput) throws InterruptedException {
                writer.flush(endOfInput ? Duration.ofSeconds(30) : checkpointFlushWait);
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }
}
