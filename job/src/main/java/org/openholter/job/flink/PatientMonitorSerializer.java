package org.openholter.job.flink;

import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.openholter.core.monitor.PatientMonitor;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Keyed-state serializer for {@link PatientMonitor}, delegating to its own versioned binary form.
 * With the heap state backend it runs only at checkpoints, not per record.
 */
public final class PatientMonitorSerializer extends TypeSerializerSingleton<PatientMonitor> {
    private static final long serialVersionUID = 1L;

    @Override public boolean isImmutableType() { return false; }
    @Override public PatientMonitor createInstance() { return null; }
    @Override public int getLength() { return -1; }

    @Override
    public PatientMonitor copy(PatientMonitor from) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(16 * 1024);
            from.writeState(new DataOutputStream(b));
            return PatientMonitor.readState(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public PatientMonitor copy(PatientMonitor from, PatientMonitor reuse) { return copy(from); }

    @Override
    public void serialize(PatientMonitor record, DataOutputView target) throws IOException {
        record.writeState(target);
    }

    @Override
    public PatientMonitor deserialize(DataInputView source) throws IOException {
        return PatientMonitor.readState(source);
    }

    @Override
    public PatientMonitor deserialize(PatientMonitor reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    @Override
    public TypeSerializerSnapshot<PatientMonitor> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Serializer snapshot; the binary form carries its own version. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<PatientMonitor> {
        public Snapshot() {
            super(PatientMonitorSerializer::new);
        }
    }
}
