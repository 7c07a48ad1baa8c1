package org.openholter.job.sinks;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.metrics.Gauge;
import org.openholter.core.sinks.InfluxConfig;
import org.openholter.core.sinks.InfluxWriter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Flink sink around {@link InfluxWriter}. On a checkpoint it waits a little for the buffer to drain, but never blocks
 * the checkpoint for long (a down InfluxDB must not hold back the exactly-once alarm stream): what is still unwritten
 * then goes into the checkpoint instead, and a job restored from it writes those points again. Points are idempotent,
 * so a replay after a restore rewrites the same points, and nothing the checkpoint covered is lost when the job dies
 * with InfluxDB unreachable.
 */
public class InfluxSink implements Sink<InfluxLine>, SupportsWriterState<InfluxLine, InfluxSink.Pending> {
    private static final long serialVersionUID = 1L;
    private final InfluxConfig config;
    private final Duration checkpointFlushWait;

    /** Lines a checkpoint found not yet stored in InfluxDB. */
    public record Pending(List<InfluxWriter.Line> lines) {}

    public InfluxSink(InfluxConfig config, Duration checkpointFlushWait) {
        this.config = config;
        this.checkpointFlushWait = checkpointFlushWait;
    }

    @Override
    public StatefulSinkWriter<InfluxLine, Pending> createWriter(WriterInitContext context) {
        return restoreWriter(context, List.of());
    }

    @Override
    public StatefulSinkWriter<InfluxLine, Pending> restoreWriter(WriterInitContext context, Collection<Pending> recovered) {
        InfluxWriter writer = new InfluxWriter(config, Clock.systemUTC());
        for (Pending p : recovered) p.lines().forEach(writer::write);
        var group = context.metricGroup().addGroup("influx");
        group.gauge("written", (Gauge<Long>) writer::written);
        group.gauge("dropped", (Gauge<Long>) writer::dropped);
        group.gauge("failures", (Gauge<Long>) writer::failures);
        group.gauge("buffered", (Gauge<Integer>) writer::buffered);
        return new StatefulSinkWriter<>() {
            @Override
            public void write(InfluxLine line, Context ctx) {
                writer.write(new InfluxWriter.Line(line.text, line.latencyOriginMicros, line.latencyTags));
            }

            @Override
            public void flush(boolean endOfInput) throws InterruptedException {
                writer.flush(endOfInput ? Duration.ofSeconds(30) : checkpointFlushWait);
            }

            @Override
            public List<Pending> snapshotState(long checkpointId) {
                List<InfluxWriter.Line> pending = writer.pending();
                return pending.isEmpty() ? List.of() : List.of(new Pending(pending));
            }

            @Override
            public void close() {
                writer.close();
            }
        };
    }

    @Override
    public SimpleVersionedSerializer<Pending> getWriterStateSerializer() {
        return new PendingSerializer();
    }

    /** Version 1: the count, then per line its text (UTF-8, length first), latency origin and latency tags (or none). */
    static final class PendingSerializer implements SimpleVersionedSerializer<Pending> {
        @Override
        public int getVersion() { return 1; }

        @Override
        public byte[] serialize(Pending p) throws IOException {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(p.lines().size());
                for (InfluxWriter.Line l : p.lines()) {
                    byte[] text = l.text().getBytes(StandardCharsets.UTF_8);
                    out.writeInt(text.length);
                    out.write(text);
                    out.writeLong(l.latencyOriginMicros());
                    out.writeBoolean(l.latencyTags() != null);
                    if (l.latencyTags() != null) out.writeUTF(l.latencyTags());
                }
            }
            return bytes.toByteArray();
        }

        @Override
        public Pending deserialize(int version, byte[] serialized) throws IOException {
            if (version != 1) throw new IOException("InfluxDB sink state version " + version + " (this build reads 1)");
            try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
                int n = in.readInt();
                List<InfluxWriter.Line> lines = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    byte[] text = new byte[in.readInt()];
                    in.readFully(text);
                    long origin = in.readLong();
                    String tags = in.readBoolean() ? in.readUTF() : null;
                    lines.add(new InfluxWriter.Line(new String(text, StandardCharsets.UTF_8), origin, tags));
                }
                return new Pending(lines);
            }
        }
    }
}
