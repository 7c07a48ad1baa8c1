package org.openholter.job.flink;

import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.openholter.core.monitor.PatientMonitor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    /**
     * The serializer's snapshot, kept with every checkpoint and savepoint: it records the layout of the patient state
     * written ({@link PatientMonitor#STATE_VERSION}), so that a restore decides before reading any patient whether this
     * build can read them (an older layout it has a reader for: read, and written back in the current layout; a newer
     * or forgotten one: refused at once, naming both versions, rather than failing midway through the patients).
     *
     * <p>Snapshot versions: 3 was written by release 0.1.0 ({@code SimpleTypeSerializerSnapshot}, no payload; its
     * patients are in layout 8–10, each state carrying its own layout number); 4 adds the layout.
     */
    public static final class Snapshot implements TypeSerializerSnapshot<PatientMonitor> {
        private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);
        static final int VERSION = 4, LEGACY_VERSION = 3;
        /** The layout of a 0.1.0 snapshot, which did not record it: one of 8–10. */
        static final int LEGACY_LAYOUT = -1;
        private int stateVersion = PatientMonitor.STATE_VERSION;

        public Snapshot() {}

        Snapshot(int stateVersion) { this.stateVersion = stateVersion; }

        /** The patient-state layout the snapshotted serializer wrote ({@link #LEGACY_LAYOUT} for release 0.1.0). */
        public int stateVersion() { return stateVersion; }

        @Override public int getCurrentVersion() { return VERSION; }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(stateVersion);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            switch (readVersion) {
                case LEGACY_VERSION -> stateVersion = LEGACY_LAYOUT;
                case VERSION -> stateVersion = in.readInt();
                default -> throw new IOException("patient state serializer snapshot version " + readVersion
                        + ": written by a newer release (this build reads " + LEGACY_VERSION + " and " + VERSION + ")");
            }
        }

        @Override public TypeSerializer<PatientMonitor> restoreSerializer() { return new PatientMonitorSerializer(); }

        @Override
        public TypeSerializerSchemaCompatibility<PatientMonitor> resolveSchemaCompatibility(TypeSerializerSnapshot<PatientMonitor> old) {
            if (!(old instanceof Snapshot s)) {
                LOG.error("patient state was written by another serializer ({}): cannot restore it", old.getClass().getName());
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            int v = s.stateVersion;
            if (v == PatientMonitor.STATE_VERSION) return TypeSerializerSchemaCompatibility.compatibleAsIs();
            if (v == LEGACY_LAYOUT || PatientMonitor.readsStateVersion(v)) {
                LOG.info("patient state in layout {} is read and written back in layout {}", v == LEGACY_LAYOUT ? "8-10" : v, PatientMonitor.STATE_VERSION);
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            LOG.error("patient state in layout {}: this build reads layouts {} to {} (a newer release wrote it, or one too old to read)",
                    v, PatientMonitor.OLDEST_READABLE_VERSION, PatientMonitor.STATE_VERSION);
            return TypeSerializerSchemaCompatibility.incompatible();
        }

        @Override public boolean equals(Object o) { return o instanceof Snapshot s && s.stateVersion == stateVersion; }
        @Override public int hashCode() { return stateVersion; }
    }
}
