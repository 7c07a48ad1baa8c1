package org.openholter.core.signal;

/** How alike two shapes are. */
public final class Correlation {
    private Correlation() {}

    /** Pearson correlation of {@code a[ao..ao+n)} and {@code b[bo..bo+n)} (0 when either is constant). */
    public static double of(float[] a, int ao, float[] b, int bo, int n) {
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) { ma += a[ao + i]; mb += b[bo + i]; }
        ma /= n;
        mb /= n;
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < n; i++) {
            double x = a[ao + i] - ma, y = b[bo + i] - mb;
            ab += x * y;
            aa += x * x;
            bb += y * y;
        }
        return aa == 0 || bb == 0 ? 0 : ab / Math.sqrt(aa * bb);
    }

    /** Pearson correlation of two equally long series. */
    public static double of(float[] a, float[] b) {
        return of(a, 0, b, 0, Math.min(a.length, b.length));
    }
}
