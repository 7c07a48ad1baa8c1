package org.openholter.core.beats;

/**
 * What the beat classifier sees of one beat, computed the same way in training export and at run time:
 * <ul>
 *   <li>a 0.8-s segment of the analysed lead at 250 Hz, R peak at sample {@value #BEFORE}, from the window's
 *       normalised signal (median removed, divided by the window's 95th-percentile deviation, as for the
 *       wave model), so a beat's size relative to its neighbours is kept;</li>
 *   <li>the window's dominant beat: the sample-wise median of all its beats' segments. A beat is judged
 *       against the patient's own usual beat, which is what lets a model trained on some patients read
 *       others (a bundle-branch-block patient's wide beats are normal for that patient);</li>
 *   <li>the patient's long-term dominant beat, carried across windows from beats that were not premature
 *       (in ventricular bigeminy the window median is half ectopic; this one stays the conducted beat);</li>
 *   <li>{@value #RR_COUNT} rhythm features from the RR intervals: pre and post RR relative to the window's
 *       mean RR and to the patient's long-term RR, local/long ratio, pre and post RR in seconds, and the
 *       pre–post difference relative to the local mean (prematurity and compensatory pause); then whether the
 *       wave layer found a P wave before the beat (1 / 0, 0.5 when there is no wave layer) and its PR in s;</li>
 *   <li>then the beat against the patient's own dominant beat ({@link DominantBeat}, learnt without labels over
 *       every lead while monitoring, carried in state): whether one is known yet, and over the leads read the least
 *       and the largest difference, the least correlation, the largest QRS-width ratio and the mean size ratio;
 *       then the pre RR over the mean of the (up to 8) RR intervals before it in the window, and that mean over the
 *       long-term RR (prematurity against the rhythm just before the beat, not the window's average, which a
 *       pause or a run distorts).</li>
 * </ul>
 * A model takes the first as many of the {@value #RR_COUNT} scalar features as it declares, so older models run unchanged.
 */
public final class BeatFeatures {
    public static final int FS = 250;
    public static final int BEFORE = 90, AFTER = 110, LENGTH = BEFORE + AFTER;
    public static final int RR_COUNT = 18;
    /** Scalars per beat from {@link DominantBeat#compare} ({@link #morphology}). */
    public static final int MORPHOLOGY_COUNT = 6;

    /**
     * Features of several beats: {@code segments[beat][LENGTH]}, the window's {@code template[LENGTH]}, the
     * patient's {@code longTemplate[LENGTH]}, {@code rr[beat][RR_COUNT]}.
     */
    public record Batch(float[][] segments, float[] template, float[] longTemplate, float[][] rr) {
        public int size() { return segments.length; }
    }

    private BeatFeatures() {}

    /**
     * @param normalised  the window's analysed lead at 250 Hz, normalised
     * @param r           R-peak samples (250 Hz) of the window's beats, in order
     * @param timesMicros the same beats' device times
     * @param longRrS     the patient's long-term RR (s), or ≤ 0 when not known yet (the window mean stands in)
     * @param longTemplate the patient's long-term dominant beat, or null when not known yet (the window's stands in)
     * @param prMs        each beat's PR interval (ms, NaN without a P wave), or null without a wave layer
     * @param morphology  each beat's {@link #morphology} scalars, or null (no dominant beat known: neutral values)
     */
    public static Batch compute(float[] normalised, int[] r, long[] timesMicros, double longRrS, float[] longTemplate, double[] prMs, float[][] morphology) {
        int n = r.length;
        float[][] seg = new float[n][LENGTH];
        float[][] rr = new float[n][RR_COUNT];
        double sum = 0;
        int count = 0;
        for (int k = 1; k < n; k++) {
            double d = (timesMicros[k] - timesMicros[k - 1]) / 1e6;
            if (d >= 0.2 && d <= 3) { sum += d; count++; }
        }
        double local = count > 0 ? sum / count : longRrS > 0 ? longRrS : 0.8;
        double lng = longRrS > 0 ? longRrS : local;
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < LENGTH; i++) {
                int j = r[k] - BEFORE + i;
                seg[k][i] = j >= 0 && j < normalised.length ? normalised[j] : 0f;
            }
            double pre = k > 0 ? (timesMicros[k] - timesMicros[k - 1]) / 1e6 : Double.NaN;
            double post = k + 1 < n ? (timesMicros[k + 1] - timesMicros[k]) / 1e6 : Double.NaN;
            if (Double.isNaN(pre)) pre = local;
            if (Double.isNaN(post)) post = local;
            float[] f = rr[k];
            f[0] = clip(pre / local);
            f[1] = clip(post / local);
            f[2] = clip(pre / lng);
            f[3] = clip(post / lng);
            f[4] = clip(local / lng);
            f[5] = clip(pre);
            f[6] = clip(post);
            f[7] = clip((post - pre) / local + 2) - 2;
            boolean hasP = prMs != null && !Double.isNaN(prMs[k]);
            f[8] = prMs == null ? 0.5f : hasP ? 1f : 0f;
            f[9] = hasP ? clip(prMs[k] / 1000) : 0f;
            float[] m = morphology != null && morphology[k] != null ? morphology[k] : NEUTRAL;
            System.arraycopy(m, 0, f, 10, MORPHOLOGY_COUNT);
            double before = 0;
            int nb = 0;
            for (int j = k - 1; j >= 1 && nb < 8; j--) {
                double d = (timesMicros[j] - timesMicros[j - 1]) / 1e6;
                if (d >= 0.2 && d <= 3) { before += d; nb++; }
            }
            double recent = nb > 0 ? before / nb : lng;
            f[16] = clip(pre / recent);
            f[17] = clip(recent / lng);
        }
        float[] window = template(seg);
        return new Batch(seg, window, longTemplate != null ? longTemplate : window, rr);
    }

    /** The morphology scalars of a beat before any dominant beat is known: none known, a beat like it. */
    private static final float[] NEUTRAL = {0, 0, 0, 2, 1, 1};

    /**
     * The {@value #MORPHOLOGY_COUNT} morphology scalars of one beat from its comparison with the patient's dominant
     * beat on each lead (null entries: leads not read): 1 (known); least and largest ln(1 + difference); least
     * correlation + 1; largest width ratio; mean size ratio. Null when no lead could be compared.
     */
    public static float[] morphology(DominantBeat.Comparison[] leads) {
        double dMin = Double.POSITIVE_INFINITY, dMax = 0, cMin = 1, wMax = 0, size = 0;
        int n = 0, sizes = 0;
        for (DominantBeat.Comparison c : leads) {
            if (c == null) continue;
            n++;
            double d = Math.log1p(c.difference());
            dMin = Math.min(dMin, d);
            dMax = Math.max(dMax, d);
            cMin = Math.min(cMin, c.correlation());
            if (!Double.isNaN(c.widthRatio())) wMax = Math.max(wMax, c.widthRatio());
            if (!Double.isNaN(c.sizeRatio())) { size += c.sizeRatio(); sizes++; }
        }
        if (n == 0) return null;
        return new float[] {1, clip(dMin), clip(dMax), clip(cMin + 1), clip(wMax > 0 ? wMax : 1), clip(sizes > 0 ? size / sizes : 1)};
    }

    /** Sample-wise median of the segments (zeros when there is none). */
    public static float[] template(float[][] seg) {
        float[] t = new float[LENGTH];
        int n = seg.length;
        if (n == 0) return t;
        float[] col = new float[n];
        for (int i = 0; i < LENGTH; i++) {
            for (int k = 0; k < n; k++) col[k] = seg[k][i];
            java.util.Arrays.sort(col);
            t[i] = n % 2 == 1 ? col[n / 2] : (col[n / 2 - 1] + col[n / 2]) / 2;
        }
        return t;
    }

    private static float clip(double v) { return (float) Math.max(0, Math.min(5, v)); }
}
