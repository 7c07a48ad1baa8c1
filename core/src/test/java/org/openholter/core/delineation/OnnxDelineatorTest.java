package org.openholter.core.delineation;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OnnxDelineatorTest {
    static final Path MODEL = Path.of(System.getProperty("openholter.root", "..")).resolve("models/delineation/delineation.onnx");

    @Test
    void model_findsEverySyntheticQrsAndItsWaves_andIgnoresGainAndPolarityOfTheInput() throws Exception {
        Assumptions.assumeTrue(Files.exists(MODEL), "no committed model at " + MODEL);
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:70@20"), NoiseSpec.CLEAN, 250, new String[] {"II"}, 4, false, true);
        float[][] x = new float[1][2500];
        s.next(x, 0, 2500);
        try (OnnxDelineator d = new OnnxDelineator(MODEL, 1)) {
            byte[] labels = d.label(x[0]);
            WaveBoundaries w = WaveExtractor.boundaries(labels, 250);
            List<EcgSynthesizer.TruthBeat> beats = s.beatsBetween(0.3, 9.7);
            for (EcgSynthesizer.TruthBeat b : beats) {
                int r = (int) Math.round(b.timeS() * 250);
                assertThat(labels[r]).as("R peak at %.2f s is QRS", b.timeS()).isEqualTo((byte) 2);
            }
            assertThat(w.get(Boundary.QRS_ON)).hasSizeBetween(beats.size(), beats.size() + 2);
            assertThat(w.get(Boundary.T_OFF)).hasSizeGreaterThanOrEqualTo(beats.size() - 1);
            assertThat(w.get(Boundary.P_ON)).hasSizeGreaterThanOrEqualTo(beats.size() - 1);
            float[] scaled = x[0].clone();
            for (int i = 0; i < scaled.length; i++) scaled[i] = scaled[i] * 3.7f + 0.8f;
            assertThat(d.label(scaled)).as("normalisation removes gain and offset").isEqualTo(labels);
        }
    }

    @Test
    void normalise_isRobustToASingleArtefact() {
        float[] x = new float[2500];
        for (int i = 0; i < x.length; i++) x[i] = (float) Math.sin(i / 20.0);
        float[] a = OnnxDelineator.normalise(x);
        x[1000] = 500f; // one enormous spike
        float[] b = OnnxDelineator.normalise(x);
        assertThat(Math.abs(b[10] - a[10])).isLessThan(0.01f);
    }

    /** The training code's normalisation (torch.median, torch.quantile 0.95), computed the plain way: by sorting. */
    static float[] sortedNormalise(float[] x) {
        int n = x.length;
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = Float.isNaN(x[i]) ? 0f : x[i];
        float[] sorted = s.clone();
        java.util.Arrays.sort(sorted);
        float med = sorted[(n - 1) / 2];
        float[] d = new float[n];
        for (int i = 0; i < n; i++) { s[i] -= med; d[i] = Math.abs(s[i]); }
        java.util.Arrays.sort(d);
        double pos = 0.95 * (n - 1);
        int lo = (int) Math.floor(pos);
        double q = d[lo] + (pos - lo) * (d[Math.min(n - 1, lo + 1)] - d[lo]);
        float scale = (float) Math.max(q, 0.05);
        for (int i = 0; i < n; i++) s[i] /= scale;
        return s;
    }

    @Test
    void normalise_bySelection_equalsTheSortedReference() {
        java.util.Random r = new java.util.Random(5);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(trial < 50 ? 12 : 3000);
            float[] x = new float[n];
            int levels = 1 + r.nextInt(6); // few levels: many ties, as a clipped or quantised signal has
            for (int i = 0; i < n; i++) {
                x[i] = trial % 3 == 0 ? r.nextInt(levels) * 0.25f : (float) r.nextGaussian();
                if (r.nextInt(50) == 0) x[i] = Float.NaN;
            }
            float[] want = sortedNormalise(x), got = OnnxDelineator.normalise(x);
            for (int i = 0; i < n; i++) assertThat(got[i]).as("trial %d, n %d, sample %d", trial, n, i).isEqualTo(want[i], org.assertj.core.api.Assertions.offset(0f));
        }
    }

    @Test
    void select_findsTheKthSmallest() {
        java.util.Random r = new java.util.Random(9);
        for (int trial = 0; trial < 200; trial++) {
            float[] a = new float[1 + r.nextInt(100)];
            for (int i = 0; i < a.length; i++) a[i] = r.nextInt(7);
            float[] sorted = a.clone();
            java.util.Arrays.sort(sorted);
            int k = r.nextInt(a.length);
            assertThat(OnnxDelineator.select(a.clone(), k)).isEqualTo(sorted[k]);
        }
    }
}
