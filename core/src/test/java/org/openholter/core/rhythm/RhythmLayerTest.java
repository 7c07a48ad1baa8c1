package org.openholter.core.rhythm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.Beat;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.analysis.RhythmLabel;
import org.openholter.core.analysis.WindowAnalysis;
import org.openholter.core.delineation.BeatIntervals;
import org.openholter.core.signal.QualityEstimator;
import org.openholter.core.window.AnalysisWindow;
import org.openholter.core.codec.Layers;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.wire.AlarmEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The rhythm layer through the stream's path on scripted rhythms. */
class RhythmLayerTest {
    static LayeredAnalyzer analyzer;

    @BeforeAll
    static void load() { analyzer = LayeredAnalyzer.withBundledModels(true); }

    @AfterAll
    static void close() { analyzer.close(); }

    /** The rhythm layer of a scripted stream, one character per analysed sample. */
    static String rhythm(String scenario, double seconds) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(scenario), NoiseSpec.CLEAN, 250, new String[] {"II"}, 3, false, false);
        SyntheticDevice d = new SyntheticDevice("p", s, 1.0, 0, SyntheticDevice.DEFAULT_GAIN, 0);
        StringBuilder out = new StringBuilder();
        PatientMonitor m = new PatientMonitor("p", MonitorConfig.DEFAULT, analyzer);
        MonitorOutput o = new MonitorOutput() {
            @Override public void window(WindowReport r) { out.append(Layers.render(r.codec().rhythm(), Layers.RHYTHM_CHARS)); }
            @Override public void alarm(AlarmEvent a) {}
        };
        while (d.nextFrameMicros() / 1e6 < seconds) m.onFrame(d.nextFrame(), o);
        m.finish(o);
        return out.toString();
    }

    static double share(String s, char c, int from, int to) {
        return s.substring(from, to).chars().filter(x -> x == c).count() / (double) (to - from);
    }

    @Test
    void sinusThenAfThenSinus() {
        String r = rhythm("sinus:72@60,af:95@90,sinus:72@60", 210);
        int fs = 250;
        assertThat(share(r, 'S', 10 * fs, 55 * fs)).as("sinus before").isGreaterThan(0.95);
        assertThat(share(r, 'F', 90 * fs, 145 * fs)).as("AF, once 30 beats of history have turned over").isGreaterThan(0.9);
        assertThat(share(r, 'S', 180 * fs, 205 * fs)).as("sinus after").isGreaterThan(0.9);
    }

    @Test
    void ventricularFibrillationIsNotAsystoleOrSinus() {
        String r = rhythm("sinus:70@30,vf@40,sinus:70@30", 100);
        int fs = 250;
        assertThat(share(r, 'W', 36 * fs, 66 * fs)).as("VF").isGreaterThan(0.8);
        assertThat(share(r, 'S', 5 * fs, 25 * fs)).isGreaterThan(0.95);
    }

    /**
     * Sustained VT stays ventricular to its end: the patient's dominant beat must not become the VT complex once VT
     * outnumbers the sinus beats (it did after about 20 s, and the VT beats turned "supraventricular").
     */
    @Test
    void sustainedVtStaysVentricularToItsEnd() {
        String r = rhythm("sinus:70@30,vt:180@90,sinus:70@30", 150);
        int fs = 250;
        StringBuilder each = new StringBuilder();
        for (int i = 30 * fs; i < 125 * fs; i += fs) each.append(r.charAt(i));
        assertThat(share(r, 'V', 36 * fs, 118 * fs)).as("VT, each second from 30 s: " + each).isGreaterThan(0.95);
        assertThat(share(r, 'S', 130 * fs, 145 * fs)).as("sinus after").isGreaterThan(0.95);
    }

    /**
     * A short ventricular run inside sinus rhythm, with the beat classes given (the synthesizer's truth), so that
     * this checks the rhythm layer alone: the run is labelled ventricular over its own span, the rest sinus.
     */
    @Test
    void aShortVentricularRunCoversItsOwnSpanNotTheWholeStretch() {
        int fs = 250, n = 10 * fs;
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:75@4,vt:160@2.2,sinus:75@10"), NoiseSpec.CLEAN, fs, new String[] {"II"}, 3, false, true);
        float[][] x = new float[1][n];
        s.next(x, 0, n);
        List<Beat> beats = new ArrayList<>();
        for (EcgSynthesizer.TruthBeat b : s.beatsBetween(0, 10)) {
            int r = (int) Math.round(b.timeS() * fs);
            beats.add(new Beat(Math.round(b.timeS() * 1e6), r, b.kind() == EcgSynthesizer.BeatKind.VT ? 'V' : 'N', 1f, new BeatIntervals(Double.NaN, 100, Double.NaN)));
        }
        long vt = beats.stream().filter(b -> b.label() == 'V').count();
        AnalysisWindow w = new AnalysisWindow("p", 0, 0, 0, 0, fs, new String[] {"II"}, x, new int[n], 2 * fs, 8 * fs, 0, false);
        // Every beat has a delineated QRS (a wave layer that found them): organised complexes, not fibrillation.
        WindowAnalysis a = new WindowAnalysis("test", 0, beats, 80, RhythmLabel.NORMAL_RATE, new QualityEstimator(fs).assess(x[0], w.flags(), 0),
                new byte[n], null, null);
        byte[] labels = new RhythmDetector().label(w, a, new RhythmDetector.State());
        int first = -1, last = -1, count = 0;
        for (int i = 0; i < n; i++) if (labels[i] == Layers.VENTRICULAR) { if (first < 0) first = i; last = i; count++; }
        int firstV = beats.stream().filter(b -> b.label() == 'V').mapToInt(Beat::sample).min().orElseThrow();
        int lastV = beats.stream().filter(b -> b.label() == 'V').mapToInt(Beat::sample).max().orElseThrow();
        System.out.printf("%d V beats from %.2f to %.2f s; ventricular %.2f to %.2f s%n", vt, firstV / (double) fs, lastV / (double) fs, first / (double) fs, last / (double) fs);
        assertThat(vt).isGreaterThanOrEqualTo(3);
        int margin = RhythmDetector.RUN_MARGIN_MS * fs / 1000;
        assertThat(first).isEqualTo(firstV - margin);
        assertThat(last).isEqualTo(lastV + margin);
        assertThat(count).isEqualTo(last - first + 1);
        assertThat(labels[fs]).isEqualTo(Layers.SINUS);
        assertThat(labels[n - fs]).isEqualTo(Layers.SINUS);
    }

    /** A 30-s recording that is AF from its first beat is mostly AF (the record-level answer), a sinus one never. */
    @Test
    void aThirtySecondRecordingGetsItsRhythmRight() {
        int fs = 250;
        String af = rhythm("af:95@30", 30), sinus = rhythm("sinus:72@30", 30);
        StringBuilder perSecond = new StringBuilder();
        for (int i = fs / 2; i < af.length(); i += fs) perSecond.append(af.charAt(i));
        System.out.println("30-s AF recording, rhythm each second: " + perSecond);
        assertThat(share(af, 'F', 0, af.length())).as("AF share of a 30-s AF recording: 8 beats of history suffice, so the "
                + "first reported stretch (the first 8 s) is already AF").isGreaterThan(0.8);
        assertThat(sinus.indexOf('F')).as("no AF in 30 s of sinus rhythm").isEqualTo(-1);
    }

    /**
     * Hysteresis: an RR series a little too regular (irregularity 0.07) and without P waves does not start AF, but
     * keeps an AF already running.
     */
    @Test
    void afHoldsOnWeakerEvidenceOnceRunning() {
        RhythmDetector d = new RhythmDetector();
        RhythmDetector.State s = new RhythmDetector.State();
        for (int i = 0; i < 32; i++) s.push(i % 2 == 0 ? 700 : 750, false, (byte) 0); // |ΔRR| 50 ms over 725: 0.069
        assertThat(d.isAf(s, () -> Double.NaN)).as("not entered").isFalse();
        s.inAf = true;
        assertThat(d.isAf(s, () -> Double.NaN)).as("held").isTrue();
        for (int i = 0; i < 32; i++) s.push(i % 2 == 0 ? 700 : 720, false, (byte) 0); // 0.028: sinus again
        assertThat(d.isAf(s, () -> Double.NaN)).as("left").isFalse();
    }

    /** Irregular beats whose "P waves" (fibrillation waves taken for P) come at any distance from the QRS are AF. */
    @Test
    void pWavesAtNoFixedDistanceDoNotHideAf() {
        RhythmDetector d = new RhythmDetector();
        RhythmDetector.State s = new RhythmDetector.State();
        for (int i = 0; i < 32; i++) s.push(600 + 400 * ((i * 7) % 5) / 4.0, false, (byte) (i % 5 < 3 ? 1 : 0)); // 60 % with P
        assertThat(d.isAf(s, () -> 8)).as("a steady PR (8 ms spread): atrial ectopy or sinus arrhythmia").isFalse();
        assertThat(d.isAf(s, () -> 40)).as("PR spread 40 ms").isTrue();
    }

    @Test
    void stateOfTheFirstVersionIsRead() throws Exception {
        ByteArrayOutputStream a = new ByteArrayOutputStream();
        DataOutputStream o = new DataOutputStream(a);
        o.writeInt(1);
        o.writeInt(2);
        for (int i = 0; i < 2; i++) { o.writeDouble(800); o.writeBoolean(false); o.writeByte(1); }
        RhythmDetector.State s = RhythmDetector.State.read(new DataInputStream(new ByteArrayInputStream(a.toByteArray())));
        assertThat(s.size).isEqualTo(2);
        assertThat(s.inAf).isFalse();
    }

    @Test
    void stateRoundTrips() throws Exception {
        RhythmDetector.State s = new RhythmDetector.State();
        s.inAf = true;
        for (int i = 0; i < 40; i++) s.push(800 + i, i % 7 == 0, (byte) (i % 3 - 1));
        ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        s.write(new DataOutputStream(a));
        RhythmDetector.State.read(new DataInputStream(new ByteArrayInputStream(a.toByteArray()))).write(new DataOutputStream(b));
        assertThat(b.toByteArray()).isEqualTo(a.toByteArray());
    }
}
