package org.openholter.core.analysis;

import org.openholter.core.beats.QrsDetector;
import org.openholter.core.delineation.BeatIntervals;
import org.openholter.core.signal.QualityEstimator;
import org.openholter.core.window.AnalysisWindow;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The classic analyzer: detects QRS complexes on every usable lead together (Pan–Tompkins with
 * per-lead levels), and labels the window by rate and regularity only.
 */
public final class ClassicAnalyzer implements WindowAnalyzer {
    public static final String NAME = "classic-qrs";

    private final ConcurrentHashMap<Integer, QrsDetector> detectors = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, QualityEstimator> estimators = new ConcurrentHashMap<>();

    /** Detector memory per patient. */
    static final class State implements AnalyzerState {
        QrsDetector.State qrs = new QrsDetector.State();

        @Override
        public void write(DataOutput out) throws IOException { qrs.write(out); }
    }

    @Override public String name() { return NAME; }
    @Override public AnalyzerState newState() { return new State(); }

    @Override
    public AnalyzerState readState(DataInput in) throws IOException {
        State s = new State();
        s.qrs = QrsDetector.State.read(in);
        return s;
    }

    @Override
    public WindowAnalysis analyze(AnalysisWindow w, AnalyzerState state) {
        State st = (State) state;
        int fs = w.sampleRateHz(), leads = w.channelNames().length;
        QualityEstimator qe = estimators.computeIfAbsent(fs, QualityEstimator::new);
        int best = -1;
        SignalQuality bestQ = null;
        boolean[] use = new boolean[leads];
        for (int c = 0; c < leads; c++) {
            SignalQuality q = qe.assess(w.data()[c], w.flags(), c);
            use[c] = q.usable();
            if (bestQ == null || q.score() > bestQ.score()) { best = c; bestQ = q; }
        }
        if (bestQ == null || !bestQ.usable()) {
            return new WindowAnalysis(NAME, best, List.of(), Double.NaN, RhythmLabel.NO_SIGNAL, bestQ);
        }
        QrsDetector.Detection d = detectors.computeIfAbsent(fs, QrsDetector::new).detect(w.data(), use, st.qrs);
        int[] r = d.peaks();
        // The analysed channel is the usable lead most beats were placed on (the clearest QRS), else the cleanest.
        int[] votes = new int[leads];
        for (int l : d.lead()) votes[l]++;
        int channel = best;
        for (int c = 0; c < leads; c++) if (use[c] && votes[c] > votes[channel]) channel = c;
        SignalQuality quality = channel == best ? bestQ : qe.assess(w.data()[channel], w.flags(), channel);
        List<Beat> beats = new ArrayList<>(r.length);
        for (int k = 0; k < r.length; k++) beats.add(new Beat(w.timeMicros(r[k]), r[k], 'N', w.data()[d.lead()[k]][r[k]], BeatIntervals.NONE));
        double hr = heartRate(r, fs, w.data()[channel]);
        return new WindowAnalysis(NAME, channel, beats, hr, rhythm(r, fs, w.length(), hr), quality);
    }

    /** Mean rate over consecutive RR intervals that do not span lost samples. */
    static double heartRate(int[] r, int fs, float[] x) {
        double sum = 0;
        int count = 0;
        for (int k = 1; k < r.length; k++) {
            boolean lost = false;
            for (int j = r[k - 1]; j < r[k] && !lost; j++) lost = Float.isNaN(x[j]);
            if (lost) continue;
            sum += (r[k] - r[k - 1]) / (double) fs;
            count++;
        }
        return count == 0 ? Double.NaN : 60.0 * count / sum;
    }

    static RhythmLabel rhythm(int[] r, int fs, int n, double hr) {
        int longest = r.length == 0 ? n : Math.max(r[0], n - r[r.length - 1]);
        for (int k = 1; k < r.length; k++) longest = Math.max(longest, r[k] - r[k - 1]);
        if (longest >= 4 * fs) return RhythmLabel.ASYSTOLE;
        if (Double.isNaN(hr)) return RhythmLabel.NO_SIGNAL;
        if (hr < 50) return RhythmLabel.BRADYCARDIA;
        if (hr > 120) return RhythmLabel.TACHYCARDIA;
        if (r.length >= 5) {
            double mean = 0, sq = 0;
            int m = r.length - 1;
            for (int k = 1; k < r.length; k++) mean += r[k] - r[k - 1];
            mean /= m;
            for (int k = 1; k < r.length; k++) sq += Math.pow(r[k] - r[k - 1] - mean, 2);
            if (Math.sqrt(sq / m) / mean > 0.15) return RhythmLabel.IRREGULAR;
        }
        return RhythmLabel.NORMAL_RATE;
    }
}
