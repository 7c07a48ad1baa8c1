package org.openholter.core.hrv;

import org.jtransforms.fft.DoubleFFT_1D;
import org.openholter.core.signal.FftPlans;

/**
 * Frequency-domain HRV (Task Force 1996) of an NN series, two ways: Welch's method on the series resampled at
 * {@value #RESAMPLE_HZ} Hz (natural cubic spline, linear trend removed, Hann segments of up to 256 s overlapping by
 * half), and the Lomb–Scargle periodogram of the uneven series itself (no resampling, mean removed). Both are
 * one-sided densities in ms²/Hz scaled so that they integrate to the series' variance; band powers are their
 * integrals over the bands. A band is reported only when the series spans enough time to hold it: VLF from
 * {@value #VLF_MIN_S} s, LF from {@value #LF_MIN_S} s (two cycles of 0.04 Hz), HF from {@value #HF_MIN_S} s.
 */
public final class Spectrum {
    public static final double RESAMPLE_HZ = 4;
    public static final double VLF_LO = 0.003, VLF_HI = 0.04, LF_HI = 0.15, HF_HI = 0.4;
    public static final double VLF_MIN_S = 300, LF_MIN_S = 50, HF_MIN_S = 14;
    private static final int SEGMENT = 1024; // 256 s at 4 Hz
    private static final double LS_STEP_HZ = 0.001;

    /**
     * Band powers in ms², NaN where the series is too short for the band.
     *
     * @param total power from 0 to 0.4 Hz
     * @param lfNu LF in normalised units: LF / (LF + HF) × 100 (the Task Force's LF / (total − VLF) without the part below VLF)
     * @param hfNu HF / (LF + HF) × 100
     */
    public record Bands(double vlf, double lf, double hf, double total, double lfHf, double lfNu, double hfNu) {
        static Bands of(double[] f, double[] psd, double df, double spanS) {
            double vlf = spanS >= VLF_MIN_S ? integrate(f, psd, df, VLF_LO, VLF_HI) : Double.NaN;
            double lf = spanS >= LF_MIN_S ? integrate(f, psd, df, VLF_HI, LF_HI) : Double.NaN;
            double hf = spanS >= HF_MIN_S ? integrate(f, psd, df, LF_HI, HF_HI) : Double.NaN;
            double total = integrate(f, psd, df, 0, HF_HI);
            return new Bands(vlf, lf, hf, total, lf / hf, 100 * lf / (lf + hf), 100 * hf / (lf + hf));
        }

        public static final Bands NONE = new Bands(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    private Spectrum() {}

    private static double integrate(double[] f, double[] psd, double df, double lo, double hi) {
        double s = 0;
        for (int k = 0; k < f.length; k++) if (f[k] >= lo && f[k] < hi) s += psd[k] * df;
        return s;
    }

    /** Welch band powers; {@link Bands#NONE} under 8 intervals or 14 s. */
    public static Bands welch(NnSeries nn) {
        double span = span(nn);
        if (nn.size() < 8 || span < HF_MIN_S) return Bands.NONE;
        double[] x = resample(nn.timesS(), nn.nnMs(), RESAMPLE_HZ);
        detrend(x);
        int len = Math.min(SEGMENT, x.length);
        int nfft = Integer.highestOneBit(Math.max(len, SEGMENT) - 1) << 1;
        double[] w = FftPlans.hann(len);
        double w2 = 0;
        for (int i = 0; i < len; i++) w2 += w[i] * w[i];
        DoubleFFT_1D fft = FftPlans.doubles(nfft);
        int bins = nfft / 2 + 1;
        double[] psd = new double[bins];
        int segments = 0;
        for (int start = 0; start + len <= x.length; start += Math.max(1, len / 2)) {
            double[] buf = new double[nfft];
            for (int i = 0; i < len; i++) buf[i] = x[start + i] * w[i];
            fft.realForward(buf);
            for (int k = 0; k < bins; k++) {
                double re, im;
                if (k == 0) { re = buf[0]; im = 0; }
                else if (k == nfft / 2) { re = buf[1]; im = 0; }
                else { re = buf[2 * k]; im = buf[2 * k + 1]; }
                double p = (re * re + im * im) / (RESAMPLE_HZ * w2);
                psd[k] += (k == 0 || k == nfft / 2) ? p : 2 * p;
            }
            segments++;
        }
        double[] f = new double[bins];
        for (int k = 0; k < bins; k++) {
            psd[k] /= segments;
            f[k] = k * RESAMPLE_HZ / nfft;
        }
        return Bands.of(f, psd, RESAMPLE_HZ / nfft, span);
    }

    /** Lomb–Scargle band powers; {@link Bands#NONE} under 8 intervals or 14 s. */
    public static Bands lombScargle(NnSeries nn) {
        double span = span(nn);
        if (nn.size() < 8 || span < HF_MIN_S) return Bands.NONE;
        double[] t = nn.timesS(), x = nn.nnMs().clone();
        double mean = Stats.mean(x);
        for (int i = 0; i < x.length; i++) x[i] -= mean;
        double dt = (t[t.length - 1] - t[0]) / (t.length - 1); // mean sampling interval, s
        int bins = (int) (HF_HI / LS_STEP_HZ) + 1;
        double[] f = new double[bins], psd = new double[bins];
        for (int k = 1; k < bins; k++) {
            f[k] = k * LS_STEP_HZ;
            double wv = 2 * Math.PI * f[k], s2 = 0, c2 = 0;
            for (double ti : t) { s2 += Math.sin(2 * wv * ti); c2 += Math.cos(2 * wv * ti); }
            double tau = Math.atan2(s2, c2) / (2 * wv);
            double xc = 0, xs = 0, cc = 0, ss = 0;
            for (int i = 0; i < t.length; i++) {
                double c = Math.cos(wv * (t[i] - tau)), s = Math.sin(wv * (t[i] - tau));
                xc += x[i] * c; xs += x[i] * s; cc += c * c; ss += s * s;
            }
            double p = 0.5 * ((cc > 0 ? xc * xc / cc : 0) + (ss > 0 ? xs * xs / ss : 0)); // ≈ the periodogram |X|²/N
            psd[k] = 2 * p * dt;                                                             // one-sided, ms²/Hz
        }
        return Bands.of(f, psd, LS_STEP_HZ, span);
    }

    static double span(NnSeries nn) {
        double[] t = nn.timesS();
        return t.length < 2 ? 0 : t[t.length - 1] - t[0] + nn.nnMs()[0] / 1000;
    }

    /** Natural cubic spline through (t, v), sampled every 1/fs s from t[0] to t[last]. */
    static double[] resample(double[] t, double[] v, double fs) {
        int n = t.length;
        double[] m = new double[n]; // second derivatives
        double[] c = new double[n], d = new double[n];
        for (int i = 1; i < n - 1; i++) { // tridiagonal system, Thomas algorithm
            double h0 = t[i] - t[i - 1], h1 = t[i + 1] - t[i];
            double a = h0 / 6, b = (h0 + h1) / 3, cc = h1 / 6;
            double r = (v[i + 1] - v[i]) / h1 - (v[i] - v[i - 1]) / h0;
            double den = b - a * c[i - 1];
            c[i] = cc / den;
            d[i] = (r - a * d[i - 1]) / den;
        }
        for (int i = n - 2; i >= 1; i--) m[i] = d[i] - c[i] * m[i + 1];
        int count = (int) Math.floor((t[n - 1] - t[0]) * fs) + 1;
        double[] out = new double[count];
        int j = 0;
        for (int k = 0; k < count; k++) {
            double x = t[0] + k / fs;
            while (j < n - 2 && x > t[j + 1]) j++;
            double h = t[j + 1] - t[j], A = (t[j + 1] - x) / h, B = (x - t[j]) / h;
            out[k] = A * v[j] + B * v[j + 1] + ((A * A * A - A) * m[j] + (B * B * B - B) * m[j + 1]) * h * h / 6;
        }
        return out;
    }

    /** Removes the least-squares line. */
    static void detrend(double[] x) {
        int n = x.length;
        double mt = (n - 1) / 2.0, mx = Stats.mean(x), stt = 0, stx = 0;
        for (int i = 0; i < n; i++) { stt += (i - mt) * (i - mt); stx += (i - mt) * (x[i] - mx); }
        double slope = stt > 0 ? stx / stt : 0;
        for (int i = 0; i < n; i++) x[i] -= mx + slope * (i - mt);
    }
}
