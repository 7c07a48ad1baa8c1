package org.openholter.core.beats;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.openholter.core.models.OnnxSessions;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The beat model (models/beats): classifies beats from {@link BeatFeatures} (input {@code segment}: the beat,
 * the window's dominant beat and, for models with three channels, the patient's long-term dominant beat;
 * {@code rr}: the first as many rhythm features as the model takes) into the AAMI classes N, S, V, F, Q,
 * returned as MIT-BIH codes ({@code N}, {@code A}, {@code V}, {@code F}, {@code Q}). The input sizes are read
 * from the model, so an older model with fewer inputs still runs. One session, single-threaded, shared by
 * every caller; all beats of a window go through in one batch.
 */
public final class BeatClassifier implements AutoCloseable {
    /** Output order of the model. */
    public static final char[] AAMI = {'N', 'S', 'V', 'F', 'Q'};
    /** The MIT-BIH code written for each class (S as 'A', atrial premature beat). */
    public static final char[] MIT = {'N', 'A', 'V', 'F', 'Q'};
    public static final String BUNDLED = "/org/openholter/models/beats/beats.onnx";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;
    private final int channels, rrCount;

    public BeatClassifier(Path model, int threads) throws OrtException {
        this(OnnxSessions.open(OrtEnvironment.getEnvironment(), model, threads));
    }

    private BeatClassifier(OrtSession session) throws OrtException {
        this.session = session;
        this.channels = (int) inputShape(session, "segment")[1];
        this.rrCount = (int) inputShape(session, "rr")[1];
        if (channels < 2 || channels > 3 || rrCount < 1 || rrCount > BeatFeatures.RR_COUNT) {
            session.close();
            throw new IllegalArgumentException("beat model takes " + channels + " segment channels and " + rrCount
                    + " rhythm features; this build provides 2–3 and up to " + BeatFeatures.RR_COUNT);
        }
    }

    private static long[] inputShape(OrtSession session, String name) throws OrtException {
        NodeInfo info = session.getInputInfo().get(name);
        if (info == null || !(info.getInfo() instanceof TensorInfo t) || t.getShape().length != (name.equals("rr") ? 2 : 3)) {
            session.close();
            throw new IllegalArgumentException("not a beat model: no input '" + name + "' of the expected rank");
        }
        return t.getShape();
    }

    /** The model shipped in the jar. */
    public static BeatClassifier bundled(int threads) throws OrtException {
        return new BeatClassifier(OnnxSessions.bundled(OrtEnvironment.getEnvironment(), BUNDLED, threads));
    }

    /** Class probabilities per beat, {@code [beat][5]} in {@link #AAMI} order. */
    public float[][] probabilities(BeatFeatures.Batch b) throws OrtException {
        int n = b.size();
        if (n == 0) return new float[0][];
        int len = BeatFeatures.LENGTH;
        float[] seg = new float[n * channels * len], rr = new float[n * rrCount];
        for (int k = 0; k < n; k++) {
            System.arraycopy(b.segments()[k], 0, seg, channels * k * len, len);
            System.arraycopy(b.template(), 0, seg, (channels * k + 1) * len, len);
            if (channels == 3) System.arraycopy(b.longTemplate(), 0, seg, (channels * k + 2) * len, len);
            System.arraycopy(b.rr()[k], 0, rr, k * rrCount, rrCount);
        }
        try (OnnxTensor ts = OnnxTensor.createTensor(env, FloatBuffer.wrap(seg), new long[] {n, channels, len});
             OnnxTensor tr = OnnxTensor.createTensor(env, FloatBuffer.wrap(rr), new long[] {n, rrCount});
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
