package org.openholter.core.analysis;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openholter.core.delineation.BeatIntervals;
import org.openholter.core.delineation.LudbDataset;
import org.openholter.core.delineation.OnnxDelineator;
import org.openholter.core.delineation.Wave;
import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.testing.SharedData;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.core.window.AnalysisWindow;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LayeredAnalyzerTest {
    static LayeredAnalyzer analyzer;

    @BeforeAll
    static void load() { analyzer = LayeredAnalyzer.withBundledModels(false); }

    @AfterAll
    static void close() { analyzer.close(); }

    static AnalysisWindow window(float[] x, int fs) {
        return new AnalysisWindow("dev", 0, 0, 0, 0, fs, new String[] {"II"}, new float[][] {x}, new int[x.length],
                2 * fs, x.length - 2 * fs, 0, false);
    }

    static float[] synthetic(int fs, double bpm) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:" + (int) bpm + "@20"), NoiseSpec.CLEAN, fs, new String[] {"II"}, 7, false, false);
        float[][] x = new float[1][10 * fs];
        s.next(x, 0, x[0].length);
        return x[0];
    }

    @Test
    void keepsTheBaseAnalyzersBeatsAndGivesThemPlausibleIntervals_atAnyAnalysisRate() {
        for (int fs : new int[] {250, 360, 500, 128}) {
            float[] x = synthetic(fs, 72);
            WindowAnalysis base = new ClassicAnalyzer().analyze(window(x, fs), new ClassicAnalyzer().newState());
            WindowAnalysis a = analyzer.analyze(window(x, fs), analyzer.newState());
            assertThat(a.analyzer()).isEqualTo("classic-qrs+delineation");
            assertThat(a.beats()).extracting(Beat::sample).as("%d Hz: same beats", fs).isEqualTo(base.beats().stream().map(Beat::sample).toList());
            assertThat(a.heartRateBpm()).isEqualTo(base.heartRateBpm());
            for (Beat b : a.beats()) {
                if (b.sample() < fs / 2 || b.sample() > x.length - fs / 2) continue; // waves cut by the window edge
                BeatIntervals iv = b.intervals();
                assertThat(iv.prMs()).as("%d Hz PR at %d", fs, b.sample()).isBetween(100.0, 260.0);
                assertThat(iv.qrsMs()).as("%d Hz QRS at %d", fs, b.sample()).isBetween(50.0, 130.0);
                assertThat(iv.qtMs()).as("%d Hz QT at %d", fs, b.sample()).isBetween(300.0, 460.0);
            }
        }
    }

    @Test
    void wavesTouchingLostSamplesAreNotMeasured() {
        float[] x = synthetic(250, 60);
        WindowAnalysis clean = analyzer.analyze(window(x, 250), analyzer.newState());
        Beat victim = clean.beats().get(clean.beats().size() / 2);
        float[] holed = x.clone();
        // Lose 240–440 ms after the R peak: that beat's T wave ends in the hole, so its QT must not be reported.
        for (int i = victim.sample() + 60; i < victim.sample() + 110; i++) holed[i] = Float.NaN;
        WindowAnalysis a = analyzer.analyze(window(holed, 250), analyzer.newState());
        Beat same = a.beats().stream().filter(b -> Math.abs(b.sample() - victim.sample()) < 5).findFirst().orElseThrow();
        assertThat(clean.beats().stream().filter(b -> b.sample() == victim.sample()).findFirst().orElseThrow().intervals().qtMs()).isPositive();
        assertThat(same.intervals().qtMs()).isNaN();
        assertThat(same.intervals().qrsMs()).isPositive();
        assertThat(a.beats().stream().filter(b -> !Double.isNaN(b.intervals().qtMs())).count())
                .as("the other beats keep their intervals").isGreaterThanOrEqualTo(clean.beats().size() - 3);
    }

    /**
     * Through the analyzer as the stream runs it (classic beats, model waves), against the cardiologists' waves of
     * LUDB validation lead II (records never used in training): per beat on an annotated QRS, PR, QRS and QT.
     */
    @Test
    void intervalsAgreeWithLudbCardiologists() throws Exception {
        Path dir = SharedData.require("ludb").resolve("data");
        List<List<Double>> errors = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        int[] references = new int[3];
        for (int rec : LudbDataset.VALIDATION) {
            Path path = dir.resolve(String.valueOf(rec));
            WfdbRecord r = WfdbRecord.read(path);
            int fsIn = (int) Math.round(r.sampleRate());
            float[] mv = new float[(int) Math.min(r.length(), 10L * fsIn)];
            for (int i = 0; i < mv.length; i++) mv[i] = r.millivolts(1, i); // lead II
            float[] x = PolyphaseResampler.resample(mv, fsIn, OnnxDelineator.FS);
            List<Wave> ref = Wave.fromAnnotations(WfdbAnnotations.read(Path.of(path + ".ii"))).stream()
                    .map(v -> v.resampled(fsIn, OnnxDelineator.FS)).filter(v -> v.offset() < x.length).toList();
            AnalysisWindow w = new AnalysisWindow("ludb" + rec, 0, 0, 0, 0, 250, new String[] {"II"}, new float[][] {x},
                    new int[x.length], 0, x.length, 0, false);
            WindowAnalysis a = analyzer.analyze(w, analyzer.newState());
            int[] fid = a.beats().stream().mapToInt(Beat::sample).toArray();
            BeatIntervals[] expected = BeatIntervals.around(ref, fid, 250);
            for (int k = 0; k < fid.length; k++) {
                double[] e = {expected[k].prMs(), expected[k].qrsMs(), expected[k].qtMs()};
                BeatIntervals got = a.beats().get(k).intervals();
                double[] g = {got.prMs(), got.qrsMs(), got.qtMs()};
                for (int i = 0; i < 3; i++) {
                    if (Double.isNaN(e[i])) continue;
                    references[i]++;
                    if (!Double.isNaN(g[i])) errors.get(i).add(Math.abs(g[i] - e[i]));
                }
            }
        }
        String[] names = {"PR", "QRS", "QT"};
        double[] maxMedian = {12, 12, 20};
        for (int i = 0; i < 3; i++) {
            double[] abs = errors.get(i).stream().mapToDouble(Double::doubleValue).sorted().toArray();
            double median = abs[abs.length / 2], coverage = abs.length / (double) references[i];
            System.out.printf("LUDB validation II, %s: %d reference beats, coverage %.3f, median |error| %.1f ms%n",
                    names[i], references[i], coverage, median);
            assertThat(references[i]).as(names[i] + " reference beats").isGreaterThan(250);
            assertThat(coverage).as(names[i] + " coverage").isGreaterThan(0.9);
            assertThat(median).as(names[i] + " median |error| ms").isLessThanOrEqualTo(maxMedian[i]);
        }
    }
}
