package org.openholter.core.alarms;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One episode per high-priority alarm, whichever path sees it first. The fast path ({@link FastAlarms}) usually
 * raises first; the window analysis, which sees the same stretch 2–8 s later with more context, then confirms it
 * (an update of the same episode), or raises what the fast path missed. The episode stays raised while either path
 * holds it, and clears once both have let go and the windows have caught up with the fast path's clear, so a late
 * window raise of the same episode never raises it twice. Episodes keep the onset of their first raise (their id).
 * Other alarm types pass through unchanged.
 */
public final class AlarmArbiter {
    /** Slack after the fast path's clear before the windows are taken to have seen the same. */
    static final long CATCH_UP_MICROS = 1_000_000L;

    private static final class Episode {
        long onset;
        boolean fastOn, windowOn, confirmed;
        long fastOffAt = Long.MIN_VALUE;
        double value;
    }

    private final EnumMap<AlarmType, Episode> episodes = new EnumMap<>(AlarmType.class);
    private long windowCoverage = Long.MIN_VALUE;

    static boolean merged(AlarmType t) { return t.priority() == AlarmType.Priority.HIGH; }

    /** A transition of the fast path. */
    public void fast(AlarmTransition t, List<AlarmTransition> out) {
        if (!merged(t.type())) { out.add(t); return; }
        Episode e = episodes.get(t.type());
        if (t.raised()) {
            if (e == null) e = open(t, out);
            e.fastOn = true;
            e.value = t.value();
        } else if (e != null && e.fastOn) {
            e.fastOn = false;
            e.fastOffAt = t.eventMicros();
            close(t.type(), e, t, out);
        }
    }

    /** A transition of the window analysis. */
    public void window(AlarmTransition t, List<AlarmTransition> out) {
        if (!merged(t.type())) { out.add(t); return; }
        Episode e = episodes.get(t.type());
        if (t.raised()) {
            if (e == null) {
                e = open(t, out);
                e.confirmed = true;
            } else if (!e.confirmed) {
                e.confirmed = true;
                out.add(new AlarmTransition(t.type(), AlarmTransition.Step.UPDATE, e.onset, t.eventMicros(), t.value(),
                        "confirmed by the window analysis: " + t.message()));
            }
            e.windowOn = true;
        } else if (e != null && e.windowOn) {
            e.windowOn = false;
            close(t.type(), e, t, out);
        }
    }

    /** The fast path stopped (its stream segment ended at {@code micros}): it holds nothing any more. */
    public void fastEnded(long micros) {
        for (Episode e : episodes.values()) {
            if (e.fastOn) { e.fastOn = false; e.fastOffAt = micros; }
        }
    }

    /** The window analysis has reported everything before {@code micros}: fast episodes it did not hold may end. */
    public void windowsCovered(long micros, List<AlarmTransition> out) {
        windowCoverage = Math.max(windowCoverage, micros);
        for (Map.Entry<AlarmType, Episode> en : List.copyOf(episodes.entrySet())) {
            Episode e = en.getValue();
            close(en.getKey(), e, new AlarmTransition(en.getKey(), false, e.onset, micros, e.value,
                    e.confirmed ? "ended" : "fast detection not confirmed by the window analysis"), out);
        }
    }

    /** A new episode, raised by {@code t} and named by its onset. */
    private Episode open(AlarmTransition t, List<AlarmTransition> out) {
        Episode e = new Episode();
        e.onset = t.onsetMicros();
        episodes.put(t.type(), e);
        out.add(t);
        return e;
    }

    private void close(AlarmType type, Episode e, AlarmTransition cause, List<AlarmTransition> out) {
        if (e.fastOn || e.windowOn) return;
        if (e.fastOffAt != Long.MIN_VALUE && windowCoverage < e.fastOffAt + CATCH_UP_MICROS) return;
        episodes.remove(type);
        out.add(cause.withOnset(e.onset, cause.message()));
    }

    public void writeState(DataOutput o) throws IOException {
        o.writeLong(windowCoverage);
        o.writeInt(episodes.size());
        for (Map.Entry<AlarmType, Episode> en : episodes.entrySet()) {
            Episode e = en.getValue();
            o.writeUTF(en.getKey().name());
            o.writeLong(e.onset);
            o.writeBoolean(e.fastOn);
            o.writeBoolean(e.windowOn);
            o.writeBoolean(e.confirmed);
            o.writeLong(e.fastOffAt);
            o.writeDouble(e.value);
        }
    }

    public void readState(DataInput in) throws IOException {
        windowCoverage = in.readLong();
        episodes.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            AlarmType type = AlarmType.valueOf(in.readUTF());
            Episode e = new Episode();
            e.onset = in.readLong();
            e.fastOn = in.readBoolean();
            e.windowOn = in.readBoolean();
            e.confirmed = in.readBoolean();
            e.fastOffAt = in.readLong();
            e.value = in.readDouble();
            episodes.put(type, e);
        }
    }
}
