package org.openholter.core.hrv;

import java.util.Arrays;

/**
 * Normal-to-normal intervals: the RR intervals between two consecutive sinus beats, with ectopic beats and their
 * neighbours left out (an ectopic beat shortens the interval before it and its compensatory pause lengthens the one
 * after, neither of which is autonomic modulation). Intervals outside {@value #MIN_MS}–{@value #MAX_MS} ms (a missed or
 * an extra detection) are left out too.
 *
 * @param timesS the end (second beat) of each interval, s on any fixed clock
 * @param nnMs   the intervals, ms
 */
public record NnSeries(double[] timesS, double[] nnMs) {
    public static final double MIN_MS = 300, MAX_MS = 2000;

    public NnSeries {
        if (timesS.length != nnMs.length) throw new IllegalArgumentException("one time per interval");
    }

    public int size() { return nnMs.length; }

    /** Beat labels that count as normal (sinus-node) beats: MIT N, L, R, e, j. */
    public static boolean normal(char label) {
        return label == 'N' || label == 'L' || label == 'R' || label == 'e' || label == 'j';
    }

    /**
     * NN intervals of consecutive beats ({@code timesMicros} increasing, {@code labels} their MIT codes): an interval
     * counts when both its beats are normal and neither has an ectopic neighbour.
     */
    public static NnSeries fromBeats(long[] timesMicros, char[] labels) {
        int n = timesMicros.length;
        boolean[] clean = new boolean[n];
        for (int i = 0; i < n; i++) {
            clean[i] = normal(labels[i]) && (i == 0 || normal(labels[i - 1])) && (i == n - 1 || normal(labels[i + 1]));
        }
        double[] t = new double[n], v = new double[n];
        int m = 0;
        for (int i = 1; i < n; i++) {
            if (!clean[i] || !clean[i - 1]) continue;
            double ms = (timesMicros[i] - timesMicros[i - 1]) / 1000.0;
            if (ms < MIN_MS || ms > MAX_MS) continue;
            t[m] = timesMicros[i] / 1e6;
            v[m++] = ms;
        }
        return new NnSeries(Arrays.copyOf(t, m), Arrays.copyOf(v, m));
    }

    /** The intervals ending in [{@code fromS}, {@code toS}). */
    public NnSeries between(double fromS, double toS) {
        int a = 0, b = timesS.length;
        while (a < b && timesS[a] < fromS) a++;
        int e = a;
        while (e < b && timesS[e] < toS) e++;
        return new NnSeries(Arrays.copyOfRange(timesS, a, e), Arrays.copyOfRange(nnMs, a, e));
    }
}
