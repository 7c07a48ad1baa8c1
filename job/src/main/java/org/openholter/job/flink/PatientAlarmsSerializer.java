package org.openholter.job.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.openholter.core.monitor.PatientAlarms;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The patient's alarm pipeline piece. */
public final class PatientAlarmsSerializer extends PieceSerializer<PatientAlarms> {
    private static final long serialVersionUID = 1L;

    @Override protected void write(PatientAlarms a, DataOutput out) throws IOException { a.write(out); }
    @Override protected PatientAlarms read(DataInput in) throws IOException { return PatientAlarms.read(in); }
    @Override public TypeSerializerSnapshot<PatientAlarms> snapshotConfiguration() { return new Snapshot(); }

    public static final class Snapshot extends PieceSerializer.Snapshot<PatientAlarms> {
        public Snapshot() { super(PatientAlarms.VERSION); }
        @Override protected String piece() { return "patient alarm state"; }
        @Override protected int currentLayout() { return PatientAlarms.VERSION; }
        // Every layout from 1 on (the data begins with its own, which PatientAlarms.read checks).
        @Override protected boolean reads(int v) { return v == LEGACY_LAYOUT || (v >= 1 && v <= PatientAlarms.VERSION); }
        @Override protected String readable() { return "1 to " + PatientAlarms.VERSION; }
        @Override public TypeSerializer<PatientAlarms> restoreSerializer() { return new PatientAlarmsSerializer(); }
    }
}
