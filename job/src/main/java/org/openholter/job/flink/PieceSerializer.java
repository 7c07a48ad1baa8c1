package org.openholter.job.flink;

import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Keyed-state serializer for one piece of a patient, delegating to the piece's own versioned binary form (each value
 * starts with its layout number, so one serializer reads every layout its piece still has a reader for). With the
 * heap state backend it runs at checkpoints, and to copy a value touched while an asynchronous snapshot is written.
 */
public abstract class PieceSerializer<T> extends TypeSerializerSingleton<T> {
    private static final long serialVersionUID = 1L;

    /** Writes a value (its layout first). */
    protected abstract void write(T value, DataOutput out) throws IOException;

    /** Reads a value of any layout this build reads. */
    protected abstract T read(DataInput in) throws IOException;

    @Override public boolean isImmutableType() { return false; }
    @Override public T createInstance() { return null; }
    @Override public int getLength() { return -1; }

    @Override
    public T copy(T from) {
        try {
            ByteArrayOutputStream b = new ByteArrayOutputStream(8 * 1024);
            write(from, new DataOutputStream(b));
            return read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override public T copy(T from, T reuse) { return copy(from); }
    @Override public void serialize(T record, DataOutputView target) throws IOException { write(record, target); }
    @Override public T deserialize(DataInputView source) throws IOException { return read(source); }
    @Override public T deserialize(T reuse, DataInputView source) throws IOException { return deserialize(source); }
    @Override public void copy(DataInputView source, DataOutputView target) throws IOException { serialize(deserialize(source), target); }

    /**
     * The serializer's snapshot, kept with every checkpoint and savepoint: it records the piece's layout, so that a
     * restore decides before reading any patient whether this build can read them (an older layout it has a reader
     * for: read, and written back in the current layout; a newer or forgotten one: refused at once, naming both
     * versions, rather than failing midway through the patients). Snapshot version 4 carries the layout; 3 is
     * release 0.1.0's ({@code SimpleTypeSerializerSnapshot}, no payload), which only the whole-patient serializer wrote.
     */
    public abstract static class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private static final Logger LOG = LoggerFactory.getLogger(Snapshot.class);
        static final int VERSION = 4, LEGACY_VERSION = 3;
        /** The layout of a 0.1.0 snapshot, which did not record it. */
        static final int LEGACY_LAYOUT = -1;
        private int layout;

        protected Snapshot(int currentLayout) { this.layout = currentLayout; }

        /** What the piece is called in messages. */
        protected abstract String piece();
        /** The layout this build writes. */
        protected abstract int currentLayout();
        /** True when this build reads layout {@code v} ({@link #LEGACY_LAYOUT}: a 0.1.0 snapshot's); by default only the current one. */
        protected boolean reads(int v) { return v == currentLayout(); }
        /** Its layouts in messages, e.g. "8 to 11". */
        protected String readable() { return String.valueOf(currentLayout()); }

        /** The layout the snapshotted serializer wrote ({@link #LEGACY_LAYOUT} for release 0.1.0). */
        public int layout() { return layout; }

        @Override public int getCurrentVersion() { return VERSION; }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeInt(layout);
        }

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader) throws IOException {
            switch (readVersion) {
                case LEGACY_VERSION -> layout = LEGACY_LAYOUT;
                case VERSION -> layout = in.readInt();
                default -> throw new IOException(piece() + " serializer snapshot version " + readVersion
                        + ": written by a newer release (this build reads " + LEGACY_VERSION + " and " + VERSION + ")");
            }
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(TypeSerializerSnapshot<T> old) {
            if (!(old instanceof Snapshot<T> s) || !s.getClass().equals(getClass())) {
                LOG.error("{} was written by another serializer ({}): cannot restore it", piece(), old.getClass().getName());
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            int v = s.layout;
            if (v == currentLayout()) return TypeSerializerSchemaCompatibility.compatibleAsIs();
            if (reads(v)) {
                LOG.info("{} in layout {} is read and written back in layout {}", piece(), v == LEGACY_LAYOUT ? "of 0.1.0" : v, currentLayout());
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            LOG.error("{} in layout {}: this build reads layouts {} (a newer release wrote it, or one too old to read)", piece(), v, readable());
            return TypeSerializerSchemaCompatibility.incompatible();
        }

        @Override public boolean equals(Object o) { return o != null && o.getClass().equals(getClass()) && ((Snapshot<?>) o).layout == layout; }
        @Override public int hashCode() { return getClass().hashCode() * 31 + layout; }
    }
}
