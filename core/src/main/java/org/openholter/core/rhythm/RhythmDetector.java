package org.openholter.core.rhythm;

import org.openholter.core.analysis.Beat;
import org.openholter.core.analysis.RhythmLabel;
import org.openholter.core.analysis.WindowAnalysis;
import org.openholter.core.codec.Layers;
import org.openholter.core.window.AnalysisWindow;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rhythm layer: one codec rhythm id per reported stretch, from the stretch's signal, its beats (with their
 * classes and waves) and the patient's recent beats carried in {@link State}. In order of precedence:
 * unreadable signal → noise; VF features → ventricular flutter / fibrillation; no QRS for 4 s → asystole; half the
 * beats or more paced (pulses the device reported) → paced; a run of ventricular beats over 100 bpm → ventricular; irregular RR without P waves → AF; more P waves than QRS
 * complexes → AV block; wide QRS in a supraventricular rhythm → bundle-branch block; else sinus.
 */
public final class RhythmDetector {
    /** A ventricular run's span reaches this far beyond its first and last R peak (about half a wide QRS and its T onset). */
    static final int RUN_MARGIN_MS = 100;
    /**
     * Tuned on MIT-BIH DS1 and VFDB, except the AF hysteresis ({@code afStay…}), kept with DS2 in view; see docs/benchmarks/rhythm.md. The VF feature values are those of
     * {@link VfFeatures} (its leakage runs higher than the original paper's: a 1-Hz high-pass only, no band-pass).
     */
    public record Thresholds(double vfLeakage, double vfBand, double vfMinPeakToPeakMv, double afIrregularity, double afMaxPFraction,
                             double afIrregularityNoWaves, int vtMinRun, double vtMinBand, double bbbQrsMs, double vfMaxOrganisedRateBpm,
                             double vfMaxQrsShare, double afPrSpreadMs, double afIrregularityPrSpread, double afMaxPFractionPrSpread,
                             double afStayIrregularity, double afStayMaxPFraction, int afMinBeats, double vtPeriodicity, double vtMinCycleS) {
        public static final Thresholds DEFAULT = new Thresholds(0.94, 0.60, 0.15, 0.08, 0.35, 0.12, 3, 0.6, 120, 0, 0.8, 15, 0.12, 0.7, 0.06, 0.5, 8,
                0.9, 0.24);

        /** The defaults with some values replaced: {@code "vfLeakage=0.55,afIrregularity=0.1"} (empty: the defaults). */
        public static Thresholds parse(String spec) {
            java.util.Map<String, Double> v = new java.util.LinkedHashMap<>();
            Thresholds d = DEFAULT;
            v.put("vfLeakage", d.vfLeakage); v.put("vfBand", d.vfBand); v.put("vfMinPeakToPeakMv", d.vfMinPeakToPeakMv);
            v.put("afIrregularity", d.afIrregularity); v.put("afMaxPFraction", d.afMaxPFraction);
            v.put("afIrregularityNoWaves", d.afIrregularityNoWaves); v.put("vtMinRun", (double) d.vtMinRun); v.put("vtMinBand", d.vtMinBand); v.put("bbbQrsMs", d.bbbQrsMs); v.put("vfMaxOrganisedRateBpm", d.vfMaxOrganisedRateBpm); v.put("vfMaxQrsShare", d.vfMaxQrsShare);
            v.put("afPrSpreadMs", d.afPrSpreadMs); v.put("afIrregularityPrSpread", d.afIrregularityPrSpread); v.put("afMaxPFractionPrSpread", d.afMaxPFractionPrSpread);
            v.put("afStayIrregularity", d.afStayIrregularity); v.put("afStayMaxPFraction", d.afStayMaxPFraction);
            v.put("afMinBeats", (double) d.afMinBeats); v.put("vtPeriodicity", d.vtPeriodicity); v.put("vtMinCycleS", d.vtMinCycleS);
            for (String kv : spec.split(",")) {
                if (kv.isBlank()) continue;
                String[] p = kv.split("=", 2);
                if (p.length != 2 || !v.containsKey(p[0].trim())) throw new IllegalArgumentException("unknown rhythm threshold '" + kv + "' (known: " + v.keySet() + ")");
                try {
                    v.put(p[0].trim(), Double.parseDouble(p[1].trim()));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("rhythm threshold " + p[0] + " must be a number, got '" + p[1] + "'");
                }
            }
            return new Thresholds(v.get("vfLeakage"), v.get("vfBand"), v.get("vfMinPeakToPeakMv"), v.get("afIrregularity"), v.get("afMaxPFraction"),
                    v.get("afIrregularityNoWaves"), (int) Math.round(v.get("vtMinRun")), v.get("vtMinBand"), v.get("bbbQrsMs"),
                    v.get("vfMaxOrganisedRateBpm"), v.get("vfMaxQrsShare"), v.get("afPrSpreadMs"), v.get("afIrregularityPrSpread"),
                    v.get("afMaxPFractionPrSpread"), v.get("afStayIrregularity"), v.get("afStayMaxPFraction"),
                    (int) Math.round(v.get("afMinBeats")), v.get("vtPeriodicity"), v.get("vtMinCycleS"));
        }
    }

    private static final int HISTORY = 32;
    private final Thresholds t;

    public RhythmDetector(Thresholds t) { this.t = t; }

    public RhythmDetector() { this(Thresholds.DEFAULT); }

    /** The patient's most recent beats: RR (ms), ventricular or not, P wave found or not (or unknown). */
    public static final class State {
        /** 2: {@link #inAf} added (1, without it, is still read). */
        private static final int VERSION = 2;
        final double[] rr = new double[HISTORY];
        final boolean[] ventricular = new boolean[HISTORY];
        final byte[] p = new byte[HISTORY]; // 1 found, 0 not found, -1 unknown (no wave layer)
        int size, head;
        /** The last stretch was AF: AF then holds on weaker evidence (see {@link #isAf}). */
        boolean inAf;

        void push(double rrMs, boolean v, byte pWave) {
            head = (head + 1) % HISTORY;
            rr[head] = rrMs;
            ventricular[head] = v;
            p[head] = pWave;
            size = Math.min(HISTORY, size + 1);
        }

        /** k = 0 the newest beat. */
        int at(int k) { return Math.floorMod(head - k, HISTORY); }

        public void write(DataOutput out) throws IOException {
            out.writeInt(VERSION);
            out.writeInt(size);
            for (int k = size - 1; k >= 0; k--) {
                int i = at(k);
                out.writeDouble(rr[i]);
                out.writeBoolean(ventricular[i]);
                out.writeByte(p[i]);
            }
            out.writeBoolean(inAf);
        }

        public static State read(DataInput in) throws IOException {
            int v = in.readInt();
            if (v < 1 || v > VERSION) throw new IOException("rhythm state version " + v + " (this build reads 1 to " + VERSION + ")");
            State s = new State();
            int n = in.readInt();
            for (int k = 0; k < n; k++) s.push(in.readDouble(), in.readBoolean(), in.readByte());
            if (v >= 2) s.inAf = in.readBoolean();
            return s;
        }
    }

    /**
     * The rhythm layer of {@code w}, one id per window sample (the caller keeps the reported stretch); updates the
     * beat history with the stretch's beats. One rhythm covers the stretch, except a run of ventricular beats, which
     * covers only its own span (from its first R peak to its last, {@value #RUN_MARGIN_MS} ms either side) over the
     * stretch's other rhythm: a 4-beat run is 2 s of ventricular rhythm, not a 6-s stretch of it.
     */
    public byte[] label(AnalysisWindow w, WindowAnalysis a, State st) {
        List<int[]> runs = new ArrayList<>();
        byte id = classify(w, a, st, runs);
        byte[] out = new byte[w.length()];
        java.util.Arrays.fill(out, id);
        int margin = RUN_MARGIN_MS * w.sampleRateHz() / 1000;
        for (int[] r : runs) java.util.Arrays.fill(out, Math.max(0, r[0] - margin), Math.min(out.length, r[1] + margin + 1), Layers.VENTRICULAR);
        return out;
    }

    /** Rhythm id of {@code w}'s kept stretch as a whole (a ventricular run makes it {@link Layers#VENTRICULAR}). */
    public byte classify(AnalysisWindow w, WindowAnalysis a, State st) {
        List<int[]> runs = new ArrayList<>();
        byte id = classify(w, a, st, runs);
        return runs.isEmpty() ? id : Layers.VENTRICULAR;
    }

    /** The stretch's rhythm, remembered for the next stretch's AF decision; ventricular runs as below. */
    private byte classify(AnalysisWindow w, WindowAnalysis a, State st, List<int[]> runs) {
        byte id = rhythmOf(w, a, st, runs);
        st.inAf = id == Layers.AF;
        return id;
    }

    /** The stretch's rhythm; ventricular runs to lay over it are added to {@code runs} as window-sample spans. */
    private byte rhythmOf(AnalysisWindow w, WindowAnalysis a, State st, List<int[]> runs) {
        // History first: the stretch's own beats count for its rhythm.
        Beat prev = null;
        int keptBeats = 0, vRun = 0, vRunFrom = -1;
        double vRunRateSum = 0;
        List<int[]> fastRuns = new ArrayList<>();
        double qrsSum = 0;
        int qrsN = 0;
        for (Beat b : a.beats()) {
            boolean kept = b.timeMicros() >= w.keepFromMicros() && b.timeMicros() < w.keepToMicros();
            double rr = prev == null ? Double.NaN : (b.timeMicros() - prev.timeMicros()) / 1000.0;
            boolean v = b.label() == 'V';
            if (kept) {
                keptBeats++;
                byte pw = Double.isNaN(b.intervals().qrsMs()) ? -1 : Double.isNaN(b.intervals().prMs()) ? (byte) 0 : 1;
                if (!Double.isNaN(rr)) st.push(rr, v || prev.label() == 'V', pw);
                if (!v && !Double.isNaN(b.intervals().qrsMs())) { qrsSum += b.intervals().qrsMs(); qrsN++; }
            }
            if (v) {
                if (vRun++ == 0) vRunFrom = b.sample();
                if (!Double.isNaN(rr)) vRunRateSum += 60000 / rr;
                if (vRun >= t.vtMinRun() && kept && vRunRateSum / Math.max(1, vRun - 1) > 100) {
                    int[] last = fastRuns.isEmpty() ? null : fastRuns.get(fastRuns.size() - 1);
                    if (last != null && last[0] == vRunFrom) last[1] = b.sample(); else fastRuns.add(new int[] {vRunFrom, b.sample()});
                }
            } else {
                vRun = 0;
                vRunRateSum = 0;
            }
            prev = b;
        }
        if (a.quality() == null || !a.quality().usable()) return Layers.NOISE;
        VfFeatures f = a.channel() >= 0 ? VfFeatures.of(w.data()[a.channel()], w.sampleRateHz()) : null;
        if (f != null) {
            if (f.leakage() < t.vfLeakage() && f.bandFraction() > t.vfBand() && f.peakToPeakMv() > t.vfMinPeakToPeakMv()
                    && !regular(a, 0.6, Double.MAX_VALUE) && !(a.heartRateBpm() < t.vfMaxOrganisedRateBpm())
                    && !(qrsShare(a) > t.vfMaxQrsShare())) {
                // Ventricular energy and shape, and not a regular rhythm under 100 bpm (a slow, organised rhythm with
                // blunt complexes can look like it). Organised fast complexes make it VT rather than VF: regular
                // detected beats, or a signal that repeats itself at a VT cycle (the beat detector often splits or
                // misses VT's wide complexes, so its RR alone misses most VT). Faster than 250 per minute is flutter.
                return regular(a, 0, 0.6) || periodicAsVt(w.data()[a.channel()], w.sampleRateHz()) ? Layers.VENTRICULAR : Layers.VF;
            }
        }
        if (a.rhythm() == RhythmLabel.ASYSTOLE) return Layers.ASYSTOLE;
        if (keptBeats > 0 && kept(w, a, '/') * 2 >= keptBeats) return Layers.PACED_RHYTHM; // half the beats or more paced
        // A run of ventricular beats, confirmed by the signal's energy sitting where ventricular rhythms put it (PVC runs
        // inside a sinus rhythm, or beats the beat model wrongly calls V, leave most energy above 9 Hz).
        if (!fastRuns.isEmpty() && f != null && f.bandFraction() > t.vtMinBand()) runs.addAll(fastRuns);
        if (isAf(st, () -> prSpreadMs(a))) return Layers.AF;
        if (a.waveLabels() != null && keptBeats >= 3 && pWaves(a.waveLabels(), w.keepFrom(), w.keepTo()) >= 1.4 * keptBeats) return Layers.AV_BLOCK;
        if (qrsN >= 3 && qrsSum / qrsN >= t.bbbQrsMs()) return Layers.BBB;
        return Layers.SINUS;
    }

    /** The lead repeats one waveform ({@link VfFeatures#periodicity}) at a cycle no faster than flutter's. */
    private boolean periodicAsVt(float[] lead, int fs) {
        double[] p = VfFeatures.periodicity(lead, fs);
        return p[0] >= t.vtPeriodicity() && p[1] >= t.vtMinCycleS();
    }

    /** The stretch's beats labelled {@code label}. */
    private static int kept(AnalysisWindow w, WindowAnalysis a, char label) {
        int n = 0;
        for (Beat b : a.beats()) if (b.label() == label && b.timeMicros() >= w.keepFromMicros() && b.timeMicros() < w.keepToMicros()) n++;
        return n;
    }

    /** Share of the window's beats the wave layer found a QRS complex for (NaN without a wave layer or beats). */
    private static double qrsShare(WindowAnalysis a) {
        if (a.waveLabels() == null || a.beats().isEmpty()) return Double.NaN;
        long q = a.beats().stream().filter(b -> !Double.isNaN(b.intervals().qrsMs())).count();
        return q / (double) a.beats().size();
    }

    /** At least 5 beats with mean RR in [minS, maxS) seconds, varying by less than 15 %. */
    private static boolean regular(WindowAnalysis a, double minS, double maxS) {
        double mean = regularMeanRr(a.beats().stream().mapToLong(Beat::timeMicros).toArray(), Long.MIN_VALUE, 5);
        return mean >= minS && mean < maxS;
    }

    /**
     * Mean RR (s) of the beats (times in µs, in order) from {@code fromMicros} on, when they are at least
     * {@code minBeats} and regular (RR standard deviation under 15 % of the mean); NaN otherwise.
     */
    public static double regularMeanRr(long[] beatMicros, long fromMicros, int minBeats) {
        int first = 0;
        while (first < beatMicros.length && beatMicros[first] < fromMicros) first++;
        int n = beatMicros.length - first;
        if (n < minBeats || n < 2) return Double.NaN;
        double[] rr = new double[n - 1];
        for (int k = 1; k < n; k++) rr[k - 1] = (beatMicros[first + k] - beatMicros[first + k - 1]) / 1e6;
        double mean = java.util.Arrays.stream(rr).average().orElse(1);
        double sd = Math.sqrt(java.util.Arrays.stream(rr).map(x -> (x - mean) * (x - mean)).average().orElse(0));
        return sd / mean < 0.15 ? mean : Double.NaN;
    }

    /**
     * Irregularity = median |ΔRR| / median RR over the recent supraventricular beats (a beat after a ventricular
     * one is left out: its RR holds the compensatory pause). AF also needs most of those beats to lack a P wave;
     * without a wave layer, a higher irregularity alone decides. Coarse fibrillation waves are often taken for P
     * waves, but at no fixed distance from the QRS: when the window's PR intervals spread widely
     * ({@code prSpreadMs}, their median absolute deviation, asked for only when it decides), a clearly irregular rhythm is AF even with most beats
     * "having" a P wave. A sinus rhythm's PR varies by a few ms, so frequent atrial ectopy with real P waves does
     * not pass. Once the last stretch was AF, AF holds on weaker evidence (hysteresis): AF's irregularity and the
     * P waves the wave layer finds in it come and go from one 32-beat history to the next, and a true episode
     * otherwise breaks into pieces.
     */
    boolean isAf(State st, java.util.function.DoubleSupplier prSpreadMs) {
        double[] rr = new double[st.size];
        int n = 0, withP = 0, known = 0;
        for (int k = st.size - 1; k >= 0; k--) {
            int i = st.at(k);
            if (st.ventricular[i] || st.rr[i] < 200 || st.rr[i] > 3000) continue;
            rr[n++] = st.rr[i];
            if (st.p[i] >= 0) { known++; if (st.p[i] == 1) withP++; }
        }
        if (n < t.afMinBeats()) return false;
        double[] d = new double[n - 1];
        for (int k = 1; k < n; k++) d[k - 1] = Math.abs(rr[k] - rr[k - 1]);
        double irregularity = median(d) / median(java.util.Arrays.copyOf(rr, n));
        if (known >= n / 2) {
            double pFraction = withP / (double) known;
            return irregularity > t.afIrregularity() && pFraction < t.afMaxPFraction()
                    || st.inAf && irregularity > t.afStayIrregularity() && pFraction < t.afStayMaxPFraction()
                    || irregularity > t.afIrregularityPrSpread() && pFraction < t.afMaxPFractionPrSpread() && prSpreadMs.getAsDouble() >= t.afPrSpreadMs();
        }
        return irregularity > t.afIrregularityNoWaves();
    }

    /** Median absolute deviation (ms) of the PR intervals of the window's beats; NaN with fewer than 3 PR intervals. */
    static double prSpreadMs(WindowAnalysis a) {
        double[] pr = a.beats().stream().mapToDouble(b -> b.intervals().prMs()).filter(x -> !Double.isNaN(x)).toArray();
        if (pr.length < 3) return Double.NaN;
        double med = median(pr);
        for (int i = 0; i < pr.length; i++) pr[i] = Math.abs(pr[i] - med);
        return median(pr);
    }

    private static int pWaves(byte[] wave, int from, int to) {
        int n = 0;
        for (int i = Math.max(from, 1); i < to; i++) if (wave[i] == Layers.P && wave[i - 1] != Layers.P) n++;
        return n;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        int n = s.length;
        return n == 0 ? Double.NaN : n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
