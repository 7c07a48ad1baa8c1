package org.openholter.core.rhythm;

import org.openholter.core.signal.FftPlans;

/**
 * Signal features that tell ventricular flutter / fibrillation from organised rhythms, computed on one lead
 * without beat detection (VF has no QRS to detect):
 * <ul>
 *   <li><b>leakage</b> of the VF filter (Kuo and Dillman 1978): VF is nearly sinusoidal, so a signal added to
 *       itself half a mean period later nearly cancels; QRS complexes do not. Low leakage → VF.</li>
 *   <li><b>band fraction</b>: share of the 0.5–30 Hz power between 2 and 9 Hz, where VF's energy lies; a QRS
 *       spreads its energy to 10–25 Hz.</li>
 *   <li><b>peak-to-peak</b> amplitude (mV): fine VF below ~0.1 mV is indistinguishable from asystole or noise.</li>
 * </ul>
 */
public record VfFeatures(double leakage, double bandFraction, double peakToPeakMv) {
    /** Features of {@code x} (mV, NaN treated as 0) at {@code fs}. */
    public static VfFeatures of(float[] x, int fs) {
        int n = x.length;
        double mean = 0;
        for (float v : x) mean += Float.isNaN(v) ? 0 : v;
        mean /= Math.max(1, n);
        float[] y = new float[n];
        float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            y[i] = Float.isNaN(x[i]) ? 0f : (float) (x[i] - mean);
            lo = Math.min(lo, y[i]);
            hi = Math.max(hi, y[i]);
        }
        // Baseline-free copy (1 Hz high-pass by a 1-s moving-average subtraction) for the leakage.
        float[] z = y.clone();
        int w = Math.max(1, fs / 2);
        double run = 0;
        float[] ma = new float[n];
        for (int i = 0; i < n; i++) {
            run += y[i];
            if (i >= 2 * w + 1) run -= y[i - 2 * w - 1];
            int count = Math.min(i + 1, 2 * w + 1);
            ma[Math.max(0, i - w)] = (float) (run / count);
        }
        for (int i = 0; i < n; i++) z[i] = y[i] - ma[i];
        double sumAbs = 0, sumDiff = 0;
        for (int i = 1; i < n; i++) { sumAbs += Math.abs(z[i]); sumDiff += Math.abs(z[i] - z[i - 1]); }
        double leakage = 1;
        if (sumDiff > 0) {
            int half = (int) Math.round(Math.PI * sumAbs / sumDiff / 2);
            if (half >= 1 && half < n / 2) {
                double num = 0, den = 0;
                for (int i = half; i < n; i++) {
                    num += Math.abs(z[i] + z[i - half]);
                    den += Math.abs(z[i]) + Math.abs(z[i - half]);
                }
                leakage = den > 0 ? num / den : 1;
            }
        }
        // Power spectrum (real FFT of the Hann-windowed signal).
        float[] hann = FftPlans.hannFloat(n);
        float[] f = new float[n];
        for (int i = 0; i < n; i++) f[i] = z[i] * hann[i];
        FftPlans.floats(n).realForward(f);
        double band = 0, total = 0;
        for (int k = 1; k < n / 2; k++) {
            double hz = k * (double) fs / n;
            if (hz < 0.5 || hz > 30) continue;
            double p = f[2 * k] * (double) f[2 * k] + f[2 * k + 1] * (double) f[2 * k + 1];
            total += p;
            if (hz >= 2 && hz <= 9) band += p;
        }
        return new VfFeatures(leakage, total > 0 ? band / total : 0, hi - lo);
    }

    /**
     * How periodic {@code x} is: the largest normalised autocorrelation of the mean-removed signal over lags
     * {@value #MIN_PERIOD_S}–{@value #MAX_PERIOD_S} s (100–400 per minute), and the lag where it is. VT repeats one
     * complex at a steady cycle (close to 1); VF's waves change in shape and spacing from one to the next (well below).
     * Computed on a 2:1 decimated copy: the cycles looked for are 150 ms or longer.
     */
    public static double[] periodicity(float[] x, int fs) {
        int step = fs >= 200 ? 2 : 1;
        int n = x.length / step;
        double[] y = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) { float v = x[i * step]; y[i] = Float.isNaN(v) ? 0 : v; mean += y[i]; }
        mean /= Math.max(1, n);
        double energy = 0;
        for (int i = 0; i < n; i++) { y[i] -= mean; energy += y[i] * y[i]; }
        double rate = fs / (double) step;
        int lo = (int) Math.round(MIN_PERIOD_S * rate), hi = Math.min(n - 1, (int) Math.round(MAX_PERIOD_S * rate));
        double best = 0;
        int bestLag = -1;
        if (energy <= 0) return new double[] {0, Double.NaN};
        for (int lag = lo; lag <= hi; lag++) {
            double c = 0, e0 = 0, e1 = 0;
            for (int i = lag; i < n; i++) { c += y[i] * y[i - lag]; e0 += y[i] * y[i]; e1 += y[i - lag] * y[i - lag]; }
            double r = e0 > 0 && e1 > 0 ? c / Math.sqrt(e0 * e1) : 0;
            if (r > best) { best = r; bestLag = lag; }
        }
        return new double[] {best, bestLag < 0 ? Double.NaN : bestLag / rate};
    }

    static final double MIN_PERIOD_S = 0.15, MAX_PERIOD_S = 0.6;
}
