package org.openholter.core.signal;

import org.jtransforms.fft.DoubleFFT_1D;
import org.jtransforms.fft.FloatFFT_1D;

import java.util.HashMap;
import java.util.Map;

/**
 * FFT plans and Hann windows by length, made once per thread: planning (twiddle factors) and the window's cosines cost
 * more than transforming one 10-s window, and every window of every patient transforms the same few lengths. The
 * arrays returned are shared: read them, never write them.
 */
public final class FftPlans {
    private FftPlans() {}

    private static final ThreadLocal<Map<Integer, DoubleFFT_1D>> DOUBLE = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<Integer, FloatFFT_1D>> FLOAT = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<Integer, double[]>> HANN = ThreadLocal.withInitial(HashMap::new);
    private static final ThreadLocal<Map<Integer, float[]>> HANN_FLOAT = ThreadLocal.withInitial(HashMap::new);

    public static DoubleFFT_1D doubles(int n) { return DOUBLE.get().computeIfAbsent(n, DoubleFFT_1D::new); }

    public static FloatFFT_1D floats(int n) { return FLOAT.get().computeIfAbsent(n, FloatFFT_1D::new); }

    /** The symmetric Hann window of {@code n} points, {@code 0.5 − 0.5 cos(2πi / (n − 1))} (1 for a single point). */
    public static double[] hann(int n) {
        return HANN.get().computeIfAbsent(n, k -> {
            double[] w = new double[k];
            for (int i = 0; i < k; i++) w[i] = k == 1 ? 1 : 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (k - 1));
            return w;
        });
    }

    /** {@link #hann} in floats. */
    public static float[] hannFloat(int n) {
        return HANN_FLOAT.get().computeIfAbsent(n, k -> {
            double[] w = hann(k);
            float[] f = new float[k];
            for (int i = 0; i < k; i++) f[i] = (float) w[i];
            return f;
        });
    }
}
