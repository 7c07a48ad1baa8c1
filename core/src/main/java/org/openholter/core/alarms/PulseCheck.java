package org.openholter.core.alarms;

import org.openholter.core.pulse.PulseDetector;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Locale;

/**
 * The pulse of a pulsatile channel (PPG or arterial pressure) and what it says about an ECG alarm: a heart in
 * asystole or VF ejects nothing, so pulses of the patient's usual size all through the alarm's span prove it false
 * (noise or a lost ECG signal); a pulse at 50 /min or more refutes an extreme bradycardia (beats were missed); a
 * pulse going on exactly as before and not following a run of "ventricular" beats (slower than the run, or at the
 * pace it kept before it) says the run was drawn by motion. Pulses are found in the fast path's buffer ({@link PulseDetector}) and kept for two minutes with the stretches where they
 * could be believed. Without a believable channel over the whole span, nothing is vetoed.
 */
final class PulseCheck {
    static final long HISTORY_MICROS = 60_000_000L, SETTLE_MICROS = 600_000L;
    /** A pulse counts when at least this share of the patient's usual pulse (median of the minute before). */
    private static final double STRONG = 0.5;
    /** Pulses "all through" a span: no gap longer than this between them or to the span's ends. */
    private static final long MAX_GAP_MICROS = 2_500_000L;
    /** An alarm span shorter than this is judged with the second before it and the pulse's usual pace. */
    private static final long BRIEF_MICROS = 3_000_000L;

    /** A run of ventricular beats under this multiple of the pulse's usual rate keeps the pace the heart had; over this
     *  multiple of the pulse's rate through it, the heart did not follow it. */
    private static final double SAME_PACE = 1.1;

    private final int fs;
    private final ArrayDeque<long[]> pulses = new ArrayDeque<>();   // {time, amplitude in µunits}
    private final ArrayDeque<long[]> readable = new ArrayDeque<>(); // {from, to}, merged
    private long fedUntil = Long.MIN_VALUE;

    PulseCheck(int fs) {
        this.fs = fs;
    }

    /**
     * The pulses found in the channel's last seconds ({@code r}, positions counted from the buffer's first sample at
     * {@code start}, which ends before {@code end}); the stretch counts as readable when its pulses are believable
     * ({@link PulseDetector#GOOD}).
     */
    void onBuffer(PulseDetector.Result r, long start, long end) {
        long from = fedUntil == Long.MIN_VALUE || fedUntil < start ? start : fedUntil, to = end - SETTLE_MICROS;
        if (to <= from) return;
        fedUntil = to;
        if (r.quality() < PulseDetector.GOOD) return;
        for (PulseDetector.Pulse p : r.pulses()) {
            long t = start + Math.round(p.foot() * 1e6 / fs);
            if (t >= from && t < to) pulses.add(new long[] {t, Math.max(1, Math.round(p.amplitude() * 1e6))});
        }
        if (!readable.isEmpty() && readable.peekLast()[1] >= from - 20_000L) readable.peekLast()[1] = to;
        else readable.add(new long[] {from, to});
        while (!pulses.isEmpty() && pulses.peekFirst()[0] < to - 2 * HISTORY_MICROS) pulses.pollFirst();
        while (!readable.isEmpty() && readable.peekFirst()[1] < to - 2 * HISTORY_MICROS) readable.pollFirst();
    }

    /**
     * The usual pulse size (median amplitude, the channel's units) over the 10 s before {@code t}, when at least 4
     * believable pulses lie there; NaN otherwise (no pulse followed, nothing to compare with).
     */
    double recentSize(long t) {
        long[] a = pulses.stream().filter(p -> p[0] < t && p[0] >= t - 10_000_000L).mapToLong(p -> p[1]).sorted().toArray();
        return a.length < 4 ? Double.NaN : a[a.length / 2] / 1e6;
    }

    /** Up to where pulses are final (µs). */
    long fedUntil() { return fedUntil; }

    /** The pulses' feet in [from, to) when the channel was readable over all of it, else null. */
    long[] pulsesOver(long from, long to) {
        if (!readableOver(from, to)) return null;
        return pulses.stream().filter(p -> p[0] >= from && p[0] < to).mapToLong(p -> p[0]).toArray();
    }

    /** Why the pulse contradicts a raise of {@code t} (its span onset … event), or null when it does not or cannot tell. */
    String contradiction(AlarmTransition t) {
        // The last SETTLE_MICROS before a fast raise are not read yet (their peaks are not final): the span ends earlier.
        long to = Math.min(t.eventMicros(), fedUntil);
        long onset = to - t.onsetMicros() < 1_000_000L ? to - 4_000_000L : t.onsetMicros(); // an instant: the 4 s before it
        // A short span (a 5-beat run) holds a pulse or two: look from a second before it, and ask that the pulses keep
        // their usual pace through it, which a true run of fast beats, filling the heart too little, breaks.
        boolean brief = to - onset < BRIEF_MICROS;
        long from = brief ? onset - 1_000_000L : onset;
        if (!readableOver(from, to)) return null;
        if (t.type() == AlarmType.VTACH) return unchanged(from, to, t.value());
        java.util.List<long[]> before = pulses.stream().filter(p -> p[0] < from && p[0] >= from - HISTORY_MICROS).toList();
        long[] usual = before.stream().mapToLong(p -> p[1]).sorted().toArray();
        long[] span = pulses.stream().filter(p -> p[0] >= from && p[0] <= to).mapToLong(p -> p[1]).toArray();
        double reference = usual.length >= 3 ? usual[usual.length / 2] : span.length >= 3 ? Arrays.stream(span).sorted().toArray()[span.length / 2] : Double.NaN;
        if (Double.isNaN(reference)) return null;
        long[] strong = pulses.stream().filter(p -> p[0] >= from && p[0] <= to && p[1] >= STRONG * reference).mapToLong(p -> p[0]).toArray();
        if (strong.length < 2) return null;
        long gap = Math.max(strong[0] - from, to - strong[strong.length - 1]);
        for (int k = 1; k < strong.length; k++) gap = Math.max(gap, strong[k] - strong[k - 1]);
        long maxGap = MAX_GAP_MICROS;
        // Pulses "going on" keep the patient's usual pace: one every 2.5 s is no pulse for a heart that beat at 90.
        if (before.size() >= 4 || brief) {
            if (before.size() < 4) return null;
            long[] intervals = new long[before.size() - 1];
            for (int k = 1; k < before.size(); k++) intervals[k - 1] = before.get(k)[0] - before.get(k - 1)[0];
            Arrays.sort(intervals);
            maxGap = Math.min(MAX_GAP_MICROS, Math.round(1.6 * intervals[intervals.length / 2]));
        }
        if (gap > maxGap) return null;
        double bpm = 60e6 * (strong.length - 1) / (strong[strong.length - 1] - strong[0]);
        String pulse = String.format(Locale.ROOT, "pulse goes on at %.0f /min", bpm);
        return switch (t.type()) {
            case ASYSTOLE, VFIB -> pulse;
            case EXTREME_BRADY -> bpm >= 50 ? pulse : null;
            default -> null;
        };
    }

    /**
     * For a run of ventricular beats at {@code runBpm}: the pulse went on through {@code [from, to]} exactly as in the half minute before
     * (every interval within −25 % / +33 % of the usual one, every pulse within 60–160 % of the usual size, none
     * missing). A true run of fast beats changes the pulse (weak or extra pulses, a missing one: the heart fills too
     * little); a run drawn by motion on the ECG leaves it as it was: slower than the run, or at the pace it kept.
     */
    private String unchanged(long from, long to, double runBpm) {
        java.util.List<long[]> before = pulses.stream().filter(p -> p[0] < from && p[0] >= from - 30_000_000L).toList();
        if (before.size() < 5) return null;
        long[] intervals = new long[before.size() - 1];
        for (int k = 1; k < before.size(); k++) intervals[k - 1] = before.get(k)[0] - before.get(k - 1)[0];
        long usualInterval = Arrays.stream(intervals).sorted().toArray()[intervals.length / 2];
        long usualSize = before.stream().mapToLong(p -> p[1]).sorted().toArray()[before.size() / 2];
        java.util.List<long[]> span = pulses.stream().filter(p -> p[0] >= from && p[0] <= to).toList();
        if (span.size() < 2) return null;
        long previous = before.get(before.size() - 1)[0];
        for (long[] p : span) {
            long d = p[0] - previous;
            if (d < 0.75 * usualInterval || d > 1.33 * usualInterval || p[1] < 0.6 * usualSize || p[1] > 1.6 * usualSize) return null;
            previous = p[0];
        }
        if (to - previous > 1.33 * usualInterval) return null;
        // A pulse as fast as the run is the run's own (a VT that perfuses, going on for a while): no artefact. The run
        // was drawn by motion when the pulse stayed well slower than it (under 3/4 of its rate before it, or over 10 %
        // slower through it), or when the run keeps the very pace the pulse had before it (within 10 %): then the heart
        // went on as it was and only the ECG's drawing of its beats changed, as a VT, which takes over faster, does not.
        double usualBpm = 60e6 / usualInterval;
        double throughBpm = 60e6 * span.size() / (previous - before.get(before.size() - 1)[0]);
        boolean slower = usualBpm < 0.75 * runBpm || throughBpm * SAME_PACE < runBpm;
        if (!slower && !(runBpm < SAME_PACE * usualBpm)) return null;
        return String.format(Locale.ROOT, "pulse goes on unchanged at %.0f /min", 60e6 / usualInterval);
    }

    private boolean readableOver(long from, long to) {
        for (long[] r : readable) if (r[0] <= from + 20_000L && r[1] >= to - 20_000L) return true;
        return false;
    }

    void write(DataOutput o) throws IOException {
        o.writeLong(fedUntil);
        for (ArrayDeque<long[]> q : java.util.List.of(pulses, readable)) {
            o.writeInt(q.size());
            for (long[] p : q) { o.writeLong(p[0]); o.writeLong(p[1]); }
        }
    }

    void read(DataInput in) throws IOException {
        fedUntil = in.readLong();
        for (ArrayDeque<long[]> q : java.util.List.of(pulses, readable)) {
            q.clear();
            int n = in.readInt();
            for (int i = 0; i < n; i++) q.add(new long[] {in.readLong(), in.readLong()});
        }
    }
}
