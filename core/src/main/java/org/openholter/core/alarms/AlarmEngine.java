package org.openholter.core.alarms;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Per-patient rhythm alarms over the stream of beats, after the ICU definitions (PhysioNet/CinC 2015): asystole (no
 * QRS for 4 s), extreme bradycardia (&lt; 40 bpm over 5 consecutive beats) and extreme tachycardia (&gt; 140 bpm over
 * 17 consecutive beats), whatever the rhythm (AF and flutter included). "The rate over N consecutive beats" is their
 * mean rate, 60·(N−1) / (time from the first to the last), as a monitor averages it: an irregular fast AF is an extreme
 * tachycardia when its mean is, although some of its intervals are slower.
 *
 * <p>Two rules are raised sooner than the definitions' letter, because the bedside monitors whose alarms experts
 * judged true did so (measured on the CinC 2015 half, docs/benchmarks/alarms.md): an extreme tachycardia when the
 * mean over the last {@value #TACHY_BEATS} beats is over 140 bpm (true alarms were raised after 8 to 14 fast beats;
 * waiting for 17 missed one in six), and an asystole after {@value #ASYSTOLE_MICROS} µs without a QRS up to the last
 * final sample, which lies 0.4 s behind the newest one, so that the silence up to the newest sample is then about
 * 3.9 s (true alarms were raised 3.5 to 4 s into the silence). They clear with hysteresis (45 bpm, 130 bpm). Each
 * episode raises once and clears once; stretches of unusable signal (and holes between stretches) neither raise nor
 * clear anything and break the beat sequences, so that noise or a lead-off is never taken for an arrest. They do not
 * restart an asystole's silence either: the silence is the readable time without a QRS since the last beat, the
 * unreadable time between left out ({@link #checkAsystole}); what a stretch's beats are worth
 * ({@link Evidence}: trusted ECG leads, the pulse, or QRS-like events only) says which of the rules they feed. Fed in
 * time order; all times are the device's clock.
 */
public final class AlarmEngine {
    /** Silence (µs, up to the last final sample) that raises an asystole. */
    public static final long ASYSTOLE_MICROS = 3_500_000L;
    private static final int BRADY_BEATS = 5;
    /** Beats whose mean rate raises an extreme tachycardia. */
    private static final int TACHY_BEATS = 9;
    /** Beats kept: the displayed rate's 12 intervals (the state's layout holds 17). */
    private static final int RING = 17;
    private static final double BRADY_BPM = 40, BRADY_CLEAR_BPM = 45;
    private static final double TACHY_BPM = 140, TACHY_CLEAR_BPM = 130;
    private static final int RESUMED_BEATS = 3;
    private static final long RESUMED_MAX_RR = 2_500_000L;

    private final long[] ring = new long[RING];
    private int ringCount;          // consecutive beats in the ring (reset by unusable signal)
    private long reference = Long.MIN_VALUE; // last beat, or start of usable signal when no beat since
    private boolean referenceIsBeat;
    private final EnumMap<AlarmType, Long> active = new EnumMap<>(AlarmType.class);
    private int resumed;            // regular beats since an asystole began to end
    private long coveredUntil = Long.MIN_VALUE; // end of the last stretch seen
    private long unseen;            // unreadable time (µs) since the reference: not part of the silence
    /**
     * Unreadable time after which a silence is measured afresh (µs): beyond it the silence seen before is too old to
     * join the one seen after.
     */
    static final long MAX_UNSEEN_MICROS = 10_000_000L;

    public Map<AlarmType, Long> active() { return active; }

    /** Silence (µs, up to the last final sample) that raises an asystole when the pulse stopped too. */
    public static final long ASYSTOLE_NO_PULSE_MICROS = 3_000_000L;
    private boolean pulseStopped;

    /**
     * Whether a pulsatile channel shows, for the stretches fed next, that the pulse stopped with the last beat: an
     * asystole is then raised after {@link #ASYSTOLE_NO_PULSE_MICROS} rather than {@link #ASYSTOLE_MICROS} of silence.
     * Not part of the state: the caller says it before every stretch.
     */
    public void pulseStopped(boolean stopped) { pulseStopped = stopped; }

    /**
     * Forgets a raise (it was vetoed): a condition still there raises again. An asystole is measured again from now,
     * a rate over the beats still to come.
     */
    public void forget(AlarmType type) {
        if (active.remove(type) == null) return;
        if (type == AlarmType.ASYSTOLE) {
            resumed = 0;
            if (coveredUntil != Long.MIN_VALUE) { reference = coveredUntil; referenceIsBeat = false; unseen = 0; }
        } else {
            ringCount = 0;
        }
    }

    /**
     * The heart rate as a bedside monitor shows it (and as IEC 60601-2-27 asks a monitor to disclose): the mean of the
     * last 12 RR intervals, or of the last 4 when those are longer than 1.2 s on average (a slow rhythm is shown without
     * waiting 12 beats); NaN with fewer than 2 consecutive beats or during asystole.
     */
    public double heartRateBpm() {
        if (ringCount < 2 || active.containsKey(AlarmType.ASYSTOLE)) return Double.NaN;
        int k = Math.min(4, ringCount - 1);
        double mean = (beatAgo(0) - beatAgo(k)) / (double) k;
        if (mean <= 1_200_000) {
            k = Math.min(12, ringCount - 1);
            mean = (beatAgo(0) - beatAgo(k)) / (double) k;
        }
        return 60e6 / mean;
    }

    /**
     * Consumes one reported stretch {@code [fromMicros, toMicros)}: its beats (R-peak times, in order)
     * and whether the signal was usable there.
     */
    public void onStretch(long fromMicros, long toMicros, long[] beats, boolean usable, List<AlarmTransition> out) {
        onStretch(fromMicros, toMicros, beats, usable ? Evidence.ECG : Evidence.NONE, out);
    }

    /** What a stretch's beats are worth. */
    public enum Evidence {
        /** Beats of ECG leads that can be trusted: asystole and the rates. */
        ECG,
        /**
         * Pulses (their feet moved back by the transit time): the rates, never an asystole (a pulse sensor that loses
         * its pulses has far more often slipped than the heart stopped).
         */
        PULSE,
        /**
         * Every QRS-like event of ECG leads that carry a signal but whose beats cannot be counted for sure (or of
         * flat ones with the electrodes on: none): whether there is any beat at all (asystole), not the rates.
         */
        QRS_ONLY,
        /** Nothing readable: neither raises nor clears, and breaks the beat sequences. */
        NONE
    }

    public void onStretch(long fromMicros, long toMicros, long[] beats, Evidence evidence, List<AlarmTransition> out) {
        boolean hole = Math.abs(fromMicros - coveredUntil) > 20_000L; // lost or skipped signal in between
        if (hole && coveredUntil != Long.MIN_VALUE && fromMicros > coveredUntil) unseen(fromMicros - coveredUntil, fromMicros);
        coveredUntil = toMicros;
        if (evidence == Evidence.NONE) {
            ringCount = 0;
            resumed = 0;
            unseen(toMicros - fromMicros, toMicros);
            return;
        }
        if (reference == Long.MIN_VALUE || (hole && fromMicros < reference)) {
            reference = fromMicros;
            referenceIsBeat = false;
            unseen = 0;
        }
        if (hole) ringCount = 0;
        boolean asystoleEvidence = evidence != Evidence.PULSE;
        for (long t : beats) {
            if (asystoleEvidence) checkAsystole(t, out);
            onBeat(t, evidence != Evidence.QRS_ONLY, out);
        }
        if (evidence == Evidence.QRS_ONLY) ringCount = 0; // events, not countable beats: no rate from them
        if (asystoleEvidence) checkAsystole(toMicros, out);
        else if (!referenceIsBeat || toMicros - reference - unseen >= ASYSTOLE_MICROS) {
            // No beat here to measure from: the silence is not an ECG's, start the sequences afresh.
            reference = toMicros;
            referenceIsBeat = false;
            unseen = 0;
            ringCount = 0;
        }
    }

    /**
     * Unreadable time up to {@code until}: left out of the silence, which goes on across it (a heart that stopped
     * just before or during lost signal is alarmed once the readable silence is long enough), unless there has been
     * more than {@link #MAX_UNSEEN_MICROS} of it, when the silence is measured afresh from {@code until}.
     */
    private void unseen(long micros, long until) {
        if (reference == Long.MIN_VALUE) return; // nothing readable yet: the first readable stretch starts the silence
        unseen += Math.max(0, micros);
        if (unseen > MAX_UNSEEN_MICROS) {
            reference = until;
            referenceIsBeat = false;
            unseen = 0;
        }
    }

    /**
     * A beat of trusted ECG leads found only after the stretch holding it was consumed (a detector's search back finds
     * a missed beat once the next one shows it overdue): taken in when it lies after the last beat, within the last
     * stretch consumed, and no asystole is sounding. Without it the missed beat's gap would read as a slow rate.
     * Returns whether it was taken.
     */
    public boolean lateBeat(long t, List<AlarmTransition> out) {
        if (!referenceIsBeat || t <= reference || t >= coveredUntil || active.containsKey(AlarmType.ASYSTOLE)) return false;
        onBeat(t, true, out);
        return true;
    }

    /**
     * Raises asystole if the readable silence since the reference (the time since it, the unreadable time left out)
     * reaches {@link #ASYSTOLE_MICROS} before {@code now}. With no hidden beat, an unreadable stretch inside a silence
     * only delays the alarm; a beat hidden there leaves two parts of intervals, each shorter than its interval, so
     * joining them raises falsely only where two intervals together last 3.5 s or more (a rate under about 35 bpm).
     */
    private void checkAsystole(long now, List<AlarmTransition> out) {
        if (active.containsKey(AlarmType.ASYSTOLE)) return;
        long silence = pulseStopped && referenceIsBeat ? ASYSTOLE_NO_PULSE_MICROS : ASYSTOLE_MICROS;
        if (now - reference - unseen >= silence) {
            long onset = reference;
            active.put(AlarmType.ASYSTOLE, onset);
            resumed = 0;
            String what = referenceIsBeat ? "no QRS for %.1f s after the last beat" : "no QRS for %.1f s of usable signal";
            if (silence < ASYSTOLE_MICROS) what += ", and no pulse";
            if (unseen > 0) what += String.format(java.util.Locale.ROOT, " (%.1f s unreadable between)", unseen / 1e6);
            out.add(new AlarmTransition(AlarmType.ASYSTOLE, true, onset, onset + unseen + silence, silence / 1e6,
                    String.format(java.util.Locale.ROOT, what, silence / 1e6)));
            // Rates over the pause are meaningless: start the beat sequences afresh.
            ringCount = 0;
        }
    }

    private void onBeat(long t, boolean countable, List<AlarmTransition> out) {
        long previous = reference;
        boolean previousIsBeat = referenceIsBeat;
        reference = t;
        referenceIsBeat = true;
        unseen = 0;
        Long asystole = active.get(AlarmType.ASYSTOLE);
        if (asystole != null) {
            resumed = previousIsBeat && t - previous <= RESUMED_MAX_RR ? resumed + 1 : 1;
            if (resumed >= RESUMED_BEATS) {
                active.remove(AlarmType.ASYSTOLE);
                out.add(new AlarmTransition(AlarmType.ASYSTOLE, false, asystole, t, 0, "beats resumed"));
            }
        }
        push(t);
        if (countable && !active.containsKey(AlarmType.ASYSTOLE)) {
            rate(AlarmType.EXTREME_BRADY, BRADY_BEATS, out);
            rate(AlarmType.EXTREME_TACHY, TACHY_BEATS, out);
        }
    }

    private void rate(AlarmType type, int beats, List<AlarmTransition> out) {
        if (ringCount < beats) return;
        long last = beatAgo(0), first = beatAgo(beats - 1);
        double bpm = 60e6 * (beats - 1) / (last - first);
        Long onset = active.get(type);
        boolean brady = type == AlarmType.EXTREME_BRADY;
        if (onset == null) {
            if (brady ? bpm < BRADY_BPM : bpm > TACHY_BPM) {
                active.put(type, first);
                out.add(new AlarmTransition(type, true, first, last, bpm,
                        String.format("%.0f bpm over %d beats", bpm, beats)));
            }
        } else if (brady ? bpm >= BRADY_CLEAR_BPM : bpm <= TACHY_CLEAR_BPM) {
            active.remove(type);
            out.add(new AlarmTransition(type, false, onset, last, bpm, String.format("%.0f bpm", bpm)));
        }
    }

    private void push(long t) {
        System.arraycopy(ring, 1, ring, 0, ring.length - 1);
        ring[ring.length - 1] = t;
        ringCount = Math.min(ringCount + 1, ring.length);
    }

    private long beatAgo(int k) { return ring[ring.length - 1 - k]; }

    /** The layout {@link #writeState} writes: 2 adds the unseen time of the silence to layout 1. */
    public static final int STATE_LAYOUT = 2;

    public void writeState(DataOutput out) throws IOException {
        for (long v : ring) out.writeLong(v);
        out.writeInt(ringCount);
        out.writeLong(reference);
        out.writeBoolean(referenceIsBeat);
        out.writeInt(resumed);
        out.writeLong(coveredUntil);
        out.writeInt(active.size());
        for (Map.Entry<AlarmType, Long> e : active.entrySet()) {
            out.writeUTF(e.getKey().name());
            out.writeLong(e.getValue());
        }
        out.writeLong(unseen);
    }

    /** Reads the current layout. */
    public void readState(DataInput in) throws IOException {
        readState(in, STATE_LAYOUT);
    }

    /** Reads layout {@code layout} (1: before the unseen time, which starts at 0). */
    public void readState(DataInput in, int layout) throws IOException {
        if (layout < 1 || layout > STATE_LAYOUT) throw new IOException("alarm engine state layout " + layout + " (this build reads 1-" + STATE_LAYOUT + ")");
        for (int i = 0; i < ring.length; i++) ring[i] = in.readLong();
        ringCount = in.readInt();
        reference = in.readLong();
        referenceIsBeat = in.readBoolean();
        resumed = in.readInt();
        coveredUntil = in.readLong();
        active.clear();
        int n = in.readInt();
        for (int i = 0; i < n; i++) active.put(AlarmType.valueOf(in.readUTF()), in.readLong());
        unseen = layout >= 2 ? in.readLong() : 0;
    }
}
