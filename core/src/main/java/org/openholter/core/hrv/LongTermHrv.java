package org.openholter.core.hrv;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * HRV over a long span (an hour, a day) without keeping its intervals: running sums for the time domain, the
 * 1/128-s histogram for the geometric measures, and one row per 5-minute block for SDANN (spread of the block
 * means), the SDNN index (mean of the block SDNNs) and the spectral and nonlinear measures, which over long spans
 * are the mean of the 5-minute values (the Task Force's advice: spectra of non-stationary day-long series mislead).
 */
final class LongTermHrv {
    private static final int HIST_BINS = (int) (NnSeries.MAX_MS / TimeDomain.BIN_MS) + 2;
    // Per block: mean, sd, Welch vlf lf hf total, Lomb-Scargle vlf lf hf total, sample entropy, DFA α1.
    private static final int ROW = 12;

    final long fromMicros;
    private long count;
    private double mean, m2;             // Welford
    private double lastNn = Double.NaN;
    private long diffs, nn50;
    private double diffSum, diffSq;
    private final int[] hist = new int[HIST_BINS];
    private double[] blocks = new double[ROW * 12];
    private int blockCount;

    LongTermHrv(long fromMicros) {
        this.fromMicros = fromMicros;
    }

    void add(double nn) {
        count++;
        double d = nn - mean;
        mean += d / count;
        m2 += d * (nn - mean);
        if (!Double.isNaN(lastNn)) {
            double x = nn - lastNn;
            diffs++;
            diffSum += x;
            diffSq += x * x;
            if (Math.abs(x) > 50) nn50++;
        }
        lastNn = nn;
        hist[Math.min(HIST_BINS - 1, (int) (nn / TimeDomain.BIN_MS))]++;
    }

    void addBlock(Hrv h) {
        if (h.time().count() < 2) return;
        if ((blockCount + 1) * ROW > blocks.length) blocks = Arrays.copyOf(blocks, blocks.length * 2);
        Spectrum.Bands w = h.welch(), l = h.lombScargle();
        double[] row = {h.time().meanNnMs(), h.time().sdnnMs(), w.vlf(), w.lf(), w.hf(), w.total(), l.vlf(), l.lf(), l.hf(), l.total(),
                h.nonlinear().sampleEntropy(), h.nonlinear().dfaAlpha1()};
        System.arraycopy(row, 0, blocks, blockCount++ * ROW, ROW);
    }

    long count() { return count; }

    /** The span's HRV; {@code sdann} and {@code sdnnIndex} through {@code out[0..1]}. */
    Hrv hrv(double[] out) {
        double sdnn = count > 1 ? Math.sqrt(m2 / (count - 1)) : Double.NaN;
        double rmssd = diffs > 0 ? Math.sqrt(diffSq / diffs) : Double.NaN;
        double sdsd = diffs > 1 ? Math.sqrt((diffSq - diffSum * diffSum / diffs) / (diffs - 1)) : Double.NaN;
        int peak = 0;
        for (int h : hist) peak = Math.max(peak, h);
        TimeDomain td = new TimeDomain((int) Math.min(Integer.MAX_VALUE, count), count > 0 ? mean : Double.NaN, sdnn, rmssd, sdsd,
                (int) nn50, diffs > 0 ? 100.0 * nn50 / diffs : Double.NaN, count > 1 && peak > 0 ? count / (double) peak : Double.NaN,
                count >= 20 ? TimeDomain.tinn(hist) : Double.NaN, Double.NaN, Double.NaN);
        out[0] = sd(0);
        out[1] = mean(1);
        Spectrum.Bands welch = bands(2), ls = bands(6);
        double sd1 = sdsd / Math.sqrt(2);
        Nonlinear nl = new Nonlinear(sd1, Math.sqrt(Math.max(0, 2 * sdnn * sdnn - sd1 * sd1)), mean(10), mean(11), Double.NaN);
        return new Hrv(td, welch, ls, nl);
    }

    private Spectrum.Bands bands(int col) {
        double vlf = mean(col), lf = mean(col + 1), hf = mean(col + 2), total = mean(col + 3);
        return new Spectrum.Bands(vlf, lf, hf, total, lf / hf, 100 * lf / (lf + hf), 100 * hf / (lf + hf));
    }

    /** Mean over the blocks of column {@code col}, NaN values left out. */
    private double mean(int col) {
        double s = 0;
        int n = 0;
        for (int b = 0; b < blockCount; b++) {
            double v = blocks[b * ROW + col];
            if (!Double.isNaN(v)) { s += v; n++; }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** Sample SD over the blocks of column {@code col}. */
    private double sd(int col) {
        double[] v = new double[blockCount];
        int n = 0;
        for (int b = 0; b < blockCount; b++) if (!Double.isNaN(blocks[b * ROW + col])) v[n++] = blocks[b * ROW + col];
        return Stats.sd(Arrays.copyOf(v, n));
    }

    void write(DataOutput o) throws IOException {
        o.writeLong(fromMicros);
        o.writeLong(count);
        o.writeDouble(mean);
        o.writeDouble(m2);
        o.writeDouble(lastNn);
        o.writeLong(diffs);
        o.writeLong(nn50);
        o.writeDouble(diffSum);
        o.writeDouble(diffSq);
        int used = 0;
        for (int i = 0; i < hist.length; i++) if (hist[i] != 0) used++;
        o.writeInt(used);
        for (int i = 0; i < hist.length; i++) if (hist[i] != 0) { o.writeShort(i); o.writeInt(hist[i]); }
        o.writeInt(blockCount);
        for (int i = 0; i < blockCount * ROW; i++) o.writeDouble(blocks[i]);
    }

    static LongTermHrv read(DataInput in) throws IOException {
        LongTermHrv a = new LongTermHrv(in.readLong());
        a.count = in.readLong();
        a.mean = in.readDouble();
        a.m2 = in.readDouble();
        a.lastNn = in.readDouble();
        a.diffs = in.readLong();
        a.nn50 = in.readLong();
        a.diffSum = in.readDouble();
        a.diffSq = in.readDouble();
        int used = in.readInt();
        for (int k = 0; k < used; k++) {
            int i = in.readShort();
            a.hist[i] = in.readInt();
        }
        a.blockCount = in.readInt();
        a.blocks = new double[Math.max(ROW * 12, a.blockCount * ROW)];
        for (int i = 0; i < a.blockCount * ROW; i++) a.blocks[i] = in.readDouble();
        return a;
    }
}
