package org.openholter.job.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.openholter.core.monitor.PatientMonitor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The patient's stream piece: identity, frame assembly, resampling, the window cutter's samples, the fast path. */
public final class PatientStreamSerializer extends PieceSerializer<PatientMonitor> {
    private static final long serialVersionUID = 1L;

    @Override protected void write(PatientMonitor m, DataOutput out) throws IOException { m.writeStream(out); }
    @Override protected PatientMonitor read(DataInput in) throws IOException { return PatientMonitor.readStream(in); }
    @Override public TypeSerializerSnapshot<PatientMonitor> snapshotConfiguration() { return new Snapshot(); }

    public static final class Snapshot extends PieceSerializer.Snapshot<PatientMonitor> {
        public Snapshot() { super(PatientMonitor.STREAM_VERSION); }
        @Override protected String piece() { return "patient stream state"; }
        @Override protected int currentLayout() { return PatientMonitor.STREAM_VERSION; }
        @Override public TypeSerializer<PatientMonitor> restoreSerializer() { return new PatientStreamSerializer(); }
    }
}
