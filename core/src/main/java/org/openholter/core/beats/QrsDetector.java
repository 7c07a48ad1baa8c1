package org.openholter.core.beats;

import org.openholter.core.signal.Filters;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Classic QRS detector after Pan and Tompkins (1985): 5–15 Hz band-pass, derivative, squaring,
 * 150-ms integration, adaptive signal/noise thresholds, search-back for missed beats and T-wave
 * rejection by slope. Works on a whole window (zero-phase filters), with the thresholds carried
 * from the previous window in {@link State}, and an absolute floor calibrated once from a synthetic
 * 0.2-mV QRS so that a flat, noisy asystole never turns into beats.
 *
 * <p>Several leads are used together: each lead's feature is divided by that lead's own QRS level
 * (carried in the state) and the leads are summed, so a beat that is small or absent in one lead is
 * still found in another (a single "best" lead can be the one where the QRS nearly vanishes).
 */
public final class QrsDetector {
    private static final double FLOOR_QRS_MV = 0.2;
    /** One beat may raise a level at most this many times its current value (an artefact must not blind the detector). */
    private static final double CAP = 3;

    private final int fs;
    private final Filters.Biquad hp5, lp15, hp1, lp40;
    private final int refractory, integration, tWaveWindow, slopeHalf, locateHalf;
    private final double floor;

    /** Thresholds and rate memory carried between windows. */
    public static final class State {
        private static final int VERSION = 2;
        double signalPeak, noisePeak, rrSeconds;
        boolean primed;
        /** Per lead: the typical feature peak of its QRS complexes (0 until first seen). */
        double[] leadLevel = new double[0];

        public void write(DataOutput out) throws IOException {
            out.writeInt(VERSION);
            out.writeDouble(signalPeak); out.writeDouble(noisePeak); out.writeDouble(rrSeconds); out.writeBoolean(primed);
            out.writeInt(leadLevel.length);
            for (double l : leadLevel) out.writeDouble(l);
        }

        public static State read(DataInput in) throws IOException {
            int v = in.readInt();
            if (v != VERSION) throw new IOException("QRS detector state version " + v + " (this build reads " + VERSION + ")");
            State s = new State();
            s.signalPeak = in.readDouble(); s.noisePeak = in.readDouble(); s.rrSeconds = in.readDouble(); s.primed = in.readBoolean();
            s.leadLevel = new double[in.readInt()];
            for (int i = 0; i < s.leadLevel.length; i++) s.leadLevel[i] = in.readDouble();
            return s;
        }
    }

    /** Detected beats: R-peak samples and, for each, the lead it was placed on. */
    public record Detection(int[] peaks, int[] lead) {}

    public QrsDetector(int fs) {
        this.fs = fs;
        hp5 = Filters.Biquad.highPass(5, fs);
        lp15 = Filters.Biquad.lowPass(15, fs);
        hp1 = Filters.Biquad.highPass(1, fs);
        lp40 = Filters.Biquad.lowPass(Math.min(40, fs * 0.45), fs);
        refractory = (int) Math.round(0.2 * fs);
        integration = ((int) Math.round(0.15 * fs)) | 1;
        tWaveWindow = (int) Math.round(0.36 * fs);
        slopeHalf = (int) Math.round(0.075 * fs);
        locateHalf = (int) Math.round(0.08 * fs);
        floor = calibrateFloor();
    }

    public int sampleRate() { return fs; }

    /** Feature (integrated squared slope) peak of the smallest QRS still counted, halved. */
    private double calibrateFloor() {
        float[] x = new float[2 * fs];
        double sigma = 0.012 * fs; // ~90-ms wide complex
        for (int i = 0; i < x.length; i++) {
            double t = (i - fs) / sigma;
            x[i] = (float) (FLOOR_QRS_MV * Math.exp(-0.5 * t * t));
        }
        float[] f = feature(x, null);
        double max = 0;
        for (float v : f) max = Math.max(max, v);
        return 0.5 * max;
    }

    /** Single-lead detection: R-peak sample indices in order (see {@link #detect(float[][], boolean[], State)}). */
    public int[] detect(float[] x, State st) {
        return detect(new float[][] {x}, new boolean[] {true}, st).peaks();
    }

    /**
     * One lead made ready for detection: gaps filled, its QRS feature and slope, and on demand its 1-Hz high-passed
     * and 1–40 Hz signals. A lead prepared once serves every detector and every detection over the same samples (the
     * fast alarm path runs two detections and two other filters over each lead every second).
     */
    public final class Lead {
        final float[] y, slope, feat;
        final boolean[] gap;
        private float[] highPassed, wide;

        private Lead(float[] x) {
            int n = x.length;
            y = x.clone();
            gap = new boolean[n];
            for (int i = 0; i < n; i++) gap[i] = Float.isNaN(y[i]);
            Filters.fillGaps(y);
            slope = new float[n];
            feat = feature(y, slope);
        }

        /** The signal, gaps filled, above 1 Hz (zero phase); shared, do not modify. */
        public float[] highPassed() {
            if (highPassed == null) {
                highPassed = y.clone();
                Filters.filtfilt(hp1, highPassed);
            }
            return highPassed;
        }

        /** The signal, gaps filled, in 1–40 Hz (zero phase), where R peaks are placed; shared, do not modify. */
        public float[] wide() {
            if (wide == null) {
                wide = highPassed().clone();
                Filters.filtfilt(lp40, wide);
            }
            return wide;
        }
    }

    /** Prepares {@code x} (mV, NaN where lost) for {@link #detect(Lead[], boolean[], State)}. */
    public Lead prepare(float[] x) { return new Lead(x); }

    /**
     * Detects beats in {@code leads} (mV, NaN where lost), using the leads marked in {@code use}; R peaks come
     * back in order, each placed on the lead where that beat is largest relative to the lead's own level.
     */
    public Detection detect(float[][] leads, boolean[] use, State st) {
        if (leads.length == 0 || leads[0].length < fs) return new Detection(new int[0], new int[0]);
        Lead[] prepared = new Lead[leads.length];
        for (int c = 0; c < leads.length; c++) if (use[c]) prepared[c] = prepare(leads[c]);
        return detect(prepared, use, st);
    }

    /** As {@link #detect(float[][], boolean[], State)}, on leads already prepared (null where not used). */
    public Detection detect(Lead[] leads, boolean[] use, State st) {
        int nLeads = leads.length, n = 0;
        for (int c = 0; c < nLeads; c++) if (use[c]) { n = leads[c].y.length; break; }
        if (n < fs) return new Detection(new int[0], new int[0]);
        if (st.leadLevel.length != nLeads) st.leadLevel = new double[nLeads]; // new layout: learn the levels again
        float[][] feat = new float[nLeads][];
        float[] comb = new float[n], combSlope = new float[n], rawMax = new float[n];
        double[] norm = new double[nLeads];
        boolean any = false;
        for (int c = 0; c < nLeads; c++) {
            if (!use[c]) continue;
            any = true;
            feat[c] = leads[c].feat;
            float[] slope = leads[c].slope;
            if (st.leadLevel[c] <= 0) st.leadLevel[c] = Math.max(0.5 * quantile(feat[c], 0.99), 2 * floor);
            norm[c] = Math.max(st.leadLevel[c], 2 * floor);
            double sn = Math.sqrt(norm[c]);
            for (int i = 0; i < n; i++) {
                comb[i] += (float) (feat[c][i] / norm[c]);
                combSlope[i] += (float) (Math.abs(slope[i]) / sn);
                rawMax[i] = Math.max(rawMax[i], feat[c][i]);
            }
        }
        if (!any) return new Detection(new int[0], new int[0]);

        List<Integer> cands = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            float v = comb[i];
            if (v <= 0 || v < comb[i - 1] || v < comb[i + 1]) continue;
            boolean max = true;
            for (int j = Math.max(0, i - refractory); j <= Math.min(n - 1, i + refractory) && max; j++) {
                if (comb[j] > v || (comb[j] == v && j < i)) max = false;
            }
            if (max) cands.add(i);
        }
        if (!st.primed) {
            st.signalPeak = Math.max(0.5 * quantile(comb, 0.99), 0.5);
            st.noisePeak = Math.max(quantile(comb, 0.5), 0);
            st.rrSeconds = 0;
            st.primed = true;
        }
        List<Integer> qrs = new ArrayList<>();
        // A virtual beat half an RR before the window, so that search-back also works before the first beat here.
        int last = st.rrSeconds > 0 ? -(int) Math.round(0.5 * st.rrSeconds * fs) : Integer.MIN_VALUE / 2;
        int ci = 0;
        while (ci < cands.size()) {
            int i = cands.get(ci);
            double thr1 = st.noisePeak + 0.25 * (st.signalPeak - st.noisePeak);
            // Search back when a beat is overdue: the largest skipped candidate over half the threshold.
            if (st.rrSeconds > 0 && last > Integer.MIN_VALUE / 2 && i - last > 1.66 * st.rrSeconds * fs) {
                int best = -1;
                for (int k = ci - 1; k >= 0 && cands.get(k) > last; k--) {
                    int c = cands.get(k);
                    if (c - last > refractory && comb[c] > 0.5 * thr1 && rawMax[c] >= floor && (best < 0 || comb[c] > comb[best])) best = c;
                }
                if (best >= 0 && !isTWave(best, last, combSlope)) {
                    st.signalPeak = 0.25 * Math.min(comb[best], CAP * st.signalPeak) + 0.75 * st.signalPeak;
                    accept(st, best, last, feat);
                    qrs.add(best);
                    last = best;
                    continue; // re-examine the current candidate against the new last beat
                }
            }
            ci++;
            if (i - last <= refractory) continue;
            double p = comb[i];
            if (p > thr1 && rawMax[i] >= floor && !isTWave(i, last, combSlope)) {
                st.signalPeak = 0.125 * Math.min(p, CAP * st.signalPeak) + 0.875 * st.signalPeak;
                accept(st, i, last, feat);
                qrs.add(i);
                last = i;
            } else {
                st.noisePeak = 0.125 * p + 0.875 * st.noisePeak;
            }
        }
        // Long silence: let the levels sag towards the floor so that a much smaller QRS is found again.
        int silent = n - Math.max(0, last);
        if (silent > 3 * fs) {
            st.signalPeak = Math.max(0.5, st.signalPeak * 0.5);
            for (int c = 0; c < nLeads; c++) if (use[c]) st.leadLevel[c] = Math.max(2 * floor, st.leadLevel[c] * 0.5);
        }

        // Place each beat on the R peak (largest deflection of the 1–40 Hz signal) of the lead where it is most
        // prominent, and drop beats inside gaps.
        int[] out = new int[qrs.size()], lead = new int[qrs.size()];
        int m = 0;
        for (int q : qrs) {
            int bestLead = -1;
            for (int c = 0; c < nLeads; c++) {
                if (use[c] && (bestLead < 0 || feat[c][q] / norm[c] > feat[bestLead][q] / norm[bestLead])) bestLead = c;
            }
            float[] w = leads[bestLead].wide();
            boolean[] gap = leads[bestLead].gap;
            int a = Math.max(0, q - locateHalf), b = Math.min(n - 1, q + locateHalf);
            int r = q;
            float best = -1;
            boolean inGap = false;
            for (int j = a; j <= b; j++) {
                if (gap[j]) inGap = true;
                if (Math.abs(w[j]) > best) { best = Math.abs(w[j]); r = j; }
            }
            if (inGap) continue;
            if (m > 0 && r - out[m - 1] <= refractory) continue;
            lead[m] = bestLead;
            out[m++] = r;
        }
        return new Detection(Arrays.copyOf(out, m), Arrays.copyOf(lead, m));
    }

    /** A beat at {@code i} was accepted: learn the rate and each lead's QRS level. */
    private void accept(State st, int i, int last, float[][] feat) {
        if (last > 0) updateRr(st, i - last);
        for (int c = 0; c < feat.length; c++) {
            if (feat[c] != null) st.leadLevel[c] = 0.875 * st.leadLevel[c] + 0.125 * Math.min(Math.max(feat[c][i], 0), CAP * st.leadLevel[c]);
        }
    }

    private static double quantile(float[] v, double q) {
        float[] s = v.clone();
        Arrays.sort(s);
        return s[(int) (q * (s.length - 1))];
    }

    private boolean isTWave(int i, int last, float[] slope) {
        // A late, slow wave after a beat is its T wave (slopes compared in the combined, normalised leads).
        return last > 0 && i - last < tWaveWindow && maxSlope(slope, i) < 0.5 * maxSlope(slope, last);
    }

    private void updateRr(State st, int samples) {
        double rr = samples / (double) fs;
        if (rr < 0.25 || rr > 3.0) return;
        st.rrSeconds = st.rrSeconds == 0 ? rr : 0.875 * st.rrSeconds + 0.125 * rr;
    }

    private float maxSlope(float[] slope, int i) {
        float m = 0;
        for (int j = Math.max(0, i - slopeHalf); j <= Math.min(slope.length - 1, i + slopeHalf); j++) m = Math.max(m, Math.abs(slope[j]));
        return m;
    }

    private float[] feature(float[] x, float[] slopeOut) {
        int n = x.length;
        float[] bp = x.clone();
        Filters.filtfilt(hp5, bp);
        Filters.filtfilt(lp15, bp);
        float[] sq = new float[n];
        double k = fs / 8.0;
        for (int i = 2; i < n - 2; i++) {
            double d = (2 * bp[i + 1] + bp[i + 2] - bp[i - 2] - 2 * bp[i - 1]) * k;
            if (slopeOut != null) slopeOut[i] = (float) d;
            sq[i] = (float) (d * d);
        }
        return Filters.movingAverage(sq, integration);
    }
}
