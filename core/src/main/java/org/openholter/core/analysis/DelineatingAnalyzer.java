package org.openholter.core.analysis;

import ai.onnxruntime.OrtException;
import org.openholter.core.delineation.BeatIntervals;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.delineation.Wave;
import org.openholter.core.delineation.WaveExtractor;
import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.window.AnalysisWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the wave layer to another analyzer: runs the delineation model on the channel the base analyzer
 * chose and gives each of its beats the PR, QRS and QT of the waves around it. Beats, rate, rhythm and
 * quality stay the base analyzer's, so alarms do not depend on the model.
 *
 * <p>One model session per instance (one per Flink task), single-threaded: parallelism comes from the
 * tasks. A model failure on one window is logged and that window keeps the base analysis.
 */
public final class DelineatingAnalyzer implements WindowAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(DelineatingAnalyzer.class);

    private final WindowAnalyzer base;
    private final OnnxDelineator model;
    private final String name;

    public DelineatingAnalyzer(WindowAnalyzer base, OnnxDelineator model) {
        this.base = base;
        this.model = model;
        this.name = base.name() + "+delineation";
    }

    /** The classic analyzer with the shipped delineation model. */
    public static DelineatingAnalyzer withBundledModel() {
        try {
            return new DelineatingAnalyzer(new ClassicAnalyzer(), OnnxDelineator.bundled(1));
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the delineation model", e);
        }
    }

    @Override public String name() { return name; }
    @Override public AnalyzerState newState() { return base.newState(); }
    @Override public AnalyzerState readState(DataInput in) throws IOException { return base.readState(in); }

    @Override
    public WindowAnalysis analyze(AnalysisWindow w, AnalyzerState state) {
        WindowAnalysis a = base.analyze(w, state);
        if (a.channel() < 0 || a.beats().isEmpty()) return rename(a, a.beats());
        List<Wave> waves;
        try {
            waves = waves(w.data()[a.channel()], w.sampleRateHz());
        } catch (OrtException | RuntimeException e) {
            LOG.warn("delineation failed on a window of {} samples; keeping the beats without intervals", w.length(), e);
            return rename(a, a.beats());
        }
        return rename(a, withIntervals(a.beats(), waves, w.sampleRateHz()));
    }

    private WindowAnalysis rename(WindowAnalysis a, List<Beat> beats) {
        return new WindowAnalysis(name, a.channel(), beats, a.heartRateBpm(), a.rhythm(), a.quality());
    }

    /** Waves of one channel, positions in the channel's own samples; none touching lost samples. */
    List<Wave> waves(float[] x, int fs) throws OrtException {
        float[] clean = x.clone();
        for (int i = 0; i < clean.length; i++) if (Float.isNaN(clean[i])) clean[i] = 0f;
        float[] in = fs == OnnxDelineator.FS ? clean : PolyphaseResampler.resample(clean, fs, OnnxDelineator.FS);
        List<Wave> at250 = WaveExtractor.waves(model.label(in), OnnxDelineator.FS);
        List<Wave> out = new ArrayList<>(at250.size());
        for (Wave v : at250) {
            int on = toChannel(v.onset(), fs, x.length), off = toChannel(v.offset(), fs, x.length);
            boolean lost = false;
            for (int i = on; i <= off && !lost; i++) lost = Float.isNaN(x[i]);
            if (!lost) out.add(new Wave(v.kind(), on, off));
        }
        return out;
    }

    private static int toChannel(int sample250, int fs, int n) {
        return (int) Math.min(n - 1, Math.round(sample250 * (double) fs / OnnxDelineator.FS));
    }

    static List<Beat> withIntervals(List<Beat> beats, List<Wave> waves, int fs) {
        int[] fiducials = beats.stream().mapToInt(Beat::sample).toArray();
        BeatIntervals[] iv = BeatIntervals.around(waves, fiducials, fs);
        List<Beat> out = new ArrayList<>(beats.size());
        for (int k = 0; k < beats.size(); k++) out.add(beats.get(k).withIntervals(iv[k]));
        return out;
    }

    @Override
    public void close() {
        try {
            model.close();
        } catch (OrtException e) {
            LOG.warn("closing the delineation model", e);
        }
        base.close();
    }
}
