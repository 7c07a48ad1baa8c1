package org.openholter.core.features;

import org.jtransforms.fft.DoubleFFT_1D;
import org.openholter.core.signal.FftPlans;
import org.openholter.core.analysis.Beat;
import org.openholter.core.analysis.WindowAnalysis;
import org.openholter.core.delineation.BeatIntervals;
import org.openholter.core.delineation.QtCorrection;
import org.openholter.core.delineation.Wave;
import org.openholter.core.hrv.HrvTracker;
import org.openholter.core.window.AnalysisWindow;

import java.util.Arrays;
import java.util.List;

/** Computes the {@link Feature}s of one analysed window. */
public final class WindowFeatures {
    private static final int ISO_BEFORE_MS = 60, ISO_GAP_MS = 20, J_PLUS_MS = 60;
    private static final double NOTCH_MIN_MV = 0.02;
    private static final int SEGMENT = 512;

    private WindowFeatures() {}

    /**
     * @param fiveMinutes the patient's latest 5-minute HRV report, or null (the functional HRV features are then NaN)
     * @return values in {@link Feature} order
     */
    public static double[] of(AnalysisWindow w, WindowAnalysis a, HrvTracker.Report fiveMinutes) {
        double[] v = new double[Feature.values().length];
        Arrays.fill(v, Double.NaN);
        if (a.channel() >= 0) {
            float[] x = w.data()[a.channel()];
            structural(v, x, w.sampleRateHz(), a);
            intensity(v, x, w.sampleRateHz());
        }
        if (fiveMinutes != null) {
            var t = fiveMinutes.hrv().time();
            var n = fiveMinutes.hrv().nonlinear();
            v[Feature.RR_SKEWNESS.ordinal()] = t.skewness();
            v[Feature.RR_KURTOSIS.ordinal()] = t.kurtosis();
            v[Feature.SDNN_5M.ordinal()] = t.sdnnMs();
            v[Feature.RMSSD_5M.ordinal()] = t.rmssdMs();
            v[Feature.PNN50_5M.ordinal()] = t.pnn50();
            v[Feature.LF_HF_5M.ordinal()] = fiveMinutes.hrv().welch().lfHf();
            v[Feature.SD1_5M.ordinal()] = n.sd1Ms();
            v[Feature.SD2_5M.ordinal()] = n.sd2Ms();
            v[Feature.SAMPEN_5M.ordinal()] = n.sampleEntropy();
            v[Feature.DFA_A1_5M.ordinal()] = n.dfaAlpha1();
        }
        return v;
    }

    private static void structural(double[] v, float[] x, int fs, WindowAnalysis a) {
        List<Beat> beats = a.beats();
        if (a.waveLabels() == null || beats.isEmpty()) return;
        int[] r = beats.stream().mapToInt(Beat::sample).toArray();
        BeatIntervals.BeatWaves[] bw = BeatIntervals.wavesAround(Wave.fromCodec(a.waveLabels()), r, fs);
        int n = beats.size();
        double[][] f = new double[Feature.values().length][n];
        for (double[] col : f) Arrays.fill(col, Double.NaN);
        double msPer = 1000.0 / fs;
        for (int b = 0; b < n; b++) {
            BeatIntervals.BeatWaves w = bw[b];
            if (w == null) continue;
            double iso = isoelectric(x, w, fs);
            if (Double.isNaN(iso)) continue;
            var q = w.qrs();
            f[Feature.QRS_DURATION.ordinal()][b] = (q.offset() - q.onset()) * msPer;
            f[Feature.R_AMPLITUDE.ordinal()][b] = extreme(x, q, iso, +1);
            f[Feature.S_AMPLITUDE.ordinal()][b] = extreme(x, q, iso, -1);
            if (w.p() != null) {
                f[Feature.P_DURATION.ordinal()][b] = (w.p().offset() - w.p().onset()) * msPer;
                f[Feature.P_AMPLITUDE.ordinal()][b] = signedExtreme(x, w.p(), iso);
            }
            if (w.t() != null) {
                f[Feature.T_DURATION.ordinal()][b] = (w.t().offset() - w.t().onset()) * msPer;
                double t = signedExtreme(x, w.t(), iso);
                f[Feature.T_AMPLITUDE.ordinal()][b] = t;
                f[Feature.T_POLARITY.ordinal()][b] = Math.signum(t);
            }
            int j = q.offset() + J_PLUS_MS * fs / 1000;
            if (j < x.length && (w.t() == null || j <= w.t().offset()) && !Float.isNaN(x[j])) f[Feature.ST_J60.ordinal()][b] = x[j] - iso;
            BeatIntervals iv = beats.get(b).intervals();
            double rr = b > 0 ? (beats.get(b).timeMicros() - beats.get(b - 1).timeMicros()) / 1000.0 : Double.NaN;
            f[Feature.PR.ordinal()][b] = iv.prMs();
            f[Feature.QT.ordinal()][b] = iv.qtMs();
            f[Feature.QTC_BAZETT.ordinal()][b] = QtCorrection.BAZETT.correct(iv.qtMs(), rr);
            f[Feature.QTC_FRIDERICIA.ordinal()][b] = QtCorrection.FRIDERICIA.correct(iv.qtMs(), rr);
            f[Feature.QTC_FRAMINGHAM.ordinal()][b] = QtCorrection.FRAMINGHAM.correct(iv.qtMs(), rr);
            f[Feature.QTC_HODGES.ordinal()][b] = QtCorrection.HODGES.correct(iv.qtMs(), rr);
            int notches = Math.max(0, turningPoints(x, q) - 3);
            f[Feature.QRS_NOTCHES.ordinal()][b] = notches;
            f[Feature.QRS_FRAGMENTATION.ordinal()][b] = notches > 0 ? 100 : 0;
        }
        for (Feature k : new Feature[] {Feature.P_DURATION, Feature.QRS_DURATION, Feature.T_DURATION, Feature.P_AMPLITUDE,
                Feature.R_AMPLITUDE, Feature.S_AMPLITUDE, Feature.T_AMPLITUDE, Feature.PR, Feature.QT, Feature.QTC_BAZETT,
                Feature.QTC_FRIDERICIA, Feature.QTC_FRAMINGHAM, Feature.QTC_HODGES, Feature.ST_J60}) {
            v[k.ordinal()] = median(f[k.ordinal()]);
        }
        for (Feature k : new Feature[] {Feature.T_POLARITY, Feature.QRS_NOTCHES, Feature.QRS_FRAGMENTATION}) v[k.ordinal()] = mean(f[k.ordinal()]);
    }

    /** The isoelectric level before the QRS: the PR segment's median, or the 60-20 ms before the QRS without a P wave. */
    static double isoelectric(float[] x, BeatIntervals.BeatWaves w, int fs) {
        int end = w.qrs().onset() - 1;
        int start = w.p() != null && w.p().offset() + 1 <= end - 1 ? w.p().offset() + 1 : w.qrs().onset() - ISO_BEFORE_MS * fs / 1000;
        if (w.p() == null) end = w.qrs().onset() - ISO_GAP_MS * fs / 1000;
        if (start < 0 || end < start) return Double.NaN;
        float[] seg = Arrays.copyOfRange(x, start, end + 1);
        for (float s : seg) if (Float.isNaN(s)) return Double.NaN;
        Arrays.sort(seg);
        return seg[seg.length / 2];
    }

    private static double extreme(float[] x, Wave v, double iso, int sign) {
        double best = Double.NaN;
        for (int i = v.onset(); i <= v.offset(); i++) {
            double d = x[i] - iso;
            if (Double.isNaN(best) || sign * d > sign * best) best = d;
        }
        return best;
    }

    private static double signedExtreme(float[] x, Wave v, double iso) {
        double hi = extreme(x, v, iso, +1), lo = extreme(x, v, iso, -1);
        return Math.abs(hi) >= Math.abs(lo) ? hi : lo;
    }

    /** Turning points of the 3-point-averaged signal within the QRS, ignoring wiggles under {@value #NOTCH_MIN_MV} mV. */
    static int turningPoints(float[] x, Wave q) {
        int from = Math.max(1, q.onset()), to = Math.min(x.length - 2, q.offset());
        int turns = 0, dir = 0;
        double last = Double.NaN;
        for (int i = from; i <= to; i++) {
            double s = (x[i - 1] + x[i] + x[i + 1]) / 3.0;
            if (Double.isNaN(last)) { last = s; continue; }
            double d = s - last;
            if (Math.abs(d) < NOTCH_MIN_MV && dir != 0) continue; // not yet a move
            int nd = d > 0 ? 1 : d < 0 ? -1 : 0;
            if (nd != 0 && dir != 0 && nd != dir) turns++;
            if (nd != 0) dir = nd;
            last = s;
        }
        return turns;
    }

    private static void intensity(double[] v, float[] x, int fs) {
        int n = x.length;
        int len = Math.min(SEGMENT, n);
        if (len < fs) return;
        double[] hann = FftPlans.hann(len);
        DoubleFFT_1D fft = FftPlans.doubles(len);
        double[] psd = new double[len / 2 + 1];
        for (int start = 0; start + len <= n; start += len / 2) {
            double[] buf = new double[len];
            double mean = 0;
            for (int i = 0; i < len; i++) mean += Float.isNaN(x[start + i]) ? 0 : x[start + i];
            mean /= len;
            for (int i = 0; i < len; i++) buf[i] = ((Float.isNaN(x[start + i]) ? mean : x[start + i]) - mean) * hann[i];
            fft.realForward(buf);
            for (int k = 1; k < len / 2; k++) psd[k] += buf[2 * k] * buf[2 * k] + buf[2 * k + 1] * buf[2 * k + 1];
        }
        double df = fs / (double) len, total = 0, low = 0, mid = 0, high = 0;
        int bins = 0;
        for (int k = 1; k < len / 2; k++) {
            double f = k * df;
            if (f < 0.5 || f >= 40) continue;
            total += psd[k];
            bins++;
            if (f < 4) low += psd[k]; else if (f < 15) mid += psd[k]; else high += psd[k];
        }
        if (total <= 0) return;
        v[Feature.ENERGY_LOW.ordinal()] = 100 * low / total;
        v[Feature.ENERGY_MID.ordinal()] = 100 * mid / total;
        v[Feature.ENERGY_HIGH.ordinal()] = 100 * high / total;
        double h = 0;
        for (int k = 1; k < len / 2; k++) {
            double f = k * df;
            if (f < 0.5 || f >= 40 || psd[k] <= 0) continue;
            double p = psd[k] / total;
            h -= p * Math.log(p);
        }
        v[Feature.SPECTRAL_ENTROPY.ordinal()] = h / Math.log(bins);
    }

    private static double median(double[] x) {
        double[] k = Arrays.stream(x).filter(d -> !Double.isNaN(d)).sorted().toArray();
        if (k.length == 0) return Double.NaN;
        return k.length % 2 == 1 ? k[k.length / 2] : (k[k.length / 2 - 1] + k[k.length / 2]) / 2;
    }

    private static double mean(double[] x) {
        double[] k = Arrays.stream(x).filter(d -> !Double.isNaN(d)).toArray();
        return k.length == 0 ? Double.NaN : Arrays.stream(k).sum() / k.length;
    }
}
