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
}
