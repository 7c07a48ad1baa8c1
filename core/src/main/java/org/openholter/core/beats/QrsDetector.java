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
 */
public final class QrsDetector {
    private static final double FLOOR_QRS_MV = 0.2;

    private final int fs;
    private final Filters.Biquad hp5, lp15, hp1, lp40;
    private final int refractory, integration, tWaveWindow, slopeHalf, locateHalf;
    private final double floor;

    /** Thresholds and rate memory carried between windows. */
    public static final class State {
        double signalPeak, noisePeak, rrSeconds;
        boolean primed;

        public void write(DataOutput out) throws IOException {
            out.writeDouble(signalPeak); out.writeDouble(noisePeak); out.writeDouble(rrSeconds); out.writeBoolean(primed);
        }

        public static State read(DataInput in) throws IOException {
            State s = new State();
            s.signalPeak = in.readDouble(); s.noisePeak = in.readDouble(); s.rrSeconds = in.readDouble(); s.primed = in.readBoolean();
            return s;
        }
    }

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

    /** Detects R peaks in {@code x} (mV, NaN where lost); returns their sample indices in order. */
    public int[] detect(float[] x, State st) {
        int n = x.length;
        if (n < fs) return new int[0];
        boolean[] gap = new boolean[n];
        float[] y = x.clone();
        for (int i = 0; i < n; i++) gap[i] = Float.isNaN(y[i]);
        Filters.fillGaps(y);
        float[] slope = new float[n];
        float[] feat = feature(y, slope);

        List<Integer> cands = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            float v = feat[i];
            if (v <= 0 || v < feat[i - 1] || v < feat[i + 1]) continue;
            boolean max = true;
            for (int j = Math.max(0, i - refractory); j <= Math.min(n - 1, i + refractory) && max; j++) {
                if (feat[j] > v || (feat[j] == v && j < i)) max = false;
            }
            if (max) cands.add(i);
        }
        if (!st.primed) {
            float[] sorted = feat.clone();
            Arrays.sort(sorted);
            st.signalPeak = Math.max(0.5 * sorted[(int) (0.99 * (n - 1))], 2 * floor);
            st.noisePeak = Math.max(sorted[n / 2], 0);
            st.rrSeconds = 0;
            st.primed = true;
        }
        List<Integer> qrs = new ArrayList<>();
        int last = Integer.MIN_VALUE / 2;
        int ci = 0;
        while (ci < cands.size()) {
            int i = cands.get(ci);
            double thr1 = Math.max(floor, st.noisePeak + 0.25 * (st.signalPeak - st.noisePeak));
            // Search back when a beat is overdue: the largest skipped candidate over half the threshold.
            if (st.rrSeconds > 0 && last > 0 && i - last > 1.66 * st.rrSeconds * fs) {
                int best = -1;
                for (int k = ci - 1; k >= 0 && cands.get(k) > last; k--) {
                    int c = cands.get(k);
                    if (c - last > refractory && feat[c] > Math.max(floor, 0.5 * thr1) && (best < 0 || feat[c] > feat[best])) best = c;
                }
                if (best >= 0 && !isTWave(best, last, slope)) {
                    st.signalPeak = 0.25 * feat[best] + 0.75 * st.signalPeak;
                    updateRr(st, best - last);
                    qrs.add(best);
                    last = best;
                    continue; // re-examine the current candidate against the new last beat
                }
            }
            ci++;
            if (i - last <= refractory) continue;
            double p = feat[i];
            if (p > thr1 && !isTWave(i, last, slope)) {
                st.signalPeak = 0.125 * p + 0.875 * st.signalPeak;
                if (last > 0) updateRr(st, i - last);
                qrs.add(i);
                last = i;
            } else {
                st.noisePeak = 0.125 * p + 0.875 * st.noisePeak;
            }
        }
        // Long silence: let the signal level sag towards the floor so that a much smaller QRS is found again.
        int silent = n - Math.max(0, last);
        if (silent > 3 * fs) st.signalPeak = Math.max(2 * floor, st.signalPeak * 0.5);

        // Place each beat on the R peak (largest deflection of the 1–40 Hz signal) and drop beats inside gaps.
        float[] wide = y.clone();
        Filters.filtfilt(hp1, wide);
        Filters.filtfilt(lp40, wide);
        int[] out = new int[qrs.size()];
        int m = 0;
        for (int q : qrs) {
            int a = Math.max(0, q - locateHalf), b = Math.min(n - 1, q + locateHalf);
            int r = q;
            float best = -1;
            boolean inGap = false;
            for (int j = a; j <= b; j++) {
                if (gap[j]) inGap = true;
                if (Math.abs(wide[j]) > best) { best = Math.abs(wide[j]); r = j; }
            }
            if (inGap) continue;
            if (m > 0 && r - out[m - 1] <= refractory) continue;
            out[m++] = r;
        }
        return Arrays.copyOf(out, m);
    }

    private boolean isTWave(int i, int last, float[] slope) {
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
