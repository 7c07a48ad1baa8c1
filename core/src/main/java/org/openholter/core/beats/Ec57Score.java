package org.openholter.core.beats;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Beat-by-beat comparison in the manner of ANSI/AAMI EC57 (and of the WFDB tool {@code bxb}): reference and
 * test beats are matched one to one within 150 ms, beats in the first 5 minutes are left out, and each
 * matched pair lands in a confusion matrix of AAMI classes; unmatched reference beats are missed ({@code O}
 * column), unmatched test beats are extra ({@code O} row).
 *
 * <p>Statistics, for a class X of S (SVEB) or V (VEB), counted over N, S and V only (F and Q on either side
 * neither help nor hurt, as in EC57): Se = XX / (reference X), +P = XX / (test X); VEB false-positive rate =
 * non-V reference beats called V / non-V reference beats. QRS detection counts every class.
 */
public final class Ec57Score {
    /** AAMI classes, and O for "no beat" (missed or extra). */
    public static final String CLASSES = "NSVFQ";
    private static final int O = 5;

    /** AAMI class of an MIT-BIH beat code ('N','S','V','F','Q'), or 0 when the code is not a beat. */
    public static char aami(String mitSymbol) {
        switch (mitSymbol) {
            case "N": case "L": case "R": case "e": case "j": return 'N';
            case "A": case "a": case "J": case "S": return 'S';
            case "V": case "E": return 'V';
            case "F": return 'F';
            case "/": case "f": case "Q": return 'Q';
            default: return 0;
        }
    }

    /** One record's matrix: {@code m[ref][test]}, indices in {@link #CLASSES} order, 5 = O. */
    public static final class Matrix {
        final long[][] m = new long[6][6];

        public long get(char ref, char test) { return m[idx(ref)][idx(test)]; }

        void add(Matrix o) { for (int i = 0; i < 6; i++) for (int j = 0; j < 6; j++) m[i][j] += o.m[i][j]; }

        public long qrsTp() { long s = 0; for (int i = 0; i < 5; i++) for (int j = 0; j < 5; j++) s += m[i][j]; return s; }
        public long qrsFn() { long s = 0; for (int i = 0; i < 5; i++) s += m[i][O]; return s; }
        public long qrsFp() { long s = 0; for (int j = 0; j < 5; j++) s += m[O][j]; return s; }
        public double qrsSe() { return ratio(qrsTp(), qrsTp() + qrsFn()); }
        public double qrsPpv() { return ratio(qrsTp(), qrsTp() + qrsFp()); }

        /** Reference beats of class x over N, S, V and missed. */
        long refOf(int x) { return m[x][0] + m[x][1] + m[x][2] + m[x][O]; }
        /** Test beats of class x over reference N, S, V and extra. */
        long testOf(int x) { return m[0][x] + m[1][x] + m[2][x] + m[O][x]; }

        public long references(char x) { return refOf(idx(x)); }
        public double se(char x) { int i = idx(x); return ratio(m[i][i], refOf(i)); }
        public double ppv(char x) { int i = idx(x); return ratio(m[i][i], testOf(i)); }
        /** Beats called x that were another class or no beat: +P's false positives (shown where +P is 0 by definition). */
        public long falsePositives(char x) { int i = idx(x); return testOf(i) - m[i][i]; }

        /** Non-V reference beats (N, S) called V, over all non-V reference beats that were detected. */
        public double vebFpr() {
            long fp = m[0][2] + m[1][2], all = m[0][0] + m[0][1] + m[0][2] + m[1][0] + m[1][1] + m[1][2];
            return ratio(fp, all);
        }

        public String render() {
            StringBuilder b = new StringBuilder("ref\\test     n       s       v       f       q       o\n");
            for (int i = 0; i < 6; i++) {
                b.append(i < 5 ? CLASSES.charAt(i) : 'O').append("      ");
                for (int j = 0; j < 6; j++) b.append(String.format("%8s", i == O && j == O ? "-" : Long.toString(m[i][j])));
                b.append('\n');
            }
            return b.toString();
        }
    }

    /** One record's result. */
    public record RecordResult(String record, Matrix matrix) {}

    private final int matchWindowMs;
    private final double skipSeconds;
    private final List<RecordResult> records = new ArrayList<>();

    /** EC57 defaults: 150-ms match window, first 5 minutes left out. */
    public Ec57Score() { this(150, 300); }

    public Ec57Score(int matchWindowMs, double skipSeconds) {
        this.matchWindowMs = matchWindowMs;
        this.skipSeconds = skipSeconds;
    }

    /**
     * Adds one record. Positions in samples at {@code fs}; classes as AAMI characters. Beats before
     * {@code skipSeconds} are ignored on both sides (a test beat matched to a skipped reference beat is
     * not counted as extra).
     */
    public RecordResult add(String record, long[] refSample, char[] refClass, long[] testSample, char[] testClass, double fs) {
        return add(record, refSample, refClass, testSample, testClass, fs, new long[0][]);
    }

    /**
     * The same, leaving out {@code excluded} stretches ({from, to} samples; EC57: the reference's ventricular
     * flutter / fibrillation episodes, between {@code [} and {@code ]}, where there are no beats to compare).
     */
    public RecordResult add(String record, long[] refSample, char[] refClass, long[] testSample, char[] testClass, double fs,
                            long[][] excluded) {
        long window = Math.round(matchWindowMs * fs / 1000.0), skip = Math.round(skipSeconds * fs);
        Matrix mx = new Matrix();
        boolean[] used = new boolean[testSample.length];
        int j = 0;
        for (int i = 0; i < refSample.length; i++) {
            long r = refSample[i];
            while (j < testSample.length && testSample[j] < r - window) j++;
            // Nearest unused test beat within the window (greedy in time order, as bxb does).
            int best = -1;
            long bestD = Long.MAX_VALUE;
            for (int k = j; k < testSample.length && testSample[k] <= r + window; k++) {
                long d = Math.abs(testSample[k] - r);
                if (!used[k] && d < bestD) { best = k; bestD = d; }
            }
            if (best >= 0) used[best] = true;
            if (r < skip || inside(r, excluded)) continue;
            mx.m[idx(refClass[i])][best >= 0 ? idx(testClass[best]) : O]++;
        }
        for (int k = 0; k < testSample.length; k++) {
            if (!used[k] && testSample[k] >= skip && !inside(testSample[k], excluded)) mx.m[O][idx(testClass[k])]++;
        }
        RecordResult rr = new RecordResult(record, mx);
        records.add(rr);
        return rr;
    }

    public List<RecordResult> records() { return Collections.unmodifiableList(records); }

    /** All records pooled ("gross" statistics). */
    public Matrix gross() {
        Matrix g = new Matrix();
        for (RecordResult r : records) g.add(r.matrix());
        return g;
    }

    /** Mean over records of a per-record statistic, skipping records where it is undefined ("average" statistics). */
    public double average(java.util.function.ToDoubleFunction<Matrix> stat) {
        return records.stream().mapToDouble(r -> stat.applyAsDouble(r.matrix())).filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
    }

    private static boolean inside(long s, long[][] stretches) {
        for (long[] x : stretches) if (s >= x[0] && s <= x[1]) return true;
        return false;
    }

    /** The reference's ventricular flutter / fibrillation episodes ({@code [} … {@code ]}), as {from, to} samples. */
    public static long[][] flutterEpisodes(java.util.List<org.openholter.core.wfdb.Annotation> annotations, long recordEnd) {
        java.util.List<long[]> out = new java.util.ArrayList<>();
        long start = -1;
        for (org.openholter.core.wfdb.Annotation a : annotations) {
            if (a.symbol().equals("[")) start = a.sample();
            else if (a.symbol().equals("]") && start >= 0) { out.add(new long[] {start, a.sample()}); start = -1; }
        }
        if (start >= 0) out.add(new long[] {start, recordEnd});
        return out.toArray(long[][]::new);
    }

    static int idx(char c) {
        int i = CLASSES.indexOf(c);
        if (i < 0) throw new IllegalArgumentException("not an AAMI class: " + c);
        return i;
    }

    static double ratio(long a, long b) { return b == 0 ? Double.NaN : a / (double) b; }
}
