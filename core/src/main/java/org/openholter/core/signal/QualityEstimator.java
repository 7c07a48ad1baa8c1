package org.openholter.core.signal;

import org.openholter.core.analysis.SignalQuality;

/** Signal quality of one channel of one window: losses, lead-off, flat line, noise, wander. */
public final class QualityEstimator {
    private final Filters.Biquad hp05, hp40, lp07;

    public QualityEstimator(int fs) {
        hp05 = Filters.Biquad.highPass(0.5, fs);
        hp40 = Filters.Biquad.highPass(Math.min(40, fs * 0.4), fs);
        lp07 = Filters.Biquad.lowPass(0.7, fs);
    }

    public SignalQuality assess(float[] x, int[] leadOffMask, int channel) {
        int n = x.length;
        if (n == 0) return new SignalQuality(0, 1, 0, true, 0, 0);
        int gaps = 0, off = 0;
        float min = Float.POSITIVE_INFINITY, max = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(x[i])) { gaps++; continue; }
            min = Math.min(min, x[i]);
            max = Math.max(max, x[i]);
            if ((leadOffMask[i] & (1 << channel)) != 0) off++;
        }
        double gapFraction = gaps / (double) n;
        double offFraction = off / (double) n;
        if (gaps == n) return new SignalQuality(0, 1, offFraction, true, 0, 0);
        boolean flat = max - min < 0.005f;
        float[] y = x.clone();
        Filters.fillGaps(y);
        float[] base = y.clone();
        Filters.filtfilt(lp07, base);
        float bmin = Float.POSITIVE_INFINITY, bmax = Float.NEGATIVE_INFINITY;
        for (float v : base) { bmin = Math.min(bmin, v); bmax = Math.max(bmax, v); }
        float[] ac = y.clone();
        Filters.filtfilt(hp05, ac);
        float[] hf = ac.clone();
        Filters.filtfilt(hp40, hf);
        double pAc = 0, pHf = 0;
        for (int i = 0; i < n; i++) { pAc += (double) ac[i] * ac[i]; pHf += (double) hf[i] * hf[i]; }
        double noise = pAc <= 0 ? 0 : pHf / pAc;
        double score = (1 - gapFraction) * (1 - offFraction) * (flat ? 0 : 1)
                * clamp(1 - (noise - 0.3) / 0.5) * clamp(1 - (bmax - bmin - 3.0) / 3.0);
        return new SignalQuality(score, gapFraction, offFraction, flat, noise, bmax - bmin);
    }

    private static double clamp(double v) { return Math.max(0, Math.min(1, v)); }
}
