package org.openholter.core.hrv;

/**
 * Nonlinear HRV of an NN series; NaN where the series is too short.
 *
 * @param sd1Ms     Poincaré plot spread across the identity line: √(var(ΔNN) / 2)
 * @param sd2Ms     spread along it: √(2·SDNN² − SD1²)
 * @param sampleEntropy SampEn(m = 2, r = 0.2·SDNN), from {@value #MIN_SAMPEN} intervals
 * @param dfaAlpha1 detrended fluctuation slope over boxes of 4–16 beats, from {@value #MIN_DFA1} intervals
 * @param dfaAlpha2 the same over 16–64 beats, from {@value #MIN_DFA2} intervals
 */
public record Nonlinear(double sd1Ms, double sd2Ms, double sampleEntropy, double dfaAlpha1, double dfaAlpha2) {
    public static final int MIN_SAMPEN = 20, MIN_DFA1 = 32, MIN_DFA2 = 128;

    public static Nonlinear of(double[] nn) {
        double[] d = Stats.diff(nn);
        double sdd = Stats.sd(d), sdnn = Stats.sd(nn);
        double sd1 = sdd / Math.sqrt(2);
        double sd2 = Math.sqrt(Math.max(0, 2 * sdnn * sdnn - sd1 * sd1));
        return new Nonlinear(sd1, sd2, nn.length >= MIN_SAMPEN ? sampleEntropy(nn, 2, 0.2 * sdnn) : Double.NaN,
                nn.length >= MIN_DFA1 ? dfa(nn, 4, 16) : Double.NaN, nn.length >= MIN_DFA2 ? dfa(nn, 16, 64) : Double.NaN);
    }

    /**
     * Sample entropy: −ln(A / B), B the pairs of length-m templates within r (Chebyshev distance, no self-matches),
     * A the same for length m + 1, both over the first n − m templates. NaN when no pair matches.
     */
    static double sampleEntropy(double[] x, int m, double r) {
        int n = x.length;
        long a = 0, b = 0;
        for (int i = 0; i < n - m; i++) {
            for (int j = i + 1; j < n - m; j++) {
                int k = 0;
                while (k < m && Math.abs(x[i + k] - x[j + k]) <= r) k++;
                if (k < m) continue;
                b++;
                if (Math.abs(x[i + m] - x[j + m]) <= r) a++;
            }
        }
        return a == 0 || b == 0 ? Double.NaN : -Math.log((double) a / b);
    }

    /** DFA slope of log F(n) against log n over box sizes minBox..maxBox (non-overlapping boxes, linear detrending). */
    static double dfa(double[] x, int minBox, int maxBox) {
        int n = x.length;
        double mean = Stats.mean(x);
        double[] y = new double[n];
        double acc = 0;
        for (int i = 0; i < n; i++) { acc += x[i] - mean; y[i] = acc; }
        int sizes = 0;
        double sx = 0, sy = 0, sxx = 0, sxy = 0;
        for (int box = minBox; box <= Math.min(maxBox, n / 2); box++) {
            int boxes = n / box;
            double f2 = 0;
            for (int b = 0; b < boxes; b++) f2 += residual(y, b * box, box);
            double f = Math.sqrt(f2 / (boxes * box));
            if (f <= 0) continue;
            double lx = Math.log(box), ly = Math.log(f);
            sx += lx; sy += ly; sxx += lx * lx; sxy += lx * ly;
            sizes++;
        }
        if (sizes < 3) return Double.NaN;
        return (sizes * sxy - sx * sy) / (sizes * sxx - sx * sx);
    }

    /** Sum of squared residuals of the least-squares line through y[from..from+len). */
    private static double residual(double[] y, int from, int len) {
        double mt = (len - 1) / 2.0, my = 0;
        for (int i = 0; i < len; i++) my += y[from + i];
        my /= len;
        double stt = 0, sty = 0;
        for (int i = 0; i < len; i++) { stt += (i - mt) * (i - mt); sty += (i - mt) * (y[from + i] - my); }
        double slope = sty / stt, s = 0;
        for (int i = 0; i < len; i++) {
            double e = y[from + i] - my - slope * (i - mt);
            s += e * e;
        }
        return s;
    }
}
