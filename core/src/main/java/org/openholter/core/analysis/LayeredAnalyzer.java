package org.openholter.core.analysis;

import ai.onnxruntime.OrtException;
import org.openholter.core.beats.BeatClassifier;
import org.openholter.core.beats.BeatFeatures;
import org.openholter.core.beats.DominantBeat;
import org.openholter.core.beats.PacedBeats;
import org.openholter.core.delineation.BeatIntervals;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.delineation.Wave;
import org.openholter.core.delineation.WaveExtractor;
import org.openholter.core.rhythm.RhythmDetector;
import org.openholter.core.signal.ChannelKind;
import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.window.AnalysisWindow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Adds the layers of the codec to another analyzer's beats: the beat layer (each beat's class from the beat
 * model), the wave layer (the delineation model's P / QRS / T waves, and from them each beat's PR, QRS and QT)
 * and the rhythm layer ({@link RhythmDetector}, from the signal, the classes and the waves). Beat detection, rate, rhythm label and quality stay the base analyzer's, so the
 * life-critical alarms (asystole, extreme rates) do not depend on a model.
 *
 * <p>Both models run on the lead the base analyzer chose, resampled to 250 Hz and normalised once. One model
 * session per instance (one per Flink task), single-threaded: parallelism comes from the tasks. A model
 * failure on one window is logged and that window keeps the base analysis. Per patient, the state adds the
 * long-term RR interval and dominant beat the beat model compares each beat with.
 */
public final class LayeredAnalyzer implements WindowAnalyzer {
    private static final Logger LOG = LoggerFactory.getLogger(LayeredAnalyzer.class);
    /** 4: with the patient's dominant beat over every lead; 3 (without it) is still read. */
    private static final int STATE_VERSION = 4;
    /** Beats over which the long-term RR forgets (≈ 1.5 min at 70 bpm). */
    private static final double LONG_RR_BEATS = 100;
    /** Share of a window's non-premature median that enters the long-term dominant beat (≈ 30-s memory at a 6-s stride). */
    private static final float LONG_TEMPLATE_RATE = 0.2f;
    /** A beat whose preceding RR is shorter than this share of the long-term RR is premature: not the dominant beat. */
    private static final double PREMATURE = 0.9;

    /** Sees every window's beat features and the window (training-data export uses it). */
    public interface FeatureTap {
        void onFeatures(AnalysisWindow window, List<Beat> beats, BeatFeatures.Batch features);
    }

    private final WindowAnalyzer base;
    private final OnnxDelineator waveModel;
    private final BeatClassifier beatModel;
    private final FeatureTap tap;
    private final RhythmDetector rhythm;
    private final String name;

    /**
     * Per patient: the base analyzer's state, the long-term RR (s, 0 until known), the long-term dominant beat
     * (null until known), the rhythm layer's beat history, and the patient's dominant beat over every lead (null
     * until the first window with beats; learnt again when the leads or the rate change).
     */
    static final class State implements AnalyzerState {
        AnalyzerState base;
        double longRr;
        float[] longTemplate;
        RhythmDetector.State rhythm = new RhythmDetector.State();
        DominantBeat patient;
        int patientFs, patientLeads;

        @Override
        public void write(DataOutput out) throws IOException {
            out.writeInt(STATE_VERSION);
            out.writeDouble(longRr);
            out.writeBoolean(longTemplate != null);
            if (longTemplate != null) for (float v : longTemplate) out.writeFloat(v);
            rhythm.write(out);
            base.write(out);
            out.writeBoolean(patient != null);
            if (patient != null) {
                out.writeInt(patientFs);
                out.writeInt(patientLeads);
                patient.write(out);
            }
        }
    }

    /** Either model may be null (that layer is then left out). */
    public LayeredAnalyzer(WindowAnalyzer base, OnnxDelineator waveModel, BeatClassifier beatModel, FeatureTap tap) {
        this(base, waveModel, beatModel, tap, new RhythmDetector());
    }

    public LayeredAnalyzer(WindowAnalyzer base, OnnxDelineator waveModel, BeatClassifier beatModel, FeatureTap tap, RhythmDetector rhythm) {
        this.base = base;
        this.rhythm = rhythm;
        this.waveModel = waveModel;
        this.beatModel = beatModel;
        this.tap = tap;
        this.name = base.name() + (beatModel != null ? "+beats" : "") + (waveModel != null ? "+delineation" : "");
    }

    /** The classic analyzer with the shipped models: wave layer, and beat layer when {@code beats} is set. */
    public static LayeredAnalyzer withBundledModels(boolean beats) {
        try {
            return new LayeredAnalyzer(new ClassicAnalyzer(), OnnxDelineator.bundled(1), beats ? BeatClassifier.bundled(1) : null, null);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot load the shipped models", e);
        }
    }

    @Override public String name() { return name; }

    @Override
    public AnalyzerState newState() {
        State s = new State();
        s.base = base.newState();
        return s;
    }

    @Override
    public AnalyzerState readState(DataInput in) throws IOException {
        int v = in.readInt();
        if (v < 3 || v > STATE_VERSION) throw new IOException("layered analyzer state version " + v + " (this build reads 3-" + STATE_VERSION + ")");
        State s = new State();
        s.longRr = in.readDouble();
        if (in.readBoolean()) {
            s.longTemplate = new float[BeatFeatures.LENGTH];
            for (int i = 0; i < s.longTemplate.length; i++) s.longTemplate[i] = in.readFloat();
        }
        s.rhythm = RhythmDetector.State.read(in);
        s.base = base.readState(in);
        if (v >= 4 && in.readBoolean()) {
            s.patientFs = in.readInt();
            s.patientLeads = in.readInt();
            if (s.patientFs <= 0 || s.patientFs > 10_000 || s.patientLeads <= 0 || s.patientLeads > 64) {
                throw new IOException("layered analyzer state: dominant beat of " + s.patientLeads + " leads at " + s.patientFs + " Hz");
            }
            s.patient = new DominantBeat(s.patientFs, s.patientLeads);
            s.patient.read(in);
        } // version 3: the dominant beat is learnt afresh
        return s;
    }

    @Override
    public WindowAnalysis analyze(AnalysisWindow w, AnalyzerState state) {
        State st = (State) state;
        WindowAnalysis a = base.analyze(w, st.base);
        if (a.channel() < 0 || a.beats().isEmpty()) return withRhythm(w, rename(a, a.beats()), st);
        int fs = w.sampleRateHz();
        float[] x = w.data()[a.channel()];
        List<Beat> beats = a.beats();
        byte[] waveLabels = null;
        float[] embedding = null;
        try {
            float[] normalised = OnnxDelineator.normalise(at250(x, fs));
            if (waveModel != null) { // first: the beat layer uses each beat's P wave
                OnnxDelineator.Labelled out = waveModel.labelAndEmbed(normalised);
                byte[] labels250 = out.labels();
                embedding = out.embedding();
                beats = withIntervals(beats, waves(labels250, x, fs), fs);
                waveLabels = toChannelRate(WaveExtractor.labels(WaveExtractor.waves(labels250, OnnxDelineator.FS), labels250.length), fs, x.length);
            }
            if (beatModel != null || tap != null) beats = classify(w, beats, normalised, waveModel != null, st);
            beats = PacedBeats.label(w, beats, waveLabels);
        } catch (OrtException | RuntimeException e) {
            LOG.warn("a model failed on a window of {} samples; keeping the base analysis", w.length(), e);
            return withRhythm(w, rename(a, a.beats()), st);
        }
        return withRhythm(w, new WindowAnalysis(name, a.channel(), beats, a.heartRateBpm(), a.rhythm(), a.quality(), waveLabels, null, embedding), st);
    }

    private WindowAnalysis withRhythm(AnalysisWindow w, WindowAnalysis a, State st) {
        return new WindowAnalysis(a.analyzer(), a.channel(), a.beats(), a.heartRateBpm(), a.rhythm(), a.quality(), a.waveLabels(),
                rhythm.label(w, a, st.rhythm), a.embedding());
    }

    /** Labels at 250 Hz to the window's rate (nearest sample). */
    private static byte[] toChannelRate(byte[] labels250, int fs, int n) {
        if (fs == OnnxDelineator.FS && labels250.length == n) return labels250;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) out[i] = labels250[(int) Math.min(labels250.length - 1, Math.round(i * (double) OnnxDelineator.FS / fs))];
        return out;
    }

    private List<Beat> classify(AnalysisWindow w, List<Beat> beats, float[] normalised, boolean hasWaves, State st) throws OrtException {
        int n = beats.size(), fs = w.sampleRateHz();
        int[] r = new int[n];
        long[] t = new long[n];
        double[] pr = hasWaves ? new double[n] : null;
        for (int k = 0; k < n; k++) {
            r[k] = (int) Math.round(beats.get(k).sample() * (double) BeatFeatures.FS / fs);
            t[k] = beats.get(k).timeMicros();
            if (pr != null) pr[k] = beats.get(k).intervals().prMs();
        }
        BeatFeatures.Batch f = BeatFeatures.compute(normalised, r, t, st.longRr, st.longTemplate, pr, againstPatient(w, beats, st));
        if (tap != null) tap.onFeatures(w, beats, f);
        List<Beat> out = beats;
        if (beatModel != null) {
            char[] labels = beatModel.classify(f);
            out = new ArrayList<>(n);
            for (int k = 0; k < n; k++) {
                Beat b = beats.get(k);
                out.add(new Beat(b.timeMicros(), b.sample(), labels[k], b.amplitudeMv(), b.intervals()));
            }
        }
        updateLongTerm(w, t, f.segments(), st);
        return out;
    }

    /**
     * Each beat against the patient's dominant beat on every ECG lead read ({@link BeatFeatures#morphology}), the
     * reported stretch's beats then learnt (each beat once, in order). The leads are the window's ECG channels with
     * at most 10 % of their samples lost; a change of rate or channel count starts the dominant beat afresh.
     */
    private static float[][] againstPatient(AnalysisWindow w, List<Beat> beats, State st) {
        int fs = w.sampleRateHz(), leads = w.data().length;
        if (st.patient == null || st.patientFs != fs || st.patientLeads != leads) {
            st.patient = new DominantBeat(fs, leads);
            st.patientFs = fs;
            st.patientLeads = leads;
        }
        boolean[] used = new boolean[leads];
        float[][] band = new float[leads][];
        for (int c = 0; c < leads; c++) {
            if (ChannelKind.of(w.channelNames()[c]) != ChannelKind.ECG) continue;
            float[] x = w.data()[c];
            int lost = 0;
            for (float v : x) if (Float.isNaN(v)) lost++;
            if (lost > 0.1 * x.length) continue;
            band[c] = DominantBeat.band(x, fs);
            used[c] = true;
        }
        float[][] out = new float[beats.size()][];
        long previous = Long.MIN_VALUE;
        for (int k = 0; k < beats.size(); k++) {
            Beat b = beats.get(k);
            float[][] complex = st.patient.complex(band, b.sample());
            if (complex == null) continue;
            out[k] = BeatFeatures.morphology(st.patient.compare(complex, used));
            if (b.timeMicros() >= w.keepFromMicros() && b.timeMicros() < w.keepToMicros()) {
                st.patient.learn(complex, used, previous == Long.MIN_VALUE ? Double.NaN : (b.timeMicros() - previous) / 1e6);
            }
            previous = b.timeMicros();
        }
        return out;
    }

    /**
     * The long-term RR and dominant beat, from the reported stretch only so that each beat counts once. The
     * dominant beat moves towards the median of the stretch's beats that were not premature (at least three).
     */
    private static void updateLongTerm(AnalysisWindow w, long[] t, float[][] segments, State st) {
        List<float[]> dominant = new ArrayList<>();
        for (int k = 1; k < t.length; k++) {
            if (t[k] < w.keepFromMicros() || t[k] >= w.keepToMicros()) continue;
            double rr = (t[k] - t[k - 1]) / 1e6;
            if (rr < 0.25 || rr > 3) continue;
            if (st.longRr <= 0 || rr >= PREMATURE * st.longRr) dominant.add(segments[k]);
            st.longRr = st.longRr <= 0 ? rr : st.longRr + (rr - st.longRr) / LONG_RR_BEATS;
        }
        if (dominant.size() < 3) return;
        float[] median = BeatFeatures.template(dominant.toArray(float[][]::new));
        if (st.longTemplate != null) { // a new array: earlier feature batches keep theirs
            for (int i = 0; i < median.length; i++) median[i] = st.longTemplate[i] + LONG_TEMPLATE_RATE * (median[i] - st.longTemplate[i]);
        }
        st.longTemplate = median;
    }

    private WindowAnalysis rename(WindowAnalysis a, List<Beat> beats) {
        return new WindowAnalysis(name, a.channel(), beats, a.heartRateBpm(), a.rhythm(), a.quality());
    }

    private static float[] at250(float[] x, int fs) {
        float[] clean = x.clone();
        for (int i = 0; i < clean.length; i++) if (Float.isNaN(clean[i])) clean[i] = 0f;
        return fs == OnnxDelineator.FS ? clean : PolyphaseResampler.resample(clean, fs, OnnxDelineator.FS);
    }

    /** Waves of one channel, positions in the channel's own samples; none touching lost samples. */
    private static List<Wave> waves(byte[] labels250, float[] x, int fs) {
        List<Wave> at250 = WaveExtractor.waves(labels250, OnnxDelineator.FS);
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
            if (waveModel != null) waveModel.close();
            if (beatModel != null) beatModel.close();
        } catch (OrtException e) {
            LOG.warn("closing a model session", e);
        }
        base.close();
    }
}
