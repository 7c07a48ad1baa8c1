package org.openholter.job.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.openholter.core.monitor.PatientTrackers;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/** The patient's trackers piece: the analyzer's state, the last beat, HRV and AF burden (changed only by windows). */
public final class PatientTrackersSerializer extends PieceSerializer<PatientTrackers> {
    private static final long serialVersionUID = 1L;

    @Override protected void write(PatientTrackers t, DataOutput out) throws IOException { t.write(out); }
    @Override protected PatientTrackers read(DataInput in) throws IOException { return PatientTrackers.read(in); }
    @Override public TypeSerializerSnapshot<PatientTrackers> snapshotConfiguration() { return new Snapshot(); }

    public static final class Snapshot extends PieceSerializer.Snapshot<PatientTrackers> {
        public Snapshot() { super(PatientTrackers.VERSION); }
        @Override protected String piece() { return "patient tracker state"; }
        @Override protected int currentLayout() { return PatientTrackers.VERSION; }
        @Override public TypeSerializer<PatientTrackers> restoreSerializer() { return new PatientTrackersSerializer(); }
    }
}
