package org.openholter.core.delineation;

import java.util.ArrayList;
import java.util.List;

/**
 * The intervals of one beat from its delineated waves, in milliseconds; NaN where a wave was not found
 * (no P in atrial fibrillation, a T lost in noise).
 *
 * @param prMs  P onset → QRS onset
 * @param qrsMs QRS onset → QRS offset
 * @param qtMs  QRS onset → T offset
 */
public record BeatIntervals(double prMs, double qrsMs, double qtMs) {
    public static final BeatIntervals NONE = new BeatIntervals(Double.NaN, Double.NaN, Double.NaN);
    /** A QRS wave belongs to a beat when the beat's fiducial point lies within it, give or take this. */
    private static final int QRS_SLACK_MS = 40;
    /** A P wave further than this before its QRS onset is not the conducted one (or not a P). */
    private static final int PR_MAX_MS = 400;

    /** The waves of one beat: its QRS, and the P before it and the T after it when found (else null). */
    public record BeatWaves(Wave p, Wave qrs, Wave t) {}

    /**
     * The waves of the beats at {@code fiducials} (samples, e.g. R peaks): each beat takes the QRS wave around its
     * fiducial point, the last P wave before that QRS (after the previous QRS, within {@value #PR_MAX_MS} ms) and the
     * first T wave after it (before the next QRS); null for a beat without a QRS wave.
     */
    public static BeatWaves[] wavesAround(List<Wave> waves, int[] fiducials, int fs) {
        List<Wave> qrs = new ArrayList<>();
        for (Wave v : waves) if (v.kind() == 'N') qrs.add(v);
        int slack = QRS_SLACK_MS * fs / 1000, prMax = PR_MAX_MS * fs / 1000;
        BeatWaves[] out = new BeatWaves[fiducials.length];
        for (int b = 0; b < fiducials.length; b++) {
            int k = nearestQrs(qrs, fiducials[b], slack);
            if (k < 0) continue;
            Wave q = qrs.get(k);
            int prevOff = k > 0 ? qrs.get(k - 1).offset() : -1;
            int nextOn = k + 1 < qrs.size() ? qrs.get(k + 1).onset() : Integer.MAX_VALUE;
            Wave p = null, t = null;
            for (Wave v : waves) {
                if (v.kind() == 'p' && v.onset() > prevOff && v.offset() < q.onset() && q.onset() - v.onset() <= prMax) p = v;
                if (v.kind() == 't' && t == null && v.onset() > q.offset() && v.offset() < nextOn) t = v;
            }
            out[b] = new BeatWaves(p, q, t);
        }
        return out;
    }

    /** The intervals of the beats at {@code fiducials} from their {@link #wavesAround waves}; {@link #NONE} without a QRS. */
    public static BeatIntervals[] around(List<Wave> waves, int[] fiducials, int fs) {
        double msPerSample = 1000.0 / fs;
        BeatWaves[] bw = wavesAround(waves, fiducials, fs);
        BeatIntervals[] out = new BeatIntervals[fiducials.length];
        for (int b = 0; b < fiducials.length; b++) {
            BeatWaves w = bw[b];
            out[b] = w == null ? NONE : new BeatIntervals(
                    w.p() == null ? Double.NaN : (w.qrs().onset() - w.p().onset()) * msPerSample,
                    (w.qrs().offset() - w.qrs().onset()) * msPerSample,
                    w.t() == null ? Double.NaN : (w.t().offset() - w.qrs().onset()) * msPerSample);
        }
        return out;
    }

    private static int nearestQrs(List<Wave> qrs, int sample, int slack) {
        int best = -1, bestDist = Integer.MAX_VALUE;
        for (int k = 0; k < qrs.size(); k++) {
            Wave q = qrs.get(k);
            int d = sample < q.onset() ? q.onset() - sample : sample > q.offset() ? sample - q.offset() : 0;
            if (d <= slack && d < bestDist) { best = k; bestDist = d; }
        }
        return best;
    }

    /** QT corrected for the preceding RR interval by {@code formula}; NaN when either is unknown. */
    public double qtc(QtCorrection formula, double rrMs) {
        return formula.correct(qtMs, rrMs);
    }
}
