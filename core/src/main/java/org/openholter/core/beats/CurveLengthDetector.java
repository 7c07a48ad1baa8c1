package org.openholter.core.beats;

import org.openholter.core.signal.Filters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A second QRS detector, built unlike {@link QrsDetector} so that where the two agree a lead can be trusted: the curve
 * length of the 1–16 Hz signal over 130 ms (after Zong's length transform, with the length of a straight line
 * removed so that slow waves and small noise weigh little), peaks above 40 % of the buffer's typical beat and above an
 * absolute floor (a 0.2-mV complex), at least 250 ms apart. It keeps no state: each call judges its buffer
 * alone (a few seconds), which is what a per-second quality check needs.
 */
public final class CurveLengthDetector {
    private static final double FLOOR_QRS_MV = 0.2, SLOPE_SCALE = 5.0; // mV/s: slopes below weigh quadratically, above linearly
    private final int fs, half, refractory, locate;
    private final Filters.Biquad hp, lp;
    private final double floor;

    public CurveLengthDetector(int fs) {
        this.fs = fs;
        this.half = (int) Math.round(0.065 * fs);
        this.refractory = (int) Math.round(0.25 * fs);
        this.locate = (int) Math.round(0.08 * fs);
        hp = Filters.Biquad.highPass(1, fs);
        lp = Filters.Biquad.lowPass(Math.min(16, 0.45 * fs), fs);
        float[] x = new float[2 * fs];
        double sigma = 0.012 * fs;
        for (int i = 0; i < x.length; i++) {
            double t = (i - fs) / sigma;
            x[i] = (float) (FLOOR_QRS_MV * Math.exp(-0.5 * t * t));
        }
        double max = 0;
        for (float v : length(band(x))) max = Math.max(max, v);
        floor = max; // a whole 0.2-mV complex: a P wave of that size, slower, stays below
    }

    /** R-peak samples in {@code x} (mV, NaN where lost), in order. */
    public int[] detect(float[] x) {
        if (x.length < fs) return new int[0];
        return peaks(band(x));
    }

    /**
     * As {@link #detect}, from the lead already gap-filled and high-passed at 1 Hz ({@link QrsDetector.Lead#highPassed},
     * the same filter), so that a lead prepared for both detectors is filtered once.
     */
    public int[] detectHighPassed(float[] highPassed) {
        if (highPassed.length < fs) return new int[0];
        float[] y = highPassed.clone();
        Filters.filtfilt(lp, y);
        return peaks(y);
    }

    /** R peaks of the band-passed signal {@code y}. */
    private int[] peaks(float[] y) {
        int n = y.length;
        float[] l = length(y);
        List<Integer> cands = new ArrayList<>();
        for (int i = 1; i < n - 1; i++) {
            if (l[i] < floor || l[i] < l[i - 1] || l[i] < l[i + 1]) continue;
            boolean max = true;
            for (int j = Math.max(0, i - refractory); j <= Math.min(n - 1, i + refractory) && max; j++) {
                if (l[j] > l[i] || (l[j] == l[i] && j < i)) max = false;
            }
            if (max) cands.add(i);
        }
        if (cands.isEmpty()) return new int[0];
        double[] v = cands.stream().mapToDouble(i -> l[i]).sorted().toArray();
        double typical = v[(int) Math.floor(0.75 * (v.length - 1))];
        int[] out = new int[cands.size()];
        int m = 0;
        for (int i : cands) {
            if (l[i] < 0.4 * typical) continue;
            int r = i;
            for (int j = Math.max(0, i - locate); j <= Math.min(n - 1, i + locate); j++) if (Math.abs(y[j]) > Math.abs(y[r])) r = j;
            if (m > 0 && r - out[m - 1] < refractory) {
                if (l[i] <= l[out[m - 1]]) continue;
                m--;
            }
            out[m++] = r;
        }
        return Arrays.copyOf(out, m);
    }

    private float[] band(float[] x) {
        float[] y = x.clone();
        Filters.fillGaps(y);
        Filters.filtfilt(hp, y);
        Filters.filtfilt(lp, y);
        return y;
    }

    /** Centred curve length (mV·s scale) of the band-passed signal {@code y}, a straight line's length removed. */
    private float[] length(float[] y) {
        int n = y.length;
        double[] c = new double[n + 1];
        for (int i = 1; i < n; i++) {
            double s = (y[i] - y[i - 1]) * fs;
            c[i + 1] = c[i] + (Math.sqrt(SLOPE_SCALE * SLOPE_SCALE + s * s) - SLOPE_SCALE) / fs;
        }
        c[1] = c[0];
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - half), b = Math.min(n, i + half + 1);
            l[i] = (float) (c[b] - c[a]);
        }
        return l;
    }
}
