package org.openholter.core.beats;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.openholter.core.models.OnnxSessions;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The beat model (models/beats): classifies beats from {@link BeatFeatures} (input {@code segment}: the beat and
 * the window's dominant beat as two channels; {@code rr}: the rhythm features) into the AAMI classes N, S, V,
 * F, Q, returned as MIT-BIH codes ({@code N}, {@code A}, {@code V}, {@code F}, {@code Q}). One session,
 * single-threaded, shared by every caller; all beats of a window go through in one batch.
 */
public final class BeatClassifier implements AutoCloseable {
    /** Output order of the model. */
    public static final char[] AAMI = {'N', 'S', 'V', 'F', 'Q'};
    /** The MIT-BIH code written for each class (S as 'A', atrial premature beat). */
    public static final char[] MIT = {'N', 'A', 'V', 'F', 'Q'};
    public static final String BUNDLED = "/org/openholter/models/beats/beats.onnx";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    public BeatClassifier(Path model, int threads) throws OrtException {
        this.session = OnnxSessions.open(env, model, threads);
    }

    private BeatClassifier(OrtSession session) {
        this.session = session;
    }

    /** The model shipped in the jar. */
    public static BeatClassifier bundled(int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        return new BeatClassifier(OnnxSessions.bundled(env, BUNDLED, threads));
    }

    /** Class probabilities per beat, {@code [beat][5]} in {@link #AAMI} order. */
    public float[][] probabilities(BeatFeatures.Batch b) throws OrtException {
        int n = b.size();
        if (n == 0) return new float[0][];
        int len = BeatFeatures.LENGTH;
        float[] seg = new float[n * 2 * len], rr = new float[n * BeatFeatures.RR_COUNT];
        for (int k = 0; k < n; k++) {
            System.arraycopy(b.segments()[k], 0, seg, 2 * k * len, len);
            System.arraycopy(b.template(), 0, seg, (2 * k + 1) * len, len);
            System.arraycopy(b.rr()[k], 0, rr, k * BeatFeatures.RR_COUNT, BeatFeatures.RR_COUNT);
        }
        try (OnnxTensor ts = OnnxTensor.createTensor(env, FloatBuffer.wrap(seg), new long[] {n, 2, len});
             OnnxTensor tr = OnnxTensor.createTensor(env, FloatBuffer.wrap(rr), new long[] {n, BeatFeatures.RR_COUNT});
             OrtSession.Result r = session.run(Map.of("segment", ts, "rr", tr))) {
            float[] logits = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
            float[][] out = new float[n][AAMI.length];
            for (int k = 0; k < n; k++) {
                double max = Double.NEGATIVE_INFINITY, sum = 0;
                for (int c = 0; c < AAMI.length; c++) max = Math.max(max, logits[k * AAMI.length + c]);
                for (int c = 0; c < AAMI.length; c++) sum += Math.exp(logits[k * AAMI.length + c] - max);
                for (int c = 0; c < AAMI.length; c++) out[k][c] = (float) (Math.exp(logits[k * AAMI.length + c] - max) / sum);
            }
            return out;
        }
    }

    /** MIT-BIH code of the most probable class of each beat. */
    public char[] classify(BeatFeatures.Batch b) throws OrtException {
        float[][] p = probabilities(b);
        char[] out = new char[p.length];
        for (int k = 0; k < p.length; k++) {
            int best = 0;
            for (int c = 1; c < AAMI.length; c++) if (p[k][c] > p[k][best]) best = c;
            out[k] = MIT[best];
        }
        return out;
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
