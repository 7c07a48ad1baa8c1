package org.openholter.core.delineation;

import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Pooled delineation scores: per boundary type, each reference boundary in time
 * order takes the nearest still-unmatched prediction, a hit within the Martínez tolerance (greedy,
 * one to one); Se = hits / references, P+ = hits / predictions, F1 their harmonic mean, with the
 * signed errors of the hits (mean, SD, median |error|). Only boundaries inside the record's annotated
 * span ±100 ms count. Records are added one by one; the totals pool them.
 */
public final class DelineationScore {
    public static final int SPAN_MARGIN_MS = 100;

    /** Totals of one boundary type. */
    public static final class Tally {
        int references, predictions, hits;
        final TimingErrors errors = new TimingErrors();

        public double se() { return references == 0 ? Double.NaN : hits / (double) references; }
        public double ppv() { return predictions == 0 ? Double.NaN : hits / (double) predictions; }
        public double f1() {
            double se = se(), p = ppv();
            return se + p == 0 || Double.isNaN(se) || Double.isNaN(p) ? 0 : 2 * se * p / (se + p);
        }
        public double meanMs() { return errors.meanMs(); }
        public double sdMs() { return errors.sdMs(); }
        public double medianAbsMs() { return errors.medianAbsMs(); }
        public int references() { return references; }
        public int predictions() { return predictions; }
        public int hits() { return hits; }
    }

    private final EnumMap<Boundary, Tally> tallies = new EnumMap<>(Boundary.class);

    public DelineationScore() {
        for (Boundary b : Boundary.values()) tallies.put(b, new Tally());
    }

    public Tally get(Boundary b) { return tallies.get(b); }

    public double macroF1() {
        return tallies.values().stream().mapToDouble(Tally::f1).average().orElse(0);
    }

    /** Scores one record (reference and prediction at the same rate {@code fs}). */
    public void add(WaveBoundaries reference, WaveBoundaries predicted, int fs) {
        long[] span = reference.span();
        if (span == null) return;
        long margin = Math.round(SPAN_MARGIN_MS * fs / 1000.0);
        long lo = span[0] - margin, hi = span[1] + margin;
        for (Map.Entry<Boundary, Tally> e : tallies.entrySet()) {
            Boundary b = e.getKey();
            long[] ref = inside(reference.get(b), lo, hi);
            long[] pred = inside(predicted.get(b), lo, hi);
            match(ref, pred, Math.round(b.toleranceMs() * fs / 1000.0), fs, e.getValue());
        }
    }

    private static long[] inside(List<Long> l, long lo, long hi) {
        return l.stream().mapToLong(Long::longValue).filter(s -> s >= lo && s <= hi).sorted().toArray();
    }

    static void match(long[] ref, long[] pred, long tolerance, int fs, Tally t) {
        t.references += ref.length;
        t.predictions += pred.length;
        boolean[] used = new boolean[pred.length];
        for (long r : ref) {
            int best = -1;
            long bestDist = Long.MAX_VALUE;
            // Nearest unused prediction: search outwards from the insertion point.
            int at = Arrays.binarySearch(pred, r);
            if (at < 0) at = -at - 1;
            for (int i = at - 1; i >= 0; i--) {
                long d = r - pred[i];
                if (d > bestDist) break;
                if (!used[i]) { best = i; bestDist = d; break; }
            }
            for (int i = at; i < pred.length; i++) {
                long d = pred[i] - r;
                if (d >= bestDist) break;
                if (!used[i]) { best = i; bestDist = d; break; }
            }
            if (best >= 0 && bestDist <= tolerance) {
                used[best] = true;
                t.hits++;
                t.errors.add((pred[best] - r) * 1000.0 / fs);
            }
        }
    }

    public Map<Boundary, Tally> tallies() { return Collections.unmodifiableMap(tallies); }
}
