package org.openholter.core.monitor;

import org.openholter.core.alarms.AlarmArbiter;
import org.openholter.core.alarms.AlarmBook;
import org.openholter.core.alarms.AlarmEngine;
import org.openholter.core.alarms.RhythmAlarms;
import org.openholter.core.alarms.TechnicalAlarms;
import org.openholter.wire.AlarmCommand;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * One piece of a patient's state: the alarm pipeline of the windows (rates, rhythm, technical alarms), the arbiter
 * that merges them with the fast path's, the book of open alarms (latching, escalation, acknowledgement) and the limits
 * the nurses set. Kept apart from the stream ({@link PatientMonitor}) and the trackers ({@link PatientTrackers}) so
 * that each is stored, copied and versioned on its own.
 */
public final class PatientAlarms {
    /**
     * The layout {@link #write} writes; {@link #read} reads it and the ones before (1: the rate engine without the
     * unseen time of a silence, {@link AlarmEngine#STATE_LAYOUT} 1).
     */
    public static final int VERSION = 2;

    final AlarmEngine engine = new AlarmEngine();
    final RhythmAlarms rhythm = new RhythmAlarms(RhythmAlarms.Limits.DEFAULT);
    final TechnicalAlarms technical = new TechnicalAlarms();
    final AlarmArbiter arbiter = new AlarmArbiter();
    final AlarmBook book = new AlarmBook();
    /** The limits set for this patient by LIMITS commands (over the ward's); null fields: the ward's. */
    AlarmCommand.Limits limitsSet;

    public void write(DataOutput o) throws IOException {
        o.writeInt(VERSION);
        writeBody(o);
    }

    public static PatientAlarms read(DataInput in) throws IOException {
        int v = in.readInt();
        if (v < 1 || v > VERSION) throw new IOException("patient alarm state layout " + v + " (this build reads 1-" + VERSION + ")");
        PatientAlarms a = new PatientAlarms();
        a.readBody(in, v);
        return a;
    }

    /** The fields, in the order patient state layouts 8–10 also kept them. */
    void writeBody(DataOutput o) throws IOException {
        engine.writeState(o);
        rhythm.writeState(o);
        technical.writeState(o);
        arbiter.writeState(o);
        book.write(o);
        o.writeBoolean(limitsSet != null);
        if (limitsSet != null) {
            byte[] json = org.openholter.wire.Json.MAPPER.writeValueAsBytes(limitsSet);
            o.writeInt(json.length);
            o.write(json);
        }
    }

    /** Reads the fields of layout {@code version} (patient state layouts 8–10 held layout 1's). */
    void readBody(DataInput in, int version) throws IOException {
        engine.readState(in, version >= 2 ? AlarmEngine.STATE_LAYOUT : 1);
        rhythm.readState(in);
        technical.readState(in);
        arbiter.readState(in);
        book.read(in);
        if (in.readBoolean()) {
            byte[] json = new byte[in.readInt()];
            in.readFully(json);
            limitsSet = org.openholter.wire.Json.MAPPER.readValue(json, AlarmCommand.Limits.class);
        }
    }
}
