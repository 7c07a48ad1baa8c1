package org.openholter.core.hrv;

/** Small numeric helpers of the HRV measures. */
final class Stats {
    private Stats() {}

    static double mean(double[] x) {
        if (x.length == 0) return Double.NaN;
        double s = 0;
        for (double v : x) s += v;
        return s / x.length;
    }

    /** Sample standard deviation (n − 1); NaN under two values. */
    static double sd(double[] x) {
        if (x.length < 2) return Double.NaN;
        double m = mean(x), s = 0;
        for (double v : x) s += (v - m) * (v - m);
        return Math.sqrt(s / (x.length - 1));
    }

    static double[] diff(double[] x) {
        if (x.length < 2) return new double[0];
        double[] d = new double[x.length - 1];
        for (int i = 1; i < x.length; i++) d[i - 1] = x[i] - x[i - 1];
        return d;
    }

    static double sumSquares(double[] x) {
        double s = 0;
        for (double v : x) s += v * v;
        return s;
    }

    /** Third and fourth standardised moments (skewness, excess kurtosis); NaN under three values or without spread. */
    static double[] skewKurtosis(double[] x) {
        if (x.length < 3) return new double[] {Double.NaN, Double.NaN};
        double m = mean(x), m2 = 0, m3 = 0, m4 = 0;
        for (double v : x) {
            double d = v - m, d2 = d * d;
            m2 += d2;
            m3 += d2 * d;
            m4 += d2 * d2;
        }
        m2 /= x.length;
        m3 /= x.length;
        m4 /= x.length;
        if (m2 <= 0) return new double[] {Double.NaN, Double.NaN};
        return new double[] {m3 / Math.pow(m2, 1.5), m4 / (m2 * m2) - 3};
    }
}
