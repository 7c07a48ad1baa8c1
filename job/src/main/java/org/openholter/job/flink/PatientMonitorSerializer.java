package org.openholter.job.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.openholter.core.monitor.PatientMonitor;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The whole patient in one value: how releases up to 0.1.0 kept it (state {@code "patient"}). The job now keeps the
 * patient in three pieces ({@link PatientStreamSerializer}, {@link PatientAlarmsSerializer},
 * {@link PatientTrackersSerializer}) and reads this state only to move a patient of an earlier release into them.
 */
public final class PatientMonitorSerializer extends PieceSerializer<PatientMonitor> {
    private static final long serialVersionUID = 1L;

    @Override protected void write(PatientMonitor m, DataOutput out) throws IOException { m.writeState(out); }
    @Override protected PatientMonitor read(DataInput in) throws IOException { return PatientMonitor.readState(in); }
    @Override public TypeSerializerSnapshot<PatientMonitor> snapshotConfiguration() { return new Snapshot(); }

    /** Its snapshot (the class name 0.1.0 wrote, so that its savepoints find it). */
    public static final class Snapshot extends PieceSerializer.Snapshot<PatientMonitor> {
        public Snapshot() { super(PatientMonitor.STATE_VERSION); }
        @Override protected String piece() { return "patient state"; }
        @Override protected int currentLayout() { return PatientMonitor.STATE_VERSION; }
        @Override protected boolean reads(int v) { return v == LEGACY_LAYOUT || PatientMonitor.readsStateVersion(v); }
        @Override protected String readable() { return PatientMonitor.OLDEST_READABLE_VERSION + " to " + PatientMonitor.STATE_VERSION; }
        @Override public TypeSerializer<PatientMonitor> restoreSerializer() { return new PatientMonitorSerializer(); }
    }
}
