package org.openholter.core.beats;

import org.openholter.core.signal.Correlation;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The patient's own dominant beat, learnt while monitoring without any label, one template per lead, and how much a
 * beat resembles it. A ventricular beat is told by its shape against this patient's usual beat, not against a
 * population's: a bundle-branch block's wide complex is this patient's normal, and a ventricular beat of a patient with
 * narrow complexes differs from it in every lead.
 *
 * <p>A complex is the 1–40 Hz signal from 100 ms before to 200 ms after the R peak. Learning: the first 8 of the last 12
 * complexes that all resemble their sample-wise median (correlation ≥ 0.9 in every lead) make the template; beats that
 * resemble it (≥ 0.9) then refine it slowly (5 % each). When 120 beats in a row resembled it less than 0.8 at a rate
 * under 100 bpm (the patient's usual beat changed: a lead moved, a new conduction), it is learnt again; beats faster
 * than that never replace it, so a sustained ventricular tachycardia does not become the patient's normal.
 */
public final class DominantBeat {
    private static final double BEFORE_S = 0.1, AFTER_S = 0.2, LAG_S = 0.04;
    private static final int POOL = 16, AGREE = 8, RELEARN_BEATS = 120;
    private static final double LEARN_LIKENESS = 0.9, KEEP_LIKENESS = 0.8, RELEARN_MAX_BPM = 100, RATE = 0.05;

    private final int leads, before, after, lag;
    private float[][] template;                     // per lead, before + after samples; null until learnt
    private final ArrayDeque<float[][]> pool = new ArrayDeque<>();
    private final ArrayDeque<Double> poolRr = new ArrayDeque<>();  // each pooled beat's RR before it (s; NaN unknown)
    private int unlike;                             // beats in a row unlike the template at a slow rate

    public DominantBeat(int fs, int leads) {
        this.leads = leads;
        this.before = (int) Math.round(BEFORE_S * fs);
        this.after = (int) Math.round(AFTER_S * fs);
        this.lag = (int) Math.round(LAG_S * fs);
    }

    public boolean learnt() { return template != null; }

    /** Samples a complex needs before and after its R peak (with the room to align it). */
    public int marginBefore() { return before + lag; }
    public int marginAfter() { return after + lag; }

    /**
     * The complex at R-peak sample {@code r} of {@code leads} (band-passed 1–40 Hz), with alignment room, or null when
     * it does not fit in the buffer.
     */
    public float[][] complex(float[][] band, int r) {
        int a = r - before - lag, b = r + after + lag, n = -1;
        for (float[] l : band) if (l != null) n = l.length;
        if (a < 0 || b > n) return null;
        float[][] c = new float[leads][];
        for (int k = 0; k < leads; k++) c[k] = band[k] == null ? null : Arrays.copyOfRange(band[k], a, b);
        return c;
    }

    /**
     * Per lead, the best correlation of the complex with the template over shifts of ±40 ms, NaN for a lead not
     * {@code used} (or before the template is learnt).
     */
    public double[] likeness(float[][] complex, boolean[] used) {
        double[] out = new double[leads];
        Arrays.fill(out, Double.NaN);
        if (template == null) return out;
        int w = before + after;
        for (int k = 0; k < leads; k++) {
            if (!used[k] || complex[k] == null || template[k] == null) continue;
            double best = -1;
            for (int s = 0; s <= 2 * lag; s++) best = Math.max(best, Correlation.of(complex[k], s, template[k], 0, w));
            out[k] = best;
        }
        return out;
    }

    /**
     * Per lead, how far the complex is from the template once aligned as {@link #likeness} does: the energy of their
     * difference (each without its mean) over the template's energy; 0 for the same beat, about 1 or more for a beat
     * of another size or shape. NaN where not used or not learnt.
     */
    public double[] difference(float[][] complex, boolean[] used) {
        double[] out = new double[leads];
        Arrays.fill(out, Double.NaN);
        if (template == null) return out;
        int w = before + after;
        for (int k = 0; k < leads; k++) {
            if (!used[k] || complex[k] == null || template[k] == null) continue;
            int s = bestShift(complex[k], template[k]);
            double mc = 0, mt = 0;
            for (int i = 0; i < w; i++) { mc += complex[k][s + i]; mt += template[k][i]; }
            mc /= w;
            mt /= w;
            double d = 0, e = 0;
            for (int i = 0; i < w; i++) {
                double a = complex[k][s + i] - mc, b = template[k][i] - mt;
                d += (a - b) * (a - b);
                e += b * b;
            }
            out[k] = e <= 0 ? Double.NaN : d / e;
        }
        return out;
    }

    /** Peak-to-peak of the complex against the template's, per lead (NaN where not used or not learnt). */
    public double[] sizeRatio(float[][] complex, boolean[] used) {
        double[] out = new double[leads];
        Arrays.fill(out, Double.NaN);
        if (template == null) return out;
        for (int k = 0; k < leads; k++) {
            if (!used[k] || complex[k] == null || template[k] == null) continue;
            double t = peakToPeak(template[k], 0, template[k].length), c = peakToPeak(complex[k], lag, before + after);
            out[k] = t <= 0 ? Double.NaN : c / t;
        }
        return out;
    }

    /** Least of the non-NaN values, NaN when none. */
    public static double min(double[] v) {
        double m = Double.NaN;
        for (double x : v) if (!Double.isNaN(x) && !(x >= m)) m = x;
        return m;
    }

    /** Mean of the non-NaN values, NaN when none. */
    public static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) if (!Double.isNaN(x)) { s += x; n++; }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * Learns from a beat of a stretch whose every lead was usable ({@code used} all true for the leads that carry a
     * signal), seen at {@code bpm} (its RR); {@code likeness} as {@link #likeness} returned.
     */
    public void learn(float[][] complex, boolean[] used, double[] likeness, double bpm) {
        if (template == null) {
            pool.addLast(complex);
            poolRr.addLast(bpm > 0 ? 60 / bpm : Double.NaN);
            if (pool.size() > POOL) { pool.removeFirst(); poolRr.removeFirst(); }
            if (pool.size() >= POOL) tryLearn(used);
            return;
        }
        double like = mean(likeness);
        if (like >= LEARN_LIKENESS) {
            int w = before + after;
            for (int k = 0; k < leads; k++) {
                if (!used[k] || template[k] == null || complex[k] == null) continue;
                int s = bestShift(complex[k], template[k]);
                for (int i = 0; i < w; i++) template[k][i] = (float) ((1 - RATE) * template[k][i] + RATE * complex[k][s + i]);
            }
        }
        if (like >= KEEP_LIKENESS || !(bpm < RELEARN_MAX_BPM)) { if (like >= KEEP_LIKENESS) unlike = 0; return; }
        if (++unlike >= RELEARN_BEATS) {
            template = null;
            pool.clear();
            poolRr.clear();
            unlike = 0;
        }
    }

    /**
     * The template from the pool: the largest group of complexes alike in every lead (correlation ≥ 0.9 with one of
     * them), at least 8, that does not come early (their RR before is not shorter than the pool's usual one: in a
     * bigeminy the ventricular beats are as many as the normal ones, but premature); its sample-wise median.
     */
    private void tryLearn(boolean[] used) {
        int w = before + after, n = pool.size();
        float[][][] cs = pool.toArray(new float[0][][]);
        double[] rr = poolRr.stream().mapToDouble(Double::doubleValue).toArray();
        boolean[] lead = new boolean[leads];
        boolean any = false;
        for (int k = 0; k < leads; k++) {
            if (!used[k]) continue;
            lead[k] = true;
            for (float[][] c : cs) if (c[k] == null) lead[k] = false;
            any |= lead[k];
        }
        if (!any) return;
        double[] known = Arrays.stream(rr).filter(x -> !Double.isNaN(x)).sorted().toArray();
        double usualRr = known.length == 0 ? Double.NaN : known[known.length / 2];
        int bestCentre = -1, bestSize = 0;
        for (int i = 0; i < n; i++) {
            int size = 0;
            double rrSum = 0;
            int rrN = 0;
            for (int j = 0; j < n; j++) {
                boolean alike = true;
                for (int k = 0; k < leads && alike; k++) if (lead[k] && Correlation.of(cs[i][k], lag, cs[j][k], lag, w) < LEARN_LIKENESS) alike = false;
                if (!alike) continue;
                size++;
                if (!Double.isNaN(rr[j])) { rrSum += rr[j]; rrN++; }
            }
            boolean early = rrN > 0 && !Double.isNaN(usualRr) && rrSum / rrN < 0.92 * usualRr;
            if (size >= AGREE && !early && size > bestSize) { bestSize = size; bestCentre = i; }
        }
        if (bestCentre < 0) return;
        float[][] median = new float[leads][];
        List<float[][]> members = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            boolean alike = true;
            for (int k = 0; k < leads && alike; k++) if (lead[k] && Correlation.of(cs[bestCentre][k], lag, cs[j][k], lag, w) < LEARN_LIKENESS) alike = false;
            if (alike) members.add(cs[j]);
        }
        float[] col = new float[members.size()];
        for (int k = 0; k < leads; k++) {
            if (!lead[k]) continue; // a lead silent while learning stays without a template (its likeness is unknown)
            median[k] = new float[w];
            for (int i = 0; i < w; i++) {
                for (int j = 0; j < col.length; j++) col[j] = members.get(j)[k][lag + i];
                Arrays.sort(col);
                median[k][i] = col[col.length / 2];
            }
        }
        template = median;
        pool.clear();
        poolRr.clear();
        unlike = 0;
    }

    private int bestShift(float[] c, float[] t) {
        int best = lag;
        double bc = -2;
        for (int s = 0; s <= 2 * lag; s++) {
            double r = Correlation.of(c, s, t, 0, t.length);
            if (r > bc) { bc = r; best = s; }
        }
        return best;
    }

    private static double peakToPeak(float[] x, int from, int n) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); }
        return hi - lo;
    }

    public void write(DataOutput o) throws IOException {
        o.writeInt(leads);
        o.writeBoolean(template != null);
        if (template != null) for (float[] t : template) { o.writeBoolean(t != null); if (t != null) for (float v : t) o.writeFloat(v); }
        o.writeInt(unlike);
        o.writeInt(pool.size());
        for (float[][] c : pool) for (float[] l : c) { o.writeBoolean(l != null); if (l != null) for (float v : l) o.writeFloat(v); }
        for (double r : poolRr) o.writeDouble(r);
    }

    public void read(DataInput in) throws IOException {
        if (in.readInt() != leads) throw new IOException("dominant beat of another lead count");
        int w = before + after, cw = w + 2 * lag;
        template = null;
        if (in.readBoolean()) {
            template = new float[leads][];
            for (int k = 0; k < leads; k++) {
                if (!in.readBoolean()) continue;
                template[k] = new float[w];
                for (int i = 0; i < w; i++) template[k][i] = in.readFloat();
            }
        }
        unlike = in.readInt();
        pool.clear();
        int n = in.readInt();
        for (int p = 0; p < n; p++) {
            float[][] c = new float[leads][];
            for (int k = 0; k < leads; k++) {
                if (!in.readBoolean()) continue;
                c[k] = new float[cw];
                for (int i = 0; i < cw; i++) c[k][i] = in.readFloat();
            }
            pool.addLast(c);
        }
        poolRr.clear();
        for (int p = 0; p < n; p++) poolRr.addLast(in.readDouble());
    }
}
