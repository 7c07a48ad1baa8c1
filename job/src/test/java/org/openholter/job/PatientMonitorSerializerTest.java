package org.openholter.job;

import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.job.flink.PatientAlarmsSerializer;
import org.openholter.job.flink.PatientMonitorSerializer;
import org.openholter.job.flink.PatientStreamSerializer;
import org.openholter.job.flink.PatientTrackersSerializer;
import org.openholter.job.flink.PieceSerializer;

import java.io.IOException;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The patient-state serializers' snapshots decide, before any patient is read, whether a checkpoint or savepoint can be
 * restored by this build: the current layout as is, an older one it reads after migration, anything else refused.
 */
class PatientMonitorSerializerTest {

    /** The snapshot as Flink keeps it in a checkpoint: class name, version, payload; read back by this build. */
    private static TypeSerializerSnapshot<PatientMonitor> roundTrip(TypeSerializerSnapshot<PatientMonitor> s) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, s);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()), PatientMonitorSerializerTest.class.getClassLoader());
    }

    private static TypeSerializerSchemaCompatibility<PatientMonitor> resolve(TypeSerializerSnapshot<PatientMonitor> old) {
        return new PatientMonitorSerializer().snapshotConfiguration().resolveSchemaCompatibility(old);
    }

    /** What release 0.1.0 wrote: its snapshot class (the same name) at SimpleTypeSerializerSnapshot's version 3, no payload. */
    private static byte[] release010Snapshot() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(PatientMonitorSerializer.Snapshot.class.getName());
        out.writeInt(3);
        return out.getCopyOfBuffer();
    }

    @Test
    void currentLayout_isCompatibleAsIs_andRecordsItsLayout() throws IOException {
        TypeSerializerSnapshot<PatientMonitor> read = roundTrip(new PatientMonitorSerializer().snapshotConfiguration());
        assertThat(((PatientMonitorSerializer.Snapshot) read).layout()).isEqualTo(PatientMonitor.STATE_VERSION);
        assertThat(resolve(read).isCompatibleAsIs()).isTrue();
        assertThat(read.restoreSerializer()).isInstanceOf(PatientMonitorSerializer.class);
    }

    @Test
    void release010Snapshot_isReadAndMigrated() throws IOException {
        TypeSerializerSnapshot<PatientMonitor> read = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(release010Snapshot()), PatientMonitorSerializerTest.class.getClassLoader());
        assertThat(resolve(read).isCompatibleAfterMigration()).isTrue();
    }

    @Test
    void olderReadableLayout_isMigrated_newerOrForgottenOnes_areRefusedBeforeReadingPatients() throws IOException {
        for (int v = PatientMonitor.OLDEST_READABLE_VERSION; v < PatientMonitor.STATE_VERSION; v++) {
            assertThat(resolve(roundTrip(snapshotOfLayout(v))).isCompatibleAfterMigration()).as("layout %d", v).isTrue();
        }
        assertThat(resolve(roundTrip(snapshotOfLayout(PatientMonitor.STATE_VERSION + 1))).isIncompatible()).isTrue();
        assertThat(resolve(roundTrip(snapshotOfLayout(PatientMonitor.OLDEST_READABLE_VERSION - 1))).isIncompatible()).isTrue();
    }

    @Test
    void snapshotOfANewerRelease_isRefusedWithItsVersion() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(PatientMonitorSerializer.Snapshot.class.getName());
        out.writeInt(99);
        out.writeInt(PatientMonitor.STATE_VERSION);
        assertThatThrownBy(() -> TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()), PatientMonitorSerializerTest.class.getClassLoader()))
                .hasMessageContaining("version 99").hasMessageContaining("newer release");
    }

    /** A snapshot recording layout {@code v}, written the way the serializer writes its own. */
    private static TypeSerializerSnapshot<PatientMonitor> snapshotOfLayout(int v) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeUTF(PatientMonitorSerializer.Snapshot.class.getName());
        out.writeInt(new PatientMonitorSerializer.Snapshot().getCurrentVersion());
        out.writeInt(v);
        return TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()), PatientMonitorSerializerTest.class.getClassLoader());
    }

    @Test
    void everyPiece_recordsItsLayout_andRefusesANewerOne() throws IOException {
        List<PieceSerializer<?>> pieces = List.of(new PatientStreamSerializer(), new PatientAlarmsSerializer(), new PatientTrackersSerializer());
        for (PieceSerializer<?> p : pieces) check(p);
    }

    private static <T> void check(PieceSerializer<T> serializer) throws IOException {
        TypeSerializerSnapshot<T> current = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, current);
        TypeSerializerSnapshot<T> read = TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(out.getCopyOfBuffer()),
                PatientMonitorSerializerTest.class.getClassLoader());
        int layout = ((PieceSerializer.Snapshot<T>) read).layout();
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(read).isCompatibleAsIs()).as(serializer.getClass().getSimpleName()).isTrue();
        DataOutputSerializer newer = new DataOutputSerializer(64);
        newer.writeUTF(current.getClass().getName());
        newer.writeInt(current.getCurrentVersion());
        newer.writeInt(layout + 1);
        TypeSerializerSnapshot<T> future = TypeSerializerSnapshot.readVersionedSnapshot(new DataInputDeserializer(newer.getCopyOfBuffer()),
                PatientMonitorSerializerTest.class.getClassLoader());
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(future).isIncompatible()).as(serializer.getClass().getSimpleName()).isTrue();
        // Another piece's snapshot is never taken for this one's.
        TypeSerializerSnapshot<?> other = new PatientMonitorSerializer().snapshotConfiguration();
        @SuppressWarnings("unchecked") TypeSerializerSnapshot<T> wrong = (TypeSerializerSnapshot<T>) other;
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(wrong).isIncompatible()).isTrue();
    }
}
