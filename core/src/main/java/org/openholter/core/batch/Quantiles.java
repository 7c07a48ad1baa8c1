package org.openholter.core.batch;

/** Quantiles of sorted values with linear interpolation between neighbours (NumPy's default). */
public final class Quantiles {
    private Quantiles() {}

    /** The {@code q} quantile (0–1) of {@code sorted} (ascending); NaN when empty. */
    public static double of(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        return i + 1 < sorted.length ? sorted[i] + (pos - i) * (sorted[i + 1] - sorted[i]) : sorted[i];
    }
}
