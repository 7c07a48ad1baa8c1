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
 * window raise of the same episode never raises it twice. A released episode is held for {@link #HOLD_MICROS} before
 * it clears: a condition that comes back within that time (VT interrupted by a few beats the analysis calls normal, VF
 * that briefly looks organised) continues the episode rather than sounding a new alarm every few seconds. Episodes
 * keep the onset of their first raise (their id). Other alarm types pass through unchanged.
 */
public final class AlarmArbiter {
    /** Slack after the fast path's clear before the windows are taken to have seen the same. */
    static final long CATCH_UP_MICROS = 1_000_000L;
    /** How long an episode both paths have let go of stays raised, waiting for its condition to come back. */
    public static final long HOLD_MICROS = 10_000_000L;

    private static final class Episode {
        long onset;
        boolean fastOn, windowOn, confirmed;
        long fastOffAt = Long.MIN_VALUE, windowOffAt = Long.MIN_VALUE;
        /** Both paths let go and the windows caught up: the episode clears at {@code releasedAt + HOLD_MICROS}. */
        long releasedAt = Long.MIN_VALUE;
        String releaseMessage;
        double value;
    }

    private final EnumMap<AlarmType, Episode> episodes = new EnumMap<>(AlarmType.class);
    private long windowCoverage = Long.MIN_VALUE;

    static boolean merged(AlarmType t) { return t.priority() == AlarmType.Priority.HIGH; }

    /**
     * Types the fast path decides alone, on every lead and the pulse together ({@link FastAlarms}); the windows, which
     * see one analysed lead's beats, only confirm them.
     */
    static final java.util.Set<AlarmType> FAST_DECIDES = java.util.EnumSet.of(AlarmType.ASYSTOLE, AlarmType.EXTREME_BRADY, AlarmType.EXTREME_TACHY);

    /** A transition of the fast path. */
    public void fast(AlarmTransition t, List<AlarmTransition> out) {
        if (!merged(t.type())) { out.add(t); return; }
        Episode e = episodes.get(t.type());
        if (t.raised()) {
            if (e != null && e.releasedAt != Long.MIN_VALUE && t.eventMicros() >= e.releasedAt + HOLD_MICROS) {
                clear(t.type(), e, e.releasedAt + HOLD_MICROS, out); // its hold passed before the windows got there
                e = null;
            }
            if (e == null) e = open(t, out);
            e.fastOn = true;
            e.releasedAt = Long.MIN_VALUE;
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
            if (e == null && FAST_DECIDES.contains(t.type())) return;
            if (e == null) {
                e = open(t, out);
                e.confirmed = true;
            } else if (!e.confirmed) {
                e.confirmed = true;
                out.add(new AlarmTransition(t.type(), AlarmTransition.Step.UPDATE, e.onset, t.eventMicros(), t.value(),
                        "confirmed by the window analysis: " + t.message()));
            }
            e.windowOn = true;
            e.releasedAt = Long.MIN_VALUE;
        } else if (e != null && e.windowOn) {
            e.windowOn = false;
            e.windowOffAt = t.eventMicros();
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
        expire(micros, out);
    }

    /** Released episodes whose hold has passed by {@code micros} clear (the windows have seen the whole hold). */
    private void expire(long micros, List<AlarmTransition> out) {
        for (Map.Entry<AlarmType, Episode> en : List.copyOf(episodes.entrySet())) {
            Episode e = en.getValue();
            if (e.releasedAt != Long.MIN_VALUE && micros >= e.releasedAt + HOLD_MICROS) clear(en.getKey(), e, e.releasedAt + HOLD_MICROS, out);
        }
    }

    /** The stream segment ended at {@code micros} and its windows are all reported: held episodes clear now. */
    public void segmentEnded(long micros, List<AlarmTransition> out) {
        for (Map.Entry<AlarmType, Episode> en : List.copyOf(episodes.entrySet())) {
            Episode e = en.getValue();
            if (e.releasedAt != Long.MIN_VALUE) clear(en.getKey(), e, Math.max(e.releasedAt, Math.min(micros, e.releasedAt + HOLD_MICROS)), out);
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

    /** Releases the episode once neither path holds it and the windows have seen the fast path's clear. */
    private void close(AlarmType type, Episode e, AlarmTransition cause, List<AlarmTransition> out) {
        if (e.fastOn || e.windowOn || e.releasedAt != Long.MIN_VALUE) return;
        if (e.fastOffAt != Long.MIN_VALUE && windowCoverage < e.fastOffAt + CATCH_UP_MICROS) return;
        // The condition ended when the last path let go, not when the windows caught up.
        long off = Math.max(e.fastOffAt, e.windowOffAt);
        e.releasedAt = off == Long.MIN_VALUE ? cause.eventMicros() : Math.min(off, cause.eventMicros());
        e.releaseMessage = cause.message();
        expire(windowCoverage, out);
    }

    private void clear(AlarmType type, Episode e, long atMicros, List<AlarmTransition> out) {
        episodes.remove(type);
        out.add(new AlarmTransition(type, false, e.onset, atMicros, e.value, e.releaseMessage));
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
            o.writeLong(e.windowOffAt);
            o.writeLong(e.releasedAt);
            o.writeUTF(e.releaseMessage == null ? "" : e.releaseMessage);
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
            e.windowOffAt = in.readLong();
            e.releasedAt = in.readLong();
            e.releaseMessage = in.readUTF();
            e.value = in.readDouble();
            episodes.put(type, e);
        }
    }
}
