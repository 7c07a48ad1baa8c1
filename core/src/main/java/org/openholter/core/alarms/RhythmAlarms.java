package org.openholter.core.alarms;

import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * The alarms read from the analysed stretches' layers, after {@link AlarmEngine}'s rate and asystole rules: VFIB (4 s
 * of VF in the rhythm layer), VTACH (from the beat classes, or 4 s of ventricular rhythm in the rhythm layer), RUN_PVC, COUPLET and BIGEMINY (from the beat classes), PAUSE (RR over the limit),
 * HR_HIGH / HR_LOW (the stretch's rate beyond the patient's limits for 10 s), QTC_LONG (the stretches' QTc over its
 * limit for a minute). AFIB comes from the AF episodes ({@link #afEpisode}). Every rule is gated by signal quality:
 * an unusable stretch neither raises nor clears, and breaks beat sequences. Each episode raises once and clears once.
 */
public final class RhythmAlarms {
    /** Per-patient limits. */
    public record Limits(double pauseS, double hrHighBpm, double hrLowBpm, double qtcLongMs) implements java.io.Serializable {
        public static final Limits DEFAULT = new Limits(3.0, 120, 50, 500);

        /** These limits with those {@code partial} sets (null: none) replaced. */
        public Limits with(org.openholter.wire.AlarmCommand.Limits partial) {
            if (partial == null) return this;
            return new Limits(partial.pauseSeconds() != null ? partial.pauseSeconds() : pauseS,
                    partial.hrHighBpm() != null ? partial.hrHighBpm() : hrHighBpm,
                    partial.hrLowBpm() != null ? partial.hrLowBpm() : hrLowBpm,
                    partial.qtcMs() != null ? partial.qtcMs() : qtcLongMs);
        }
    }

    static final long VF_MICROS = 4_000_000L, HR_MICROS = 10_000_000L, QTC_MICROS = 60_000_000L;
    private static final int VT_BEATS = 5, BIGEMINY_CYCLES = 3;
    private static final double VT_BPM = 100, HR_HYSTERESIS_BPM = 5, QTC_HYSTERESIS_MS = 20;

    private Limits limits;
    private final ActiveAlarms active = new ActiveAlarms();
    private long vfSince = Long.MIN_VALUE, hrHighSince = Long.MIN_VALUE, hrLowSince = Long.MIN_VALUE, qtcSince = Long.MIN_VALUE;
    private long lastBeat = Long.MIN_VALUE;
    private char lastLabel;
    private int vRun;                 // consecutive ventricular beats so far
    private long vRunStart, vRunPrevBeat;
    private double vRunRrSum;
    private int bigeminy;             // consecutive N-V pairs
    private long bigeminyStart;
    private long lastVfEnd = Long.MIN_VALUE;

    public RhythmAlarms(Limits limits) {
        this.limits = limits;
    }

    public Map<AlarmType, Long> active() { return active.view(); }

    /** The patient's limits from now on. */
    public void limits(Limits l) { this.limits = l; }

    public Limits limits() { return limits; }

    /**
     * One reported stretch [from, to): its beats (times, MIT labels), the rhythm layer's runs (positions in samples of
     * the stretch at {@code fs}), its rate and median QTc (NaN unknown), and whether the signal was usable.
     */
    public void onStretch(long from, long to, long[] beats, char[] labels, List<Event> rhythmRuns, int fs, double bpm, double qtcMs,
                          boolean usable, List<AlarmTransition> out) {
        if (!usable) {
            lastBeat = Long.MIN_VALUE;
            vRun = 0;
            bigeminy = 0;
            vfSince = hrHighSince = hrLowSince = qtcSince = Long.MIN_VALUE;
            return;
        }
        vf(from, rhythmRuns, fs, bpm, out);
        for (int k = 0; k < beats.length; k++) beat(beats[k], labels[k], out);
        sustained(AlarmType.HR_HIGH, bpm > limits.hrHighBpm(), bpm < limits.hrHighBpm() - HR_HYSTERESIS_BPM, from, to, HR_MICROS, bpm, "%.0f bpm", out);
        sustained(AlarmType.HR_LOW, bpm < limits.hrLowBpm(), bpm > limits.hrLowBpm() + HR_HYSTERESIS_BPM, from, to, HR_MICROS, bpm, "%.0f bpm", out);
        sustained(AlarmType.QTC_LONG, qtcMs > limits.qtcLongMs(), qtcMs < limits.qtcLongMs() - QTC_HYSTERESIS_MS, from, to, QTC_MICROS, qtcMs,
                "QTc %.0f ms", out);
    }

    /** An AF episode began ({@code end} MIN_VALUE) or ended. */
    public void afEpisode(long onset, long end, List<AlarmTransition> out) {
        if (end == Long.MIN_VALUE) active.raise(AlarmType.AFIB, onset, onset + 30_000_000L, 30, "atrial fibrillation for 30 s", out);
        else active.clear(AlarmType.AFIB, end, (end - onset) / 1e6, "AF episode ended", out);
    }

    /**
     * VF and ventricular rhythm in the rhythm layer, taken as one run (VT that degenerates into VF, or VF the layer
     * sees as organised for a stretch, is one lethal episode): after {@link #VF_MICROS} of it, VFIB while the layer says
     * VF, VTACH while it says ventricular. The layer's VT catches VT whose wide complexes the beat classes miss; VTACH
     * from the beats still runs as before. {@code vfSince} set means such a run is going on.
     */
    private void vf(long from, List<Event> runs, int fs, double bpm, List<AlarmTransition> out) {
        for (Event e : runs) {
            long a = from + e.start() * 1_000_000L / fs, b = from + e.end() * 1_000_000L / fs;
            boolean fib = e.cls() == Layers.VF;
            if (fib || e.cls() == Layers.VENTRICULAR) {
                if (vfSince == Long.MIN_VALUE || a - lastVfEnd > 20_000L) vfSince = a; // a new run
                lastVfEnd = b;
                if (b - vfSince < VF_MICROS) continue;
                if (fib) {
                    active.raise(AlarmType.VFIB, vfSince, vfSince + VF_MICROS, (b - vfSince) / 1e6, "ventricular fibrillation / flutter for 4 s", out);
                } else {
                    if (active.isActive(AlarmType.VFIB)) active.clear(AlarmType.VFIB, a, (b - vfSince) / 1e6, "VF turned into an organised ventricular rhythm", out);
                    active.raise(AlarmType.VTACH, vfSince, vfSince + VF_MICROS, bpm, String.format(java.util.Locale.ROOT,
                            "ventricular tachycardia for 4 s (rhythm layer, %.0f bpm)", bpm), out);
                }
            } else {
                vfSince = Long.MIN_VALUE;
                if (active.isActive(AlarmType.VFIB)) active.clear(AlarmType.VFIB, a, 0, "VF ended", out);
                // VTACH not held by a run of ventricular beats was the rhythm layer's.
                if (active.isActive(AlarmType.VTACH) && vRun < VT_BEATS) active.clear(AlarmType.VTACH, a, 0, "ventricular rhythm ended", out);
            }
        }
    }

    private void beat(long t, char label, List<AlarmTransition> out) {
        boolean linked = lastBeat != Long.MIN_VALUE;
        double rrS = linked ? (t - lastBeat) / 1e6 : Double.NaN;
        if (linked && rrS > limits.pauseS()) {
            active.raise(AlarmType.PAUSE, lastBeat, t, rrS, String.format(java.util.Locale.ROOT, "pause of %.1f s", rrS), out);
            active.clear(AlarmType.PAUSE, t, rrS, "beats resumed", out);
        }
        boolean v = label == 'V';
        if (v) {
            if (vRun == 0 || !linked) { vRun = 0; vRunStart = t; vRunRrSum = 0; }
            else vRunRrSum += rrS;
            vRun++;
            double rate = vRun > 1 ? 60 * (vRun - 1) / vRunRrSum : Double.NaN;
            if (vRun >= VT_BEATS && rate > VT_BPM) {
                active.raise(AlarmType.VTACH, vRunStart, t, rate, String.format(java.util.Locale.ROOT, "%d ventricular beats at %.0f bpm", vRun, rate), out);
            }
        } else {
            if (vRun >= 1) endRun(t, out);
            vRun = 0;
        }
        // Bigeminy: N V N V N V …: a V after an N adds a cycle, an N after a V keeps it going, anything else ends it.
        if (linked && v && normal(lastLabel)) {
            if (bigeminy == 0) bigeminyStart = lastBeat;
            bigeminy++;
            if (bigeminy >= BIGEMINY_CYCLES) active.raise(AlarmType.BIGEMINY, bigeminyStart, t, bigeminy, "ventricular bigeminy", out);
        } else if (!(linked && normal(label) && lastLabel == 'V')) {
            active.clear(AlarmType.BIGEMINY, t, bigeminy, "bigeminy ended", out);
            bigeminy = 0;
        }
        lastBeat = t;
        lastLabel = label;
        vRunPrevBeat = t;
    }

    /** A run of ventricular beats ended at the beat at {@code t}: couplet, short run, or the end of VTACH. */
    private void endRun(long t, List<AlarmTransition> out) {
        if (active.isActive(AlarmType.VTACH)) {
            // While the rhythm layer calls the rhythm ventricular, VTACH is its to clear.
            if (vfSince == Long.MIN_VALUE) active.clear(AlarmType.VTACH, t, vRun, "ventricular run ended", out);
        }
        else if (vRun == 2) {
            active.raise(AlarmType.COUPLET, vRunStart, vRunPrevBeat, 2, "ventricular couplet", out);
            active.clear(AlarmType.COUPLET, t, 2, "couplet over", out);
        } else if (vRun >= 3) {
            active.raise(AlarmType.RUN_PVC, vRunStart, vRunPrevBeat, vRun, vRun + " ventricular beats in a row", out);
            active.clear(AlarmType.RUN_PVC, t, vRun, "run over", out);
        }
    }

    private static boolean normal(char c) { return c == 'N' || c == 'L' || c == 'R' || c == 'e' || c == 'j'; }

    /** A condition that must hold for {@code holdMicros} of usable stretches to raise, and its clear condition. */
    private void sustained(AlarmType type, boolean on, boolean off, long from, long to, long holdMicros, double value, String format,
                           List<AlarmTransition> out) {
        long since = switch (type) {
            case HR_HIGH -> hrHighSince;
            case HR_LOW -> hrLowSince;
            default -> qtcSince;
        };
        if (on) {
            if (since == Long.MIN_VALUE) since = from;
            if (to - since >= holdMicros) active.raise(type, since, to, value, String.format(java.util.Locale.ROOT, format, value), out);
        } else {
            since = Long.MIN_VALUE;
            if (off && active.isActive(type)) active.clear(type, to, value, String.format(java.util.Locale.ROOT, format, value), out);
        }
        switch (type) {
            case HR_HIGH -> hrHighSince = since;
            case HR_LOW -> hrLowSince = since;
            default -> qtcSince = since;
        }
    }



    public void writeState(DataOutput o) throws IOException {
        active.write(o);
        for (long v : new long[] {vfSince, hrHighSince, hrLowSince, qtcSince, lastBeat, vRunStart, vRunPrevBeat, bigeminyStart, lastVfEnd}) o.writeLong(v);
        o.writeChar(lastLabel);
        o.writeInt(vRun);
        o.writeDouble(vRunRrSum);
        o.writeInt(bigeminy);
    }

    public void readState(DataInput in) throws IOException {
        active.read(in);
        vfSince = in.readLong(); hrHighSince = in.readLong(); hrLowSince = in.readLong(); qtcSince = in.readLong();
        lastBeat = in.readLong(); vRunStart = in.readLong(); vRunPrevBeat = in.readLong(); bigeminyStart = in.readLong(); lastVfEnd = in.readLong();
        lastLabel = in.readChar();
        vRun = in.readInt();
        vRunRrSum = in.readDouble();
        bigeminy = in.readInt();
    }
}
