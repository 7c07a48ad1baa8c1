package org.openholter.core.delineation;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import org.openholter.core.models.OnnxSessions;

import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.Map;

/**
 * The delineation model (models/delineation): labels every sample of a 250-Hz single-lead signal as
 * other / P / QRS / T. Input normalisation is the one the model was trained with ({@code model.py}):
 * subtract the median, divide by the 95th percentile of |x − median| (at least 0.05 mV). One session,
 * single-threaded by default, shared by every caller.
 */
public final class OnnxDelineator implements AutoCloseable {
    public static final int FS = 250;
    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    /** Classpath location of the shipped model (packed into the core jar from models/delineation). */
    public static final String BUNDLED = "/org/openholter/models/delineation/delineation.onnx";

    public OnnxDelineator(Path model, int threads) throws OrtException {
        this.session = OnnxSessions.open(env, model, threads);
    }

    private OnnxDelineator(OrtSession session) {
        this.session = session;
    }

    /** The model shipped in the jar. */
    public static OnnxDelineator bundled(int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        return new OnnxDelineator(OnnxSessions.bundled(env, BUNDLED, threads));
    }

    /** Per-sample class (0 other, 1 P, 2 QRS, 3 T) for one signal in mV at 250 Hz; NaN is treated as 0. */
    public byte[] label(float[] mv) throws OrtException {
        return label(new float[][] {mv})[0];
    }

    /** The same for a signal already normalised with {@link #normalise}. */
    public byte[] labelNormalised(float[] normalised) throws OrtException {
        return run(new float[][] {normalised}).labels()[0];
    }

    /** Labels and the window's embedding (null when the model has no {@code embedding} output). */
    public record Labelled(byte[] labels, float[] embedding) {}

    /** Labels a normalised signal and returns the model's embedding of it (ECGomics' comparative dimension). */
    public Labelled labelAndEmbed(float[] normalised) throws OrtException {
        Batch b = run(new float[][] {normalised});
        return new Labelled(b.labels()[0], b.embeddings() == null ? null : b.embeddings()[0]);
    }

    private record Batch(byte[][] labels, float[][] embeddings) {}

    /** The same for a batch of equal-length signals. */
    public byte[][] label(float[][] batch) throws OrtException {
        float[][] norm = new float[batch.length][];
        for (int k = 0; k < batch.length; k++) norm[k] = normalise(batch[k]);
        return run(norm).labels();
    }

    private Batch run(float[][] batch) throws OrtException {
        int b = batch.length, n = batch[0].length, padded = n + (-n & 7);
        float[] in = new float[b * padded];
        for (int k = 0; k < b; k++) System.arraycopy(batch[k], 0, in, k * padded, n);
        try (OnnxTensor t = OnnxTensor.createTensor(env, FloatBuffer.wrap(in), new long[] {b, 1, padded});
             OrtSession.Result r = session.run(Map.of("signal", t))) {
            float[] logits = ((OnnxTensor) r.get(0)).getFloatBuffer().array();
            byte[][] out = new byte[b][n];
            for (int k = 0; k < b; k++) {
                int base = k * 4 * padded;
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    float bv = logits[base + i];
                    for (int c = 1; c < 4; c++) {
                        float v = logits[base + c * padded + i];
                        if (v > bv) { bv = v; best = c; }
                    }
                    out[k][i] = (byte) best;
                }
            }
            float[][] emb = null;
            var e = r.get("embedding");
            if (e.isPresent()) {
                float[] flat = ((OnnxTensor) e.get()).getFloatBuffer().array();
                int d = flat.length / b;
                emb = new float[b][];
                for (int k = 0; k < b; k++) emb[k] = java.util.Arrays.copyOfRange(flat, k * d, (k + 1) * d);
            }
            return new Batch(out, emb);
        }
    }

    /** {@code (x − median) / max(q95(|x − median|), 0.05)}, with torch.quantile's linear interpolation. */
    public static float[] normalise(float[] x) {
        int n = x.length;
        float[] s = new float[n];
        for (int i = 0; i < n; i++) s[i] = Float.isNaN(x[i]) ? 0f : x[i];
        // Order statistics by selection rather than two full sorts (every window of every patient): the same values.
        // torch.median returns the lower of the two middle values for even n.
        float med = select(s.clone(), (n - 1) / 2);
        float[] d = new float[n];
        for (int i = 0; i < n; i++) { s[i] -= med; d[i] = Math.abs(s[i]); }
        double pos = 0.95 * (n - 1);
        int lo = (int) Math.floor(pos);
        float dLo = select(d, lo), dHi = dLo;
        if (lo + 1 < n) {
            dHi = d[lo + 1];
            for (int i = lo + 2; i < n; i++) dHi = Math.min(dHi, d[i]); // after selection, everything past lo is ≥ d[lo]
        }
        double q = dLo + (pos - lo) * (dHi - dLo);
        float scale = (float) Math.max(q, 0.05);
        for (int i = 0; i < n; i++) s[i] /= scale;
        return s;
    }

    /**
     * The {@code k}-th smallest value of {@code a} (0-based), leaving {@code a} partitioned around it: everything before
     * {@code k} is at most, everything after at least that value (Hoare's selection, middle pivot).
     */
    static float select(float[] a, int k) {
        int lo = 0, hi = a.length - 1;
        while (lo < hi) {
            float pivot = a[(lo + hi) >>> 1];
            int i = lo, j = hi;
            while (i <= j) {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j) {
                    float t = a[i]; a[i] = a[j]; a[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) hi = j;
            else if (k >= i) lo = i;
            else break;
        }
        return a[k];
    }

    @Override
    public void close() throws OrtException {
        session.close();
    }
}
