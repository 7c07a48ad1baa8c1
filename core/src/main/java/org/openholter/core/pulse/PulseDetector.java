package org.openholter.core.pulse;

import org.openholter.core.signal.Correlation;
import org.openholter.core.signal.Filters;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pulses of a pulsatile channel (PPG or arterial pressure) in a buffer of a few seconds, by the slope sum function
 * (Zong et al. 2003, the basis of PhysioNet's wabp): the sum of the rising slopes of the 0.3–8 Hz signal over the last
 * 128 ms peaks on every upstroke; upstrokes above 35 % of the buffer's typical one, at least 0.25 s apart, are
 * pulses. Each pulse has its foot (where the upstroke begins: the time compared with the ECG's beats) and its amplitude (foot to the top within 400 ms).
 *
 * <p>The buffer's quality says whether the pulses can be believed: a channel lost or flat gives none; otherwise it is
 * the share of pulses that look like their median pulse (correlation ≥ 0.8 over 400 ms around the upstroke) with an
 * amplitude within half and twice the median, and a plausible interval. Motion and a loose probe make pulses of
 * every shape; a real pulse repeats itself.
 */
public final class PulseDetector {
    /** One pulse: the sample of its foot, of its steepest upstroke (where it is aligned to compare shapes) and its amplitude (the channel's units). */
    public record Pulse(int foot, int upstroke, double amplitude) {}

    /** The pulses of a buffer and its quality (0–1). */
    public record Result(List<Pulse> pulses, double quality) {
        public static final Result NONE = new Result(List.of(), 0);
    }

    /** Quality at or above which the pulses are believed. */
    public static final double GOOD = 0.7;
    /** A pulse's amplitude is its rise from the foot to the top within this span (s); its shape is compared over it. */
    public static final double SPAN_S = 0.4;

    private final int fs, window, refractory, footSearch, span;
    private final Filters.Biquad hp, lp;

    public PulseDetector(int fs) {
        this.fs = fs;
        window = (int) Math.round(0.128 * fs);
        refractory = (int) Math.round(0.25 * fs);
        footSearch = (int) Math.round(0.3 * fs);
        span = (int) Math.round(SPAN_S * fs);
        hp = Filters.Biquad.highPass(0.3, fs);
        lp = Filters.Biquad.lowPass(Math.min(8, 0.45 * fs), fs);
    }

    /** The pulses of {@code x} (NaN where lost). */
    public Result detect(float[] x) {
        int n = x.length, lost = 0;
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (float v : x) {
            if (Float.isNaN(v)) lost++;
            else { lo = Math.min(lo, v); hi = Math.max(hi, v); }
        }
        if (n < fs || lost > n / 10 || !(hi - lo > 1e-6)) return Result.NONE;
        float[] y = x.clone();
        Filters.fillGaps(y);
        Filters.filtfilt(hp, y);
        Filters.filtfilt(lp, y);
        double[] ssf = new double[n];
        double run = 0;
        for (int i = 1; i < n; i++) {
            run += Math.max(0, y[i] - y[i - 1]);
            if (i - window >= 1) run -= Math.max(0, y[i - window] - y[i - window - 1]);
            ssf[i] = run;
        }
        List<Integer> cands = new ArrayList<>();
        int look = refractory / 2;
        for (int i = 1; i < n - 1; i++) {
            if (ssf[i] <= 0 || ssf[i] < ssf[i - 1] || ssf[i] < ssf[i + 1]) continue;
            boolean max = true;
            for (int j = Math.max(0, i - look); j <= Math.min(n - 1, i + look) && max; j++) {
                if (ssf[j] > ssf[i] || (ssf[j] == ssf[i] && j < i)) max = false;
            }
            if (max) cands.add(i);
        }
        if (cands.size() < 2) return new Result(List.of(), 0);
        double[] v = cands.stream().mapToDouble(i -> ssf[i]).sorted().toArray();
        double typical = v[(int) Math.floor(0.75 * (v.length - 1))];
        List<Pulse> pulses = new ArrayList<>();
        int last = Integer.MIN_VALUE / 2;
        for (int i : cands) {
            if (ssf[i] < 0.35 * typical) continue;
            // The foot: where the upstroke begins, the slope sum first above a fifth of its peak (a flat diastole has
            // no lowest point to speak of).
            int foot = i;
            while (foot > Math.max(0, i - footSearch) && ssf[foot - 1] > 0.2 * ssf[i]) foot--;
            float top = y[foot];
            for (int j = foot; j < Math.min(n, foot + span); j++) top = Math.max(top, y[j]);
            if (foot - last < refractory) {
                if (top - y[foot] <= pulses.get(pulses.size() - 1).amplitude()) continue;
                pulses.remove(pulses.size() - 1);
            }
            pulses.add(new Pulse(foot, i, top - y[foot]));
            last = foot;
        }
        return new Result(List.copyOf(pulses), quality(y, pulses));
    }

    /** Share of pulses like their median pulse in shape and size, with a plausible interval. */
    private double quality(float[] y, List<Pulse> pulses) {
        List<float[]> shapes = new ArrayList<>();
        List<Double> amps = new ArrayList<>();
        int lead = footSearch / 2;
        for (Pulse p : pulses) {
            if (p.upstroke() - lead < 0 || p.upstroke() - lead + span > y.length) continue;
            shapes.add(Arrays.copyOfRange(y, p.upstroke() - lead, p.upstroke() - lead + span));
            amps.add(p.amplitude());
        }
        if (shapes.size() < 2) return 0;
        float[] median = new float[span], col = new float[shapes.size()];
        for (int i = 0; i < span; i++) {
            for (int k = 0; k < col.length; k++) col[k] = shapes.get(k)[i];
            Arrays.sort(col);
            median[i] = col[col.length / 2];
        }
        double medAmp = amps.stream().mapToDouble(Double::doubleValue).sorted().toArray()[amps.size() / 2];
        int good = 0;
        for (int k = 0; k < shapes.size(); k++) {
            double a = amps.get(k);
            if (Correlation.of(shapes.get(k), median) >= 0.8 && a >= 0.5 * medAmp && a <= 2 * medAmp) good++;
        }
        int plausible = 0;
        for (int k = 1; k < pulses.size(); k++) {
            double s = (pulses.get(k).foot() - pulses.get(k - 1).foot()) / (double) fs;
            if (s >= 0.25 && s <= 2.5) plausible++;
        }
        return good / (double) shapes.size() * (pulses.size() < 2 ? 0 : plausible / (double) (pulses.size() - 1));
    }
}
