package org.openholter.core.alarms;

import org.openholter.core.analysis.SignalQuality;
import org.openholter.core.beats.QrsDetector;
import org.openholter.core.rhythm.RhythmDetector;
import org.openholter.core.rhythm.VfFeatures;
import org.openholter.core.signal.ChannelKind;
import org.openholter.core.signal.QualityEstimator;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The fast path of the high-priority alarms: detectors that run on the samples as they arrive, so that an arrest is
 * alarmed seconds after it can be known rather than when the next 10-s window (2–8 s later) is analysed.
 *
 * <p>Every second, the last 6 s of ECG received are checked with the same tools as the windows, using only samples
 * already received: quality per lead, QRS detection on all usable leads together, and the VF features of the clearest
 * lead's buffered seconds. Beats are passed on once 0.4 s old (no later sample can move or remove them) to an
 * {@link AlarmEngine} (asystole, extreme rates); clear VF features in three consecutive checks raise VFIB, and
 * regular fast complexes with the same ventricular features in two consecutive checks raise VTACH. A pulsatile channel (PPG / arterial
 * pressure), when the device sends one, is followed too: its pulse can veto an alarm ({@link #pulseContradiction}).
 * The window analysis confirms, upgrades or clears what this raises ({@link AlarmArbiter}).
 */
public final class FastAlarms {
    static final double BUFFER_S = 6, STEP_S = 1, SETTLE_S = 0.4, VF_SEGMENT_S = 6;
    /** Consecutive checks that raise VFIB, and VTACH (whose rule is narrower: regular, fast, unlike the usual complex). */
    private static final int VENTRICULAR_CHECKS = 3, VT_CHECKS = 2;
    private static final double VF_LEAKAGE = 0.85, VF_MAX_CONSISTENCY = 0.8, VT_MAX_RR_S = 0.6, VT_MAX_USUAL_LIKENESS = 0.7;
    private static final ConcurrentHashMap<Integer, QrsDetector> DETECTORS = new ConcurrentHashMap<>();
    private static final ConcurrentHashMap<Integer, QualityEstimator> ESTIMATORS = new ConcurrentHashMap<>();

    private final int fs;
    private final int[] ecg;        // channel indices of the ECG leads
    private final int[] pulsatile;  // channel indices of the PPG / pressure channels
    private final RhythmDetector.Thresholds vf = RhythmDetector.Thresholds.DEFAULT;
    private final float[][] buf;    // last BUFFER_S of every channel
    private final int[] flags;      // lead-off bits per buffered sample
    private int len, sinceCheck;
    private long anchorMicros = Long.MIN_VALUE, sinceAnchor; // time of the sample after the last: anchor + sinceAnchor / fs
    private QrsDetector.State qrs = new QrsDetector.State();
    private final AlarmEngine engine = new AlarmEngine();
    private final PulseCheck pulse;
    private long fedUntil = Long.MIN_VALUE, lastBeat = Long.MIN_VALUE;
    private int vfChecks, vtChecks, calmChecks;
    private long vfOnset = Long.MIN_VALUE, vtOnset = Long.MIN_VALUE;
    private boolean vfOn, vtOn;
    private float[] usualShape;      // the patient's usual complex (±100 ms), learnt from calm regular stretches

    /** One per stream segment: {@code channels} names the frame's channels, and says which are pulsatile. */
    public FastAlarms(int fs, String[] channels) {
        this.fs = fs;
        this.ecg = java.util.stream.IntStream.range(0, channels.length).filter(c -> ChannelKind.of(channels[c]) == ChannelKind.ECG).toArray();
        // The pulse is read from the first arterial pressure channel if there is one (a PPG is more easily fooled by motion), else the first PPG.
        this.pulsatile = java.util.stream.IntStream.range(0, channels.length).filter(c -> ChannelKind.of(channels[c]) == ChannelKind.PULSATILE)
                .boxed().sorted(java.util.Comparator.comparing((Integer c) -> !ChannelKind.isArterial(channels[c]))).mapToInt(Integer::intValue).toArray();
        int cap = (int) Math.round(BUFFER_S * fs);
        buf = new float[channels.length][cap];
        flags = new int[cap];
        pulse = new PulseCheck(fs);
    }

    /** The high-priority alarms raised now by this path. */
    public java.util.Map<AlarmType, Long> active() {
        java.util.EnumMap<AlarmType, Long> m = new java.util.EnumMap<>(AlarmType.class);
        m.putAll(engine.active());
        if (vfOn) m.put(AlarmType.VFIB, vfOnset);
        if (vtOn) m.put(AlarmType.VTACH, vtOnset);
        return m;
    }

    /** The heart rate the alarms use now ({@link AlarmEngine#heartRateBpm()}); NaN when there is none. */
    public double heartRateBpm() { return engine.heartRateBpm(); }

    private long endMicros() { return anchorMicros + Math.round(sinceAnchor * 1e6 / fs); }

    /**
     * {@code n} new samples per channel at the analysis rate ({@code data[c][0..n)}, NaN where lost), the first taken
     * at {@code firstMicros} (or {@link Long#MIN_VALUE}: right after the previous ones).
     */
    public void append(float[][] data, int n, int leadOffBits, long firstMicros, List<AlarmTransition> out) {
        if (firstMicros != Long.MIN_VALUE) {
            if (anchorMicros != Long.MIN_VALUE && Math.abs(firstMicros - endMicros()) > 2e6 / fs) len = 0; // a hole: start afresh
            anchorMicros = firstMicros;
            sinceAnchor = 0;
        }
        if (anchorMicros == Long.MIN_VALUE) return;
        int cap = flags.length, done = 0;
        while (done < n) {
            int take = Math.min(n - done, Math.max(1, (int) Math.round(STEP_S * fs) - sinceCheck));
            if (len + take > cap) {
                int drop = len + take - cap;
                for (float[] ch : buf) System.arraycopy(ch, drop, ch, 0, len - drop);
                System.arraycopy(flags, drop, flags, 0, len - drop);
                len -= drop;
            }
            for (int c = 0; c < buf.length; c++) System.arraycopy(data[c], done, buf[c], len, take);
            Arrays.fill(flags, len, len + take, leadOffBits);
            len += take;
            done += take;
            sinceAnchor += take;
            sinceCheck += take;
            if (sinceCheck >= Math.round(STEP_S * fs)) {
                sinceCheck = 0;
                check(out);
            }
        }
    }

    /** One check over the buffered seconds. */
    private void check(List<AlarmTransition> out) {
        if (len < 2 * fs) return;
        long end = endMicros(), start = end - Math.round(len * 1e6 / fs), settled = end - Math.round(SETTLE_S * 1e6);
        if (pulsatile.length > 0) {
            float[] x = Arrays.copyOf(buf[pulsatile[0]], len);
            for (int i = 0; i < len; i++) if ((flags[i] & (1 << pulsatile[0])) != 0) x[i] = Float.NaN; // sensor off: unreadable
            pulse.onBuffer(x, start, end);
        }
        if (ecg.length == 0) return;
        QualityEstimator qe = ESTIMATORS.computeIfAbsent(fs, QualityEstimator::new);
        float[][] leads = new float[ecg.length][];
        boolean[] use = new boolean[ecg.length];
        int[] leadFlags = new int[len];
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < len; i++) {
            int bits = 0;
            for (int k = 0; k < ecg.length; k++) if ((flags[i] & (1 << ecg[k])) != 0) bits |= 1 << k;
            leadFlags[i] = bits;
        }
        for (int k = 0; k < ecg.length; k++) {
            leads[k] = Arrays.copyOf(buf[ecg[k]], len);
            SignalQuality q = qe.assess(leads[k], leadFlags, k);
            use[k] = q.usable();
            if (use[k] && q.score() > bestScore) { bestScore = q.score(); best = k; }
        }
        boolean usable = best >= 0;
        long from = fedUntil == Long.MIN_VALUE || fedUntil < start ? start : fedUntil;
        List<Long> beats = new ArrayList<>();
        long[] all = new long[0];
        if (usable) {
            int[] peaks = DETECTORS.computeIfAbsent(fs, QrsDetector::new).detect(leads, use, qrs).peaks();
            all = new long[peaks.length];
            for (int k = 0; k < peaks.length; k++) {
                long t = start + Math.round(peaks[k] * 1e6 / fs);
                all[k] = t;
                if (t >= from && t < settled && (lastBeat == Long.MIN_VALUE || t - lastBeat >= 200_000L)) { beats.add(t); lastBeat = t; }
            }
        }
        if (settled > from) {
            List<AlarmTransition> raw = new ArrayList<>(1);
            engine.onStretch(from, settled, beats.stream().mapToLong(Long::longValue).toArray(), usable, raw);
            fedUntil = settled;
            out.addAll(raw);
        }
        ventricular(usable ? leads[best] : null, all, end, out);
    }

    /**
     * VF features in the clearest lead's buffered 6 s, stricter than the windows' (leakage under 0.85 rather than
     * 0.94) and held for 3 consecutive checks: a one-second check sees a VF-like stretch far more often than a 6-s
     * stride does, so only clear VF is left to this path and the windows handle the rest. Complexes of one repeated
     * shape (mean correlation with their median over 0.8) are an organised rhythm, not VF; when they are also regular
     * and fast (RR under 0.6 s) with the same ventricular features, and unlike the patient's usual complex (learnt
     * from calm regular stretches under 100 bpm; correlation 0.7 or less), they raise VTACH (in two consecutive checks). Chosen on MIT-BIH DS1 and VFDB
     * (docs/benchmarks/alarms.md).
     */
    private void ventricular(float[] lead, long[] beats, long end, List<AlarmTransition> out) {
        int seg = (int) Math.round(VF_SEGMENT_S * fs);
        boolean vfLike = false, vtLike = false;
        long segStart = end - Math.round(VF_SEGMENT_S * 1e6);
        if (lead != null && lead.length >= seg) {
            float[] x = Arrays.copyOfRange(lead, lead.length - seg, lead.length);
            VfFeatures f = VfFeatures.of(x, fs);
            if (f.leakage() < VF_LEAKAGE && f.bandFraction() > vf.vfBand() && f.peakToPeakMv() > vf.vfMinPeakToPeakMv()) {
                double meanRr = RhythmDetector.regularMeanRr(beats, segStart, 4);
                if (Double.isNaN(meanRr)) vfLike = !(shapeConsistency(x, beats, segStart, 0.05) > VF_MAX_CONSISTENCY);
                else if (meanRr < VT_MAX_RR_S && shapeConsistency(x, beats, segStart, 0.1) > 0) vtLike = usualShape != null && !(correlation(medianComplex, usualShape) > VT_MAX_USUAL_LIKENESS);
            } else if (shapeConsistency(x, beats, segStart, 0.1) > 0.9 && RhythmDetector.regularMeanRr(beats, segStart, 4) >= VT_MAX_RR_S) {
                // A calm, regular rhythm under 100 bpm of one shape: learn the patient's usual complex.
                if (usualShape == null) usualShape = medianComplex.clone();
                else for (int i = 0; i < usualShape.length; i++) usualShape[i] = 0.9f * usualShape[i] + 0.1f * medianComplex[i];
            }
        }
        vfChecks = vfLike ? vfChecks + 1 : 0;
        vtChecks = vtLike ? vtChecks + 1 : 0;
        calmChecks = vfLike || vtLike ? 0 : calmChecks + 1;
        long onsetGuess = end - Math.round(VF_SEGMENT_S * 1e6 / 2); // the features turn once about half the segment is VF
        if (vfChecks == 1) vfOnset = onsetGuess;
        if (vtChecks == 1) vtOnset = onsetGuess;
        if (vfChecks >= VENTRICULAR_CHECKS && !vfOn) {
            AlarmTransition t = new AlarmTransition(AlarmType.VFIB, true, vfOnset, end, (end - vfOnset) / 1e6, "ventricular fibrillation / flutter (fast detector)");
            vfOn = true;
            out.add(t);
        }
        if (vtChecks >= VT_CHECKS && !vtOn) {
            AlarmTransition t = new AlarmTransition(AlarmType.VTACH, true, vtOnset, end, (end - vtOnset) / 1e6, "regular wide fast complexes (fast detector)");
            vtOn = true;
            out.add(t);
        }
        if (calmChecks >= VENTRICULAR_CHECKS || lead == null) {
            if (vfOn) out.add(new AlarmTransition(AlarmType.VFIB, false, vfOnset, end, 0, "VF features gone"));
            if (vtOn) out.add(new AlarmTransition(AlarmType.VTACH, false, vtOnset, end, 0, "ventricular features gone"));
            vfOn = vtOn = false;
            if (lead == null) vfChecks = vtChecks = 0;
        }
    }

    /**
     * Mean correlation of the complexes ({@code ±halfS} around each detection) with their sample-wise median, which is
     * left in {@link #medianComplex}; NaN under 3 complexes.
     */
    private transient float[] medianComplex;

    private double shapeConsistency(float[] x, long[] beats, long segStart, double halfS) {
        int half = (int) Math.round(halfS * fs), w = 2 * half + 1;
        List<float[]> cx = new ArrayList<>();
        for (long t : beats) {
            int p = (int) Math.round((t - segStart) * fs / 1e6);
            if (p - half >= 0 && p + half < x.length) cx.add(Arrays.copyOfRange(x, p - half, p + half + 1));
        }
        if (cx.size() < 3) return Double.NaN;
        float[] median = new float[w], col = new float[cx.size()];
        for (int i = 0; i < w; i++) {
            for (int k = 0; k < col.length; k++) col[k] = cx.get(k)[i];
            Arrays.sort(col);
            median[i] = col[col.length / 2];
        }
        medianComplex = median;
        double sum = 0;
        for (float[] c : cx) sum += correlation(c, median);
        return sum / cx.size();
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) { ma += a[i]; mb += b[i]; }
        ma /= a.length;
        mb /= b.length;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += (a[i] - ma) * (b[i] - mb);
            aa += (a[i] - ma) * (a[i] - ma);
            bb += (b[i] - mb) * (b[i] - mb);
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /**
     * Why this patient's pulsatile channel contradicts a raise of a high-priority alarm (see {@link PulseCheck}), or null
     * (no such channel, not readable over the alarm's span, or no contradiction).
     */
    public String pulseContradiction(AlarmTransition t) {
        return pulsatile.length == 0 ? null : pulse.contradiction(t);
    }

    public void writeState(DataOutput o) throws IOException {
        o.writeInt(buf.length);
        o.writeInt(len);
        for (float[] ch : buf) for (int i = 0; i < len; i++) o.writeFloat(ch[i]);
        for (int i = 0; i < len; i++) o.writeInt(flags[i]);
        o.writeInt(sinceCheck);
        o.writeLong(anchorMicros);
        o.writeLong(sinceAnchor);
        qrs.write(o);
        engine.writeState(o);
        for (long v : new long[] {fedUntil, lastBeat, vfOnset, vtOnset}) o.writeLong(v);
        o.writeInt(vfChecks);
        o.writeInt(vtChecks);
        o.writeInt(calmChecks);
        o.writeBoolean(vfOn);
        o.writeBoolean(vtOn);
        pulse.write(o);
        o.writeInt(usualShape == null ? -1 : usualShape.length);
        if (usualShape != null) for (float v : usualShape) o.writeFloat(v);
    }

    public void readState(DataInput in) throws IOException {
        if (in.readInt() != buf.length) throw new IOException("fast alarm state for another channel count");
        len = in.readInt();
        for (float[] ch : buf) for (int i = 0; i < len; i++) ch[i] = in.readFloat();
        for (int i = 0; i < len; i++) flags[i] = in.readInt();
        sinceCheck = in.readInt();
        anchorMicros = in.readLong();
        sinceAnchor = in.readLong();
        qrs = QrsDetector.State.read(in);
        engine.readState(in);
        fedUntil = in.readLong(); lastBeat = in.readLong(); vfOnset = in.readLong(); vtOnset = in.readLong();
        vfChecks = in.readInt();
        vtChecks = in.readInt();
        calmChecks = in.readInt();
        vfOn = in.readBoolean();
        vtOn = in.readBoolean();
        pulse.read(in);
        int u = in.readInt();
        usualShape = u < 0 ? null : new float[u];
        for (int i = 0; i < Math.max(0, u); i++) usualShape[i] = in.readFloat();
    }
}
