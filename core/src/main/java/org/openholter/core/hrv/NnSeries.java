package org.openholter.core.hrv;

import java.util.Arrays;

/**
 * Normal-to-normal intervals: the RR intervals between two consecutive sinus beats, with ectopic beats and their
 * neighbours left out (an ectopic beat shortens the interval before it and its compensatory pause lengthens the one
 * after, neither of which is autonomic modulation); see {@link NnFilter} for the rules.
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
     * NN intervals of consecutive beats ({@code timesMicros} increasing, {@code labels} their MIT codes), kept as
     * {@link NnFilter} keeps them (normal beats without ectopic neighbours, plausible, within 20 % of the interval before).
     */
    public static NnSeries fromBeats(long[] timesMicros, char[] labels) {
        double[] t = new double[timesMicros.length], v = new double[timesMicros.length];
        int[] m = {0};
        NnFilter f = new NnFilter((end, ms) -> { t[m[0]] = end / 1e6; v[m[0]++] = ms; });
        for (int i = 0; i < timesMicros.length; i++) {
            f.beat(timesMicros[i], labels[i], i == 0 ? Double.NaN : (timesMicros[i] - timesMicros[i - 1]) / 1000.0);
        }
        f.flush();
        return new NnSeries(Arrays.copyOf(t, m[0]), Arrays.copyOf(v, m[0]));
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
