package org.openholter.core.signal;

/** Small zero-phase filters for windowed analysis (the whole window is known, so no causality needed). */
public final class Filters {
    private Filters() {}

    /** Second-order section coefficients (b0, b1, b2, a1, a2), a0 = 1. */
    public record Biquad(double b0, double b1, double b2, double a1, double a2) {
        /** RBJ cookbook high-pass. */
        public static Biquad highPass(double fc, double fs) {
            double w = 2 * Math.PI * fc / fs, c = Math.cos(w), al = Math.sin(w) / (2 * Math.sqrt(0.5));
            double a0 = 1 + al;
            return new Biquad((1 + c) / 2 / a0, -(1 + c) / a0, (1 + c) / 2 / a0, -2 * c / a0, (1 - al) / a0);
        }

        /** RBJ cookbook low-pass. */
        public static Biquad lowPass(double fc, double fs) {
            double w = 2 * Math.PI * fc / fs, c = Math.cos(w), al = Math.sin(w) / (2 * Math.sqrt(0.5));
            double a0 = 1 + al;
            return new Biquad((1 - c) / 2 / a0, (1 - c) / a0, (1 - c) / 2 / a0, -2 * c / a0, (1 - al) / a0);
        }

        /** RBJ notch at f0 with quality q (mains hum). */
        public static Biquad notch(double f0, double q, double fs) {
            double w = 2 * Math.PI * f0 / fs, c = Math.cos(w), al = Math.sin(w) / (2 * q);
            double a0 = 1 + al;
            return new Biquad(1 / a0, -2 * c / a0, 1 / a0, -2 * c / a0, (1 - al) / a0);
        }
    }

    /** Applies the section forwards then backwards (zero phase, squared magnitude), in place. */
    public static void filtfilt(Biquad q, float[] x) {
        if (x.length == 0) return;
        pass(q, x, true);
        pass(q, x, false);
    }

    private static void pass(Biquad q, float[] x, boolean forward) {
        int n = x.length;
        int start = forward ? 0 : n - 1;
        // Start in steady state for the edge value to avoid a step transient.
        double edge = x[start];
        double dc = (q.b0 + q.b1 + q.b2) / (1 + q.a1 + q.a2);
        double y1 = edge * dc, y2 = y1, x1 = edge, x2 = edge;
        for (int k = 0; k < n; k++) {
            int i = forward ? k : n - 1 - k;
            double xi = x[i];
            double y = q.b0 * xi + q.b1 * x1 + q.b2 * x2 - q.a1 * y1 - q.a2 * y2;
            x2 = x1; x1 = xi; y2 = y1; y1 = y;
            x[i] = (float) y;
        }
    }

    /** Replaces NaN (missing samples) by linear interpolation between valid neighbours; returns the count replaced. */
    public static int fillGaps(float[] x) {
        int n = x.length, filled = 0, i = 0;
        while (i < n) {
            if (!Float.isNaN(x[i])) { i++; continue; }
            int j = i;
            while (j < n && Float.isNaN(x[j])) j++;
            float left = i > 0 ? x[i - 1] : (j < n ? x[j] : 0f);
            float right = j < n ? x[j] : left;
            for (int k = i; k < j; k++) {
                float t = (k - i + 1f) / (j - i + 1f);
                x[k] = left + (right - left) * t;
            }
            filled += j - i;
            i = j;
        }
        return filled;
    }

    /** Centred moving average of width w (odd), edges use the available samples. */
    public static float[] movingAverage(float[] x, int w) {
        int n = x.length, h = w / 2;
        float[] out = new float[n];
        double[] c = new double[n + 1];
        for (int i = 0; i < n; i++) c[i + 1] = c[i] + x[i];
        for (int i = 0; i < n; i++) {
            int a = Math.max(0, i - h), b = Math.min(n, i + h + 1);
            out[i] = (float) ((c[b] - c[a]) / (b - a));
        }
        return out;
    }
}
