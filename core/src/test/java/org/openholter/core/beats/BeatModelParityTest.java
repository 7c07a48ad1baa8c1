package org.openholter.core.beats;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped beat model, run by onnxruntime in Java, gives the class probabilities the PyTorch model gave for the
 * same inputs when it was exported (models/beats/export_onnx.py writes the fixture): the export and the runtime's
 * input layout (segment channels, scalar features) agree.
 */
class BeatModelParityTest {
    @Test
    void theOnnxModelGivesThePyTorchModelsProbabilities() throws Exception {
        JsonNode fx;
        try (var in = BeatModelParityTest.class.getResourceAsStream("/models/beats-parity.json")) {
            fx = new ObjectMapper().readTree(in);
        }
        int n = fx.get("probabilities").size();
        assertThat(n).isGreaterThan(0);
        float[][] seg = new float[n][], rr = new float[n][];
        float[] template = null;
        try (BeatClassifier model = BeatClassifier.bundled(1)) {
            for (int k = 0; k < n; k++) {
                JsonNode s = fx.get("segment").get(k);
                seg[k] = floats(s.get(0));
                // The runtime gives every beat of a window one window template: one beat per batch here.
                template = floats(s.get(1));
                rr[k] = new float[BeatFeatures.RR_COUNT];
                float[] given = floats(fx.get("rr").get(k));
                System.arraycopy(given, 0, rr[k], 0, Math.min(given.length, rr[k].length));
                float[] longTemplate = s.size() > 2 ? floats(s.get(2)) : template;
                float[][] p = model.probabilities(new BeatFeatures.Batch(new float[][] {seg[k]}, template, longTemplate, new float[][] {rr[k]}));
                float[] expected = floats(fx.get("probabilities").get(k));
                for (int c = 0; c < expected.length; c++) {
                    assertThat((double) p[0][c]).as("beat %d class %d", k, c).isCloseTo(expected[c], org.assertj.core.data.Offset.offset(1e-4));
                }
            }
        }
    }

    private static float[] floats(JsonNode a) {
        float[] out = new float[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = (float) a.get(i).asDouble();
        return out;
    }
}
