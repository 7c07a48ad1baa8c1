package org.openholter.core.signal;

/**
 * Whether one ECG lead's last seconds can be trusted for beats, judged as the winning ICU-alarm methods did: enough
 * of it received (not lost, flagged off or stuck, {@link #markStuck}), not a flat line, not stuck at the converter's
 * rail (saturation), and two unlike QRS detectors agreeing on its beats ({@link #agreement}, "bSQI"): on a clean lead they find the same
 * beats, on noise or artefact they do not. What was not received is judged by no one: the reader of the lead leaves
 * that time out rather than let it cost the lead the seconds it was received.
 *
 * @param lostFraction  share of samples lost or flagged off
 * @param flat          peak-to-peak under 0.05 mV
 * @param saturated     a tenth or more of the samples sit at the extreme values (clipping)
 * @param agreement     the detectors' agreement, 0–1 (1 when both find nothing)
 */
public record LeadQuality(double lostFraction, boolean flat, boolean saturated, double agreement) {
    /** Agreement at or above which a lead's beats come to be trusted, and below which a trusted lead stops being. */
    public static final double TRUSTED = 0.8, KEEP_TRUSTED = 0.65;
    /** Beats of the two detectors closer than this are the same beat (s). */
    public static final double MATCH_S = 0.15;

    /** A run of exactly equal samples this long (s) is an input that has stopped, not a heart signal. */
    public static final double STUCK_S = 0.5;

    /**
     * Marks as lost (NaN) every run of {@link #STUCK_S} or more of exactly equal samples ({@code x} at {@code fs} Hz): a
     * disconnected or saturated input repeats one converter value, while a living signal, however quiet, carries noise
     * of a few units.
     */
    public static void markStuck(float[] x, int fs) {
        int i = 0, n = x.length, minRun = (int) Math.round(STUCK_S * fs);
        while (i < n) {
            int j = i + 1;
            while (j < n && x[j] == x[i]) j++;
            if (j - i >= minRun && !Float.isNaN(x[i])) java.util.Arrays.fill(x, i, j, Float.NaN);
            i = j;
        }
    }

    /** The checks that need no beats, over {@code x} (mV, NaN where lost or flagged off), with the detectors' {@code agreement}. */
    public static LeadQuality of(float[] x, double agreement) {
        int n = x.length, lost = 0;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            if (Float.isNaN(x[i])) { lost++; continue; }
            lo = Math.min(lo, x[i]);
            hi = Math.max(hi, x[i]);
        }
        if (lost == n) return new LeadQuality(1, true, false, 0);
        int atRail = 0;
        float eps = (hi - lo) * 0.002f;
        for (float v : x) if (!Float.isNaN(v) && (v <= lo + eps || v >= hi - eps)) atRail++;
        return new LeadQuality(lost / (double) n, hi - lo < 0.05f, atRail >= 0.1 * (n - lost), agreement);
    }

    /**
     * True when the lead's beats can be trusted, given whether they were a second ago (a few seconds of a slow rhythm
     * hold few beats, so one detection the detectors do not share must not make a good lead flicker) and the share of
     * its samples that must have been received ({@link #live}).
     */
    public boolean trusted(boolean before, double minReceived) {
        return live(minReceived) && agreement >= (before ? KEEP_TRUSTED : TRUSTED);
    }

    /**
     * True when the lead carries a signal (not flat or clipped where received), whatever its beats, and at least
     * {@code minReceived} of its samples were received.
     */
    public boolean live(double minReceived) {
        return 1 - lostFraction >= minReceived && !flat && !saturated;
    }

    /**
     * The share of beats two detectors agree on, matched one to one within {@link #MATCH_S}: matched / (a + b −
     * matched), counting only beats before {@code until} (samples); 1 when neither found one.
     */
    public static double agreement(int[] a, int[] b, int until, int fs) {
        int tol = (int) Math.round(MATCH_S * fs), na = 0, nb = 0, matched = 0, j = 0;
        for (int v : b) if (v < until) nb++;
        for (int v : a) {
            if (v >= until) continue;
            na++;
            while (j < b.length && b[j] < v - tol) j++;
            if (j < b.length && b[j] <= v + tol && b[j] < until) { matched++; j++; }
        }
        int union = na + nb - matched;
        return union == 0 ? 1 : matched / (double) union;
    }
}
