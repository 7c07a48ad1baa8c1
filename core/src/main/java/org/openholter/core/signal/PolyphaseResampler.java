package org.openholter.core.signal;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Streaming rational resampler (L/M polyphase FIR with a Kaiser-windowed sinc).
 *
 * <p>The prototype filter is linear-phase and its delay is made a whole number of output samples,
 * which are swallowed at the start: output sample {@code n} lies exactly at input time
 * {@code n · fsIn / fsOut} (in input samples), so time stamps map without drift. The last
 * {@link #delayOutputSamples()} outputs are produced only once later input arrives (or on {@link #flush()}).
 * State (the input history) is small and serialisable, so a restored stream continues bit-identically.
 */
public final class PolyphaseResampler {
    private static final int TAPS_PER_PHASE = 24;

    private final int fsIn;
    private final int fsOut;
    private final int up;
    private final int down;
    private final float[] taps;      // prototype, length N, gain `up`
    private final int delayOut;      // output samples swallowed to cancel the filter delay
    private final int history;       // input samples the filter needs before the current one

    // Streaming state.
    private float[] hist;            // last `history` inputs, oldest first
    private long inputCount;         // inputs consumed
    private long phaseCount;         // next output index (before delay compensation)
    private long emitted;            // outputs emitted (after swallowing)

    public PolyphaseResampler(int fsIn, int fsOut) {
        if (fsIn <= 0 || fsOut <= 0) throw new IllegalArgumentException("sample rates must be positive: " + fsIn + " -> " + fsOut);
        this.fsIn = fsIn;
        this.fsOut = fsOut;
        int g = gcd(fsIn, fsOut);
        this.up = fsOut / g;
        this.down = fsIn / g;
        if (up == 1 && down == 1) {
            taps = new float[] {1f};
            delayOut = 0;
        } else {
            // Filter length N = 2·D·down + 1 so that the delay (N-1)/2 at the up-sampled rate is D outputs.
            int d = Math.max(1, (int) Math.round((double) TAPS_PER_PHASE * Math.max(up, down) / (2.0 * down)));
            int n = 2 * d * down + 1;
            delayOut = d;
            double cutoff = 0.5 / Math.max(up, down) * 0.92; // cycles per up-sampled sample, a little below Nyquist
            taps = kaiserSinc(n, cutoff, 8.0, up);
        }
        history = (taps.length + up - 1) / up + 1;
        hist = new float[history];
    }

    public int inputRate() { return fsIn; }
    public int outputRate() { return fsOut; }
    public int delayOutputSamples() { return delayOut; }
    public boolean isIdentity() { return up == 1 && down == 1; }

    /** Number of outputs {@link #process} will produce for {@code inputs} more inputs. */
    public int outputsFor(int inputs) {
        long total = inputCount + inputs;
        // Output k (pre-delay) needs input index floor(k·down/up) < total, i.e. k < total·up/down.
        long available = (total * up + down - 1) / down;
        long ready = Math.max(0, available - delayOut);
        return (int) Math.max(0, ready - emitted);
    }

    /** Feeds {@code in[from..to)} and writes the produced outputs to {@code out} from {@code outPos}; returns the count. */
    public int process(float[] in, int from, int to, float[] out, int outPos) {
        if (isIdentity()) {
            System.arraycopy(in, from, out, outPos, to - from);
            inputCount += to - from;
            emitted += to - from;
            return to - from;
        }
        int produced = 0;
        for (int i = from; i < to; i++) {
            System.arraycopy(hist, 1, hist, 0, history - 1);
            hist[history - 1] = in[i];
            long newest = inputCount++;
            // Every output whose time floor(k·down/up) == newest is now computable.
            while (Math.floorDiv(phaseCount * down, up) <= newest) {
                float y = compute(phaseCount, newest);
                if (phaseCount >= delayOut) {
                    out[outPos + produced++] = y;
                    emitted++;
                }
                phaseCount++;
            }
        }
        return produced;
    }

    /** Pushes zeros through so that the delayed tail comes out; the resampler is then reset. */
    public int flush(float[] out, int outPos) {
        int produced = 0;
        if (!isIdentity()) {
            long target = (inputCount * up + down - 1) / down; // outputs whose time lies inside the real input
            long need = target - emitted;
            float[] zeros = new float[(int) ((long) (delayOut + 1) * down / up) + 2];
            float[] tmp = new float[outputsFor(zeros.length)];
            int n = process(zeros, 0, zeros.length, tmp, 0);
            produced = (int) Math.max(0, Math.min(n, need));
            System.arraycopy(tmp, 0, out, outPos, produced);
        }
        reset();
        return produced;
    }

    public void reset() {
        hist = new float[history];
        inputCount = 0;
        phaseCount = 0;
        emitted = 0;
    }

    private float compute(long k, long newest) {
        // y[k] = Σ_j h[j] · xUp[k·down − j], where xUp is the zero-stuffed input (nonzero every `up`).
        long t = k * down;                  // position at the up-sampled rate
        long i = Math.floorDiv(t, up);      // newest input index contributing
        int phase = (int) (t - i * up);
        double acc = 0;
        for (int j = phase, back = 0; j < taps.length; j += up, back++) {
            long idx = i - back;
            if (idx < 0) break;
            int h = history - 1 - (int) (newest - idx);
            if (h < 0) break;
            acc += taps[j] * hist[h];
        }
        return (float) acc;
    }

    public void writeState(DataOutput out) throws IOException {
        out.writeInt(fsIn);
        out.writeInt(fsOut);
        out.writeLong(inputCount);
        out.writeLong(phaseCount);
        out.writeLong(emitted);
        out.writeInt(hist.length);
        for (float v : hist) out.writeFloat(v);
    }

    public static PolyphaseResampler readState(DataInput in) throws IOException {
        PolyphaseResampler r = new PolyphaseResampler(in.readInt(), in.readInt());
        r.inputCount = in.readLong();
        r.phaseCount = in.readLong();
        r.emitted = in.readLong();
        int n = in.readInt();
        if (n != r.history) throw new IOException("resampler state has " + n + " history samples, expected " + r.history);
        for (int i = 0; i < n; i++) r.hist[i] = in.readFloat();
        return r;
    }

    /** Resamples a whole signal (batch use); output length is ceil(n · fsOut / fsIn). */
    public static float[] resample(float[] x, int fsIn, int fsOut) {
        PolyphaseResampler r = new PolyphaseResampler(fsIn, fsOut);
        int total = (int) (((long) x.length * fsOut + fsIn - 1) / fsIn);
        float[] out = new float[total + r.delayOut + 8];
        int n = r.process(x, 0, x.length, out, 0);
        n += r.flush(out, n);
        return java.util.Arrays.copyOf(out, Math.min(n, total));
    }

    static float[] kaiserSinc(int n, double cutoff, double beta, int gain) {
        float[] h = new float[n];
        double mid = (n - 1) / 2.0;
        double i0b = besselI0(beta);
        double sum = 0;
        double[] tmp = new double[n];
        for (int i = 0; i < n; i++) {
            double x = i - mid;
            double sinc = x == 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * x) / (Math.PI * x);
            double r = x / mid;
            double w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0b;
            tmp[i] = sinc * w;
            sum += tmp[i];
        }
        for (int i = 0; i < n; i++) h[i] = (float) (tmp[i] / sum * gain);
        return h;
    }

    private static double besselI0(double x) {
        double sum = 1, term = 1, q = x * x / 4;
        for (int k = 1; k < 50; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < 1e-12 * sum) break;
        }
        return sum;
    }

    static int gcd(int a, int b) {
        while (b != 0) { int t = a % b; a = b; b = t; }
        return a;
    }
}
