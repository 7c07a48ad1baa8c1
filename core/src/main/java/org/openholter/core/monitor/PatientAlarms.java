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
    /** The layout {@link #write} writes; {@link #read} reads it (and later releases keep a reader for it). */
    public static final int VERSION = 1;

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
        if (v != VERSION) throw new IOException("patient alarm state layout " + v + " (this build reads " + VERSION + ")");
        PatientAlarms a = new PatientAlarms();
        a.readBody(in);
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

    void readBody(DataInput in) throws IOException {
        engine.readState(in);
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
