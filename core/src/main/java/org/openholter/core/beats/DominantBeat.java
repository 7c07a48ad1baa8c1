package org.openholter.core.beats;

import org.openholter.core.signal.Correlation;
import org.openholter.core.signal.Filters;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The patient's own dominant beat, learnt while monitoring without any label, one template per lead, and how far a
 * beat is from it. A ventricular beat is told by its shape against this patient's usual beat, not against a
 * population's: a bundle-branch block's wide complex is this patient's normal, and a ventricular beat of a patient with
 * narrow complexes differs from it in every lead.
 *
 * <p>A complex is the 1–40 Hz signal from 100 ms before to 200 ms after the R peak. The first template is the largest
 * group of alike complexes (correlation ≥ 0.9 in every lead, 8 of 16) that does not come early (in a bigeminy the
 * ventricular beats are as many as the normal ones, but premature). Beats like it refine it slowly (5 %). Beats unlike
 * it gather into a rival template the same way. Each template counts the beats like it (fading by 1 % a beat); the
 * rival becomes the dominant beat when it clearly outnumbers it (and is not premature, against the recent rate or, over
 * 100 bpm, the dominant beat's own), so a moved electrode or a new conduction is learnt within a minute or two, while a
 * ventricular tachycardia (a fast run of wide complexes, or a new shape arriving over 100 bpm with a jump in rate)
 * never is.
 */
public final class DominantBeat {
    private static final double BEFORE_S = 0.1, AFTER_S = 0.2, LAG_S = 0.04;
    private static final int POOL = 16, AGREE = 8;
    private static final double ALIKE = 0.9, RATE = 0.05, FADE = 0.99, OUTNUMBER = 1.25, EARLY = 0.92;
    /** A template learnt at more than 100 bpm (RR under 0.6 s) must be narrower than this in some lead (s). */
    private static final double FAST_RR_S = 0.6, MAX_FAST_WIDTH_S = 0.1;

    private final int leads, before, after, lag, fs;

    /** A template: per lead (null where the lead was silent while it was learnt), its beat count and usual RR before. */
    private static final class Template {
        float[][] shape;
        double count, rr;
    }

    private Template dominant, rival;
    private double meanRr = Double.NaN;   // every beat's RR before it, averaged over the last beats (s)
    private final ArrayDeque<float[][]> pool = new ArrayDeque<>();   // beats unlike every template, to learn one from
    private final ArrayDeque<Double> poolRr = new ArrayDeque<>();     // each pooled beat's RR before it (s; NaN unknown)

    public DominantBeat(int fs, int leads) {
        this.leads = leads;
        this.fs = fs;
        this.before = (int) Math.round(BEFORE_S * fs);
        this.after = (int) Math.round(AFTER_S * fs);
        this.lag = (int) Math.round(LAG_S * fs);
    }

    public boolean learnt() { return dominant != null; }

    private static final java.util.concurrent.ConcurrentHashMap<Integer, Filters.Biquad[]> BAND = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The signal complexes are cut from: a copy of {@code lead} (NaN where lost, bridged) filtered 1–40 Hz, zero-phase.
     */
    public static float[] band(float[] lead, int fs) {
        float[] x = lead.clone();
        Filters.fillGaps(x);
        Filters.Biquad[] f = BAND.computeIfAbsent(fs, r -> new Filters.Biquad[] {Filters.Biquad.highPass(1, r), Filters.Biquad.lowPass(Math.min(40, 0.45 * r), r)});
        Filters.filtfilt(f[0], x);
        Filters.filtfilt(f[1], x);
        return x;
    }


    /**
     * The complex at R-peak sample {@code r} of {@code band} (per lead, 1–40 Hz; null for a lead not read), with room
     * to align it, or null when it does not fit in the buffer.
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
     * Per lead, how far the complex is from the dominant beat once aligned (best correlation over shifts of ±40 ms):
     * the energy of their difference (each without its mean) over the template's energy; 0 for the same beat, about 1
     * or more for a beat of another size or shape. NaN for a lead not {@code used}, or before a template is learnt.
     */
    public double[] difference(float[][] complex, boolean[] used) {
        double[] out = new double[leads];
        Comparison[] c = compare(complex, used, false);
        for (int k = 0; k < leads; k++) out[k] = c[k] == null ? Double.NaN : c[k].difference();
        return out;
    }

    /**
     * A complex against the dominant beat on one lead, once aligned: {@link #difference}; their correlation; the
     * complex's QRS width over the template's ({@link #width}); its peak-to-peak size over the template's.
     */
    public record Comparison(double difference, double correlation, double widthRatio, double sizeRatio) {}

    /** Per lead, the complex against the dominant beat (null for a lead not {@code used}, or before a template is learnt). */
    public Comparison[] compare(float[][] complex, boolean[] used) {
        return compare(complex, used, true);
    }

    /** {@link #compare}; without {@code shape}, only the difference and correlation (widths and sizes NaN). */
    private Comparison[] compare(float[][] complex, boolean[] used, boolean shape) {
        Comparison[] out = new Comparison[leads];
        if (dominant == null) return out;
        for (int k = 0; k < leads; k++) {
            float[] t = dominant.shape[k];
            if (!used[k] || complex[k] == null || t == null) continue;
            int s = bestShift(complex[k], t);
            int w = t.length;
            double mc = 0, mt = 0;
            float cMin = Float.POSITIVE_INFINITY, cMax = Float.NEGATIVE_INFINITY, tMin = cMin, tMax = cMax;
            for (int i = 0; i < w; i++) {
                float a = complex[k][s + i], b = t[i];
                mc += a;
                mt += b;
                cMin = Math.min(cMin, a); cMax = Math.max(cMax, a);
                tMin = Math.min(tMin, b); tMax = Math.max(tMax, b);
            }
            mc /= w;
            mt /= w;
            double d = 0, e = 0, ec = 0, x = 0;
            for (int i = 0; i < w; i++) {
                double a = complex[k][s + i] - mc, b = t[i] - mt;
                d += (a - b) * (a - b);
                e += b * b;
                ec += a * a;
                x += a * b;
            }
            if (e <= 0) continue;
            double widthRatio = Double.NaN;
            if (shape) {
                float[] padded = new float[w + 2 * lag];
                System.arraycopy(t, 0, padded, lag, w);
                double tw = width(padded);
                if (tw > 0) widthRatio = width(complex[k]) / tw;
            }
            out[k] = new Comparison(d / e, ec <= 0 ? 0 : x / Math.sqrt(ec * e), widthRatio,
                    shape && tMax > tMin ? (cMax - cMin) / (double) (tMax - tMin) : Double.NaN);
        }
        return out;
    }

    /**
     * The QRS width (s) of a complex on one lead: the span holding the middle 80 % of the energy of its slope, the
     * slope weighing the steep QRS far above the slow T wave; a wide ventricular complex spreads it over 100 ms or
     * more, a narrow one keeps it within about 60.
     */
    public double width(float[] lead) {
        int n = before + after - 1;
        double[] e = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double d = lead[lag + i + 1] - lead[lag + i];
            e[i] = d * d;
            total += e[i];
        }
        if (total <= 0) return Double.NaN;
        double c = 0;
        int a = -1, b = n - 1;
        for (int i = 0; i < n; i++) {
            c += e[i];
            if (a < 0 && c >= 0.1 * total) a = i;
            if (c >= 0.9 * total) { b = i; break; }
        }
        return (b - a + 1) / (double) fs;
    }

    /**
     * Where the complex {@code like} (cut by {@link #complex}) recurs in {@code band} with its R peak between samples
     * {@code from} and {@code to}: positions where it correlates at least {@code minCorrelation} with the signal on
     * every {@code used} lead it was read on, at a size between half and twice its own, best first and at least
     * {@code minSpacing} samples apart; in time order. A QRS detector tuned to narrow complexes misses wide ones
     * (their energy lies below its band, or they pass for the T wave of the beat before); the complex just seen finds
     * them again.
     */
    public int[] recurrences(float[][] band, float[][] like, boolean[] used, int from, int to, double minCorrelation, int minSpacing) {
        int w = before + after, n = -1;
        for (float[] l : band) if (l != null) n = Math.max(n, l.length);
        int lo = Math.max(from, before), hi = Math.min(to, n - after);
        if (hi < lo) return new int[0];
        double[] score = new double[hi - lo + 1];
        Arrays.fill(score, Double.NaN);
        double[] likeSize = new double[leads];
        boolean any = false;
        for (int k = 0; k < leads; k++) {
            if (!used[k] || band[k] == null || like[k] == null) continue;
            likeSize[k] = peakToPeak(like[k], lag, w);
            any |= likeSize[k] > 0;
        }
        if (!any) return new int[0];
        for (int r = lo; r <= hi; r++) {
            double least = Double.POSITIVE_INFINITY;
            for (int k = 0; k < leads; k++) {
                if (!(likeSize[k] > 0)) continue;
                double size = peakToPeak(band[k], r - before, w) / likeSize[k];
                double c = size < 0.5 || size > 2 ? -1 : Correlation.of(like[k], lag, band[k], r - before, w);
                least = Math.min(least, c);
            }
            score[r - lo] = least;
        }
        List<Integer> found = new ArrayList<>();
        boolean[] taken = new boolean[score.length];
        while (true) {
            int best = -1;
            for (int i = 0; i < score.length; i++) if (!taken[i] && score[i] >= minCorrelation && (best < 0 || score[i] > score[best])) best = i;
            if (best < 0) break;
            found.add(lo + best);
            for (int i = Math.max(0, best - minSpacing + 1); i < Math.min(score.length, best + minSpacing); i++) taken[i] = true;
        }
        return found.stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    private static double peakToPeak(float[] x, int from, int n) {
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = from; i < from + n; i++) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); }
        return hi - lo;
    }

    /** Least of the non-NaN values, NaN when none. */
    public static double min(double[] v) {
        double m = Double.NaN;
        for (double x : v) if (!Double.isNaN(x) && !(x >= m)) m = x;
        return m;
    }

    /** Learns from a beat whose complex was read on the {@code used} leads, {@code rrS} after the previous beat (NaN unknown). */
    public void learn(float[][] complex, boolean[] used, double rrS) {
        learn(complex, used, rrS, false);
    }

    /**
     * {@link #learn(float[][], boolean[], double)}, where {@code unlikeDominant} says the caller judged the beat unlike
     * the dominant beat (ventricular by its {@link #difference}): it never refines the dominant beat then. Correlation
     * alone calls a complex of the same shape at twice the size alike, and a run of such beats, refining the template
     * 5 % a beat, would drag the usual beat towards the VT until its beats no longer differ from it.
     */
    public void learn(float[][] complex, boolean[] used, double rrS, boolean unlikeDominant) {
        if (!Double.isNaN(rrS)) meanRr = Double.isNaN(meanRr) ? rrS : 0.95 * meanRr + 0.05 * rrS;
        if (dominant != null) dominant.count *= FADE;
        if (rival != null) rival.count *= FADE;
        if (dominant != null && !unlikeDominant && alike(complex, used, dominant)) {
            refine(dominant, complex, used, rrS);
        } else if (rival != null && alike(complex, used, rival)) {
            refine(rival, complex, used, rrS);
        } else {
            pool.addLast(complex);
            poolRr.addLast(rrS);
            if (pool.size() > POOL) { pool.removeFirst(); poolRr.removeFirst(); }
            if (pool.size() >= POOL) {
                Template t = cluster(used, meanRr);
                if (t != null) {
                    if (dominant == null) dominant = t;
                    else rival = t;
                    pool.clear();
                    poolRr.clear();
                }
            }
        }
        if (rival != null && rival.count < 0.5) rival = null;
        // A rival over 100 bpm that came with a clearly faster rate than the dominant beat's own is taken for a
        // ventricular tachycardia, however narrow it looks on the leads read, not for a moved electrode (which keeps the
        // rate): VT must not become the usual beat and turn "normal" 20 s in. The price: a supraventricular
        // tachycardia with aberrant conduction stays ventricular too (MIT-BIH 207). A slower rival may be a conduction
        // that came with the rate (2:1 block turning 1:1 with a rate-related bundle block) and is learnt as before.
        if (dominant != null && rival != null && rival.count > OUTNUMBER * dominant.count && !(rival.rr < EARLY * meanRr)
                && !(rival.rr < FAST_RR_S && rival.rr < EARLY * dominant.rr) && usual(rival)) {
            Template t = dominant;
            dominant = rival;
            rival = t;
        }
    }

    private boolean alike(float[][] complex, boolean[] used, Template t) {
        int w = before + after, n = 0;
        double sum = 0;
        for (int k = 0; k < leads; k++) {
            if (!used[k] || complex[k] == null || t.shape[k] == null) continue;
            int s = bestShift(complex[k], t.shape[k]);
            sum += Correlation.of(complex[k], s, t.shape[k], 0, w);
            n++;
        }
        return n > 0 && sum / n >= ALIKE;
    }

    private void refine(Template t, float[][] complex, boolean[] used, double rrS) {
        int w = before + after, common = -1;
        for (int k = 0; k < leads; k++) {
            if (!used[k] || complex[k] == null || t.shape[k] == null) continue;
            int s = bestShift(complex[k], t.shape[k]);
            if (common < 0) common = s;
            for (int i = 0; i < w; i++) t.shape[k][i] = (float) ((1 - RATE) * t.shape[k][i] + RATE * complex[k][s + i]);
        }
        // A lead silent (or untrusted) while the template was learnt is learnt from the first beat alike on the others,
        // aligned as they are: otherwise, once it is the only lead read, no beat could be compared at all.
        for (int k = 0; k < leads && common >= 0; k++) {
            if (used[k] && complex[k] != null && t.shape[k] == null) t.shape[k] = Arrays.copyOfRange(complex[k], common, common + w);
        }
        t.count += 1;
        if (!Double.isNaN(rrS)) t.rr = Double.isNaN(t.rr) ? rrS : 0.9 * t.rr + 0.1 * rrS;
    }

    /** May this template be the patient's usual beat: not a fast run of complexes wide in every lead. */
    private boolean usual(Template t) {
        if (t.rr >= FAST_RR_S) return true;
        double narrowest = Double.POSITIVE_INFINITY;
        int w = before + after;
        for (float[] s : t.shape) {
            if (s == null) continue;
            float[] padded = new float[w + 2 * lag];
            System.arraycopy(s, 0, padded, lag, w);
            narrowest = Math.min(narrowest, width(padded));
        }
        return narrowest < MAX_FAST_WIDTH_S;
    }

    /**
     * A template from the pool: the largest group of complexes alike in every lead, at least 8, that does not come
     * early against {@code usualRr}, the patient's recent mean RR (or, without one, the pool's median RR); its
     * sample-wise median. Null when none.
     */
    private Template cluster(boolean[] used, double usualRr) {
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
        if (!any) return null;
        if (Double.isNaN(usualRr)) {
            double[] known = Arrays.stream(rr).filter(x -> !Double.isNaN(x)).sorted().toArray();
            usualRr = known.length == 0 ? Double.NaN : known[known.length / 2];
        }
        int bestCentre = -1, bestSize = 0;
        double bestRr = Double.NaN;
        for (int i = 0; i < n; i++) {
            List<Integer> members = members(cs, lead, i, w);
            double m = members.stream().mapToDouble(j -> rr[j]).filter(x -> !Double.isNaN(x)).average().orElse(Double.NaN);
            boolean early = !Double.isNaN(m) && !Double.isNaN(usualRr) && m < EARLY * usualRr;
            if (members.size() >= AGREE && !early && members.size() > bestSize) { bestSize = members.size(); bestCentre = i; bestRr = m; }
        }
        if (bestCentre < 0) return null;
        List<Integer> members = members(cs, lead, bestCentre, w);
        Template t = new Template();
        t.shape = new float[leads][];
        float[] col = new float[members.size()];
        for (int k = 0; k < leads; k++) {
            if (!lead[k]) continue; // a lead silent while learning: none yet, learnt from the first beat alike on the others (refine)
            t.shape[k] = new float[w];
            for (int i = 0; i < w; i++) {
                for (int j = 0; j < col.length; j++) col[j] = cs[members.get(j)][k][lag + i];
                Arrays.sort(col);
                t.shape[k][i] = col[col.length / 2];
            }
        }
        t.count = members.size();
        t.rr = bestRr;
        return dominant == null && !usual(t) ? null : t;
    }

    private List<Integer> members(float[][][] cs, boolean[] lead, int centre, int w) {
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < cs.length; j++) {
            boolean alike = true;
            for (int k = 0; k < leads && alike; k++) if (lead[k] && Correlation.of(cs[centre][k], lag, cs[j][k], lag, w) < ALIKE) alike = false;
            if (alike) out.add(j);
        }
        return out;
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

    public void write(DataOutput o) throws IOException {
        o.writeInt(leads);
        for (Template t : new Template[] {dominant, rival}) {
            o.writeBoolean(t != null);
            if (t == null) continue;
            o.writeDouble(t.count);
            o.writeDouble(t.rr);
            writeLeads(o, t.shape);
        }
        o.writeDouble(meanRr);
        o.writeInt(pool.size());
        for (float[][] c : pool) writeLeads(o, c);
        for (double r : poolRr) o.writeDouble(r);
    }

    public void read(DataInput in) throws IOException {
        if (in.readInt() != leads) throw new IOException("dominant beat of another lead count");
        Template[] ts = new Template[2];
        for (int i = 0; i < 2; i++) {
            if (!in.readBoolean()) continue;
            ts[i] = new Template();
            ts[i].count = in.readDouble();
            ts[i].rr = in.readDouble();
            ts[i].shape = readLeads(in);
        }
        dominant = ts[0];
        rival = ts[1];
        meanRr = in.readDouble();
        pool.clear();
        poolRr.clear();
        int n = in.readInt();
        for (int p = 0; p < n; p++) pool.addLast(readLeads(in));
        for (int p = 0; p < n; p++) poolRr.addLast(in.readDouble());
    }

    /** Writes a complex as {@link #complex} cuts it (per lead, null where not read). */
    public void writeLeads(DataOutput o, float[][] c) throws IOException {
        for (float[] l : c) {
            o.writeInt(l == null ? -1 : l.length);
            if (l != null) for (float v : l) o.writeFloat(v);
        }
    }

    /** Reads what {@link #writeLeads} wrote. */
    public float[][] readLeads(DataInput in) throws IOException {
        float[][] c = new float[leads][];
        for (int k = 0; k < leads; k++) {
            int n = in.readInt();
            if (n < 0) continue;
            if (n > 4 * (before + after + 2 * lag)) throw new IOException("dominant beat state: a complex of " + n + " samples");
            c[k] = new float[n];
            for (int i = 0; i < n; i++) c[k][i] = in.readFloat();
        }
        return c;
    }
}
