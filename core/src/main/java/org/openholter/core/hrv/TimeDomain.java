package org.openholter.core.hrv;

/**
 * Time-domain HRV (Task Force 1996) of one NN series; NaN where the series is too short for the measure.
 *
 * @param meanNnMs      mean NN interval
 * @param sdnnMs        standard deviation of the NN intervals (n − 1)
 * @param rmssdMs       root mean square of successive differences
 * @param sdsdMs        standard deviation of successive differences
 * @param nn50          successive differences over 50 ms
 * @param pnn50         NN50 over the number of differences, %
 * @param triangularIndex intervals over the height of their histogram (bins of 1/128 s)
 * @param tinnMs        base of the triangle best fitting the histogram (least squares)
 * @param skewness      skewness of the intervals (ECGomics' intensity dimension; NaN under 3 intervals)
 * @param kurtosis      their excess kurtosis
 */
public record TimeDomain(int count, double meanNnMs, double sdnnMs, double rmssdMs, double sdsdMs, int nn50, double pnn50,
                         double triangularIndex, double tinnMs, double skewness, double kurtosis) {
    /** Histogram bin of the geometric measures: 1/128 s. */
    public static final double BIN_MS = 1000.0 / 128;

    public static TimeDomain of(double[] nn) {
        int n = nn.length;
        double mean = Stats.mean(nn), sdnn = Stats.sd(nn);
        double[] d = Stats.diff(nn);
        double rmssd = d.length == 0 ? Double.NaN : Math.sqrt(Stats.sumSquares(d) / d.length);
        int nn50 = 0;
        for (double x : d) if (Math.abs(x) > 50) nn50++;
        double pnn50 = d.length == 0 ? Double.NaN : 100.0 * nn50 / d.length;
        int[] hist = histogram(nn);
        int peak = 0;
        for (int h : hist) peak = Math.max(peak, h);
        double tri = n >= 2 && peak > 0 ? n / (double) peak : Double.NaN;
        double[] sk = Stats.skewKurtosis(nn);
        return new TimeDomain(n, mean, sdnn, rmssd, Stats.sd(d), nn50, pnn50, tri, n >= 20 ? tinn(hist) : Double.NaN, sk[0], sk[1]);
    }

    /** Counts in 1/128-s bins from 0 up to the longest interval. */
    static int[] histogram(double[] nn) {
        double max = 0;
        for (double x : nn) max = Math.max(max, x);
        int[] h = new int[(int) (max / BIN_MS) + 2];
        for (double x : nn) h[(int) (x / BIN_MS)]++;
        return h;
    }

    /**
     * TINN: the triangle q with q(N) = q(M) = 0, q(X) = D(X) at the histogram's peak X, that minimises
     * Σ (D − q)² over the histogram; TINN = M − N in ms.
     */
    static double tinn(int[] d) {
        int x = 0;
        for (int i = 1; i < d.length; i++) if (d[i] > d[x]) x = i;
        double y = d[x], best = Double.POSITIVE_INFINITY;
        int bestN = x, bestM = x;
        // Left and right halves are independent: the error splits into a part for N and a part for M.
        for (int nIdx = 0; nIdx < x; nIdx++) {
            double e = 0;
            for (int i = 0; i < x; i++) {
                double q = i <= nIdx ? 0 : y * (i - nIdx) / (x - nIdx);
                e += (d[i] - q) * (d[i] - q);
            }
            if (e < best) { best = e; bestN = nIdx; }
        }
        best = Double.POSITIVE_INFINITY;
        for (int mIdx = x + 1; mIdx <= d.length; mIdx++) {
            double e = 0;
            for (int i = x + 1; i < d.length; i++) {
                double q = i >= mIdx ? 0 : y * (mIdx - i) / (mIdx - x);
                e += (d[i] - q) * (d[i] - q);
            }
            if (e < best) { best = e; bestM = mIdx; }
        }
        return (bestM - bestN) * BIN_MS;
    }
}
