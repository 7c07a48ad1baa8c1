package org.openholter.core.monitor;

import org.openholter.core.analysis.AnalyzerState;
import org.openholter.core.analysis.WindowAnalyzer;
import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.rhythm.AfTracker;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * One piece of a patient's state: what the window analysis carries from window to window (the analyzer's own state:
 * thresholds, the patient's dominant beat, the rhythm layer's memory), the last reported beat, heart-rate variability
 * and AF burden. Only a window changes it (every 6 s), so a frame that cuts no window leaves it untouched: it is read,
 * copied and written only when a window is analysed.
 */
public final class PatientTrackers {
    /** The layout {@link #write} writes; {@link #read} reads it (and later releases keep a reader for it). */
    public static final int VERSION = 1;

    String analyzerName;
    AnalyzerState analyzerState;
    byte[] analyzerStateBytes;  // restored but not yet bound to an analyzer
    long lastBeatMicros = Long.MIN_VALUE;
    HrvTracker hrv = new HrvTracker();
    AfTracker af = new AfTracker();

    /**
     * Decodes the analyzer's state for {@code a} (restored bytes), or starts it afresh: a state written by another
     * analyzer is dropped rather than misread.
     */
    void bind(WindowAnalyzer a, String deviceId) {
        if (analyzerState != null && a.name().equals(analyzerName)) return;
        if (analyzerStateBytes != null && a.name().equals(analyzerName)) {
            try {
                analyzerState = a.readState(new DataInputStream(new ByteArrayInputStream(analyzerStateBytes)));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + analyzerName + " state of " + deviceId, e);
            }
        } else {
            analyzerState = a.newState();
        }
        analyzerName = a.name();
        analyzerStateBytes = null;
    }

    public void write(DataOutput o) throws IOException {
        o.writeInt(VERSION);
        writeAnalyzer(o);
        writeRest(o);
    }

    public static PatientTrackers read(DataInput in) throws IOException {
        int v = in.readInt();
        if (v != VERSION) throw new IOException("patient tracker state layout " + v + " (this build reads " + VERSION + ")");
        PatientTrackers t = new PatientTrackers();
        t.readAnalyzer(in);
        t.readRest(in);
        return t;
    }

    /** The analyzer's state (name and bytes), where patient state layouts 8–10 kept it (before the alarms). */
    void writeAnalyzer(DataOutput o) throws IOException {
        byte[] as = analyzerStateBytes;
        if (analyzerState != null) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            analyzerState.write(new DataOutputStream(b));
            as = b.toByteArray();
        }
        o.writeUTF(analyzerName == null ? "" : analyzerName);
        o.writeInt(as == null ? -1 : as.length);
        if (as != null) o.write(as);
    }

    void readAnalyzer(DataInput in) throws IOException {
        analyzerName = in.readUTF();
        int len = in.readInt();
        analyzerState = null;
        analyzerStateBytes = null;
        if (len >= 0) {
            analyzerStateBytes = new byte[len];
            in.readFully(analyzerStateBytes);
        }
    }

    /** The last beat, HRV and AF, where layouts 8–10 kept them (after the alarms). */
    void writeRest(DataOutput o) throws IOException {
        o.writeLong(lastBeatMicros);
        hrv.write(o);
        af.write(o);
    }

    void readRest(DataInput in) throws IOException {
        lastBeatMicros = in.readLong();
        hrv = HrvTracker.read(in);
        af = AfTracker.read(in);
    }
}
