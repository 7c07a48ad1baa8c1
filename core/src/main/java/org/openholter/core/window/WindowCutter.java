package org.openholter.core.window;

import org.openholter.core.signal.SampleState;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Cuts a continuous multi-channel stream into overlapping windows: length {@code window}, every
 * {@code stride} samples, reporting {@code [guard, window - guard)} of each (the first window reports
 * from 0). {@link #finish} closes the segment with one end-aligned window that reports the rest, so
 * that the reported ranges tile every sample exactly once, for any stream length.
 */
public final class WindowCutter {
    private final int window;
    private final int stride;
    private final int guard;
    private final int fs;
    private final String deviceId;
    private final String[] channels;

    private float[][] buf;     // samples [bufStart, bufStart + bufLen) of the segment
    private int[] offMask;
    private int bufLen;
    private long bufStart;
    private long count;        // samples appended to this segment
    private long nextStart;    // segment index where the next regular window starts
    private long keptUntil;    // end of the last reported range
    private long windowIndex;
    private long segment;
    private long anchorMicros; // device time of segment sample anchorIndex
    private long anchorIndex;

    public WindowCutter(String deviceId, String[] channels, int fs, double windowSeconds, double strideSeconds,
                        double guardSeconds, long segment) {
        this.deviceId = deviceId;
        this.channels = channels.clone();
        this.fs = fs;
        this.window = (int) Math.round(windowSeconds * fs);
        this.stride = (int) Math.round(strideSeconds * fs);
        this.guard = (int) Math.round(guardSeconds * fs);
        if (stride <= 0 || stride + 2 * guard != window) {
            throw new IllegalArgumentException("window must equal stride + 2 guards: " + window + " != " + stride + " + 2 x " + guard);
        }
        this.segment = segment;
        this.buf = new float[channels.length][window + stride];
        this.offMask = new int[window + stride];
    }

    public long segment() { return segment; }
    public long samples() { return count; }
    public String[] channels() { return channels; }
    public int sampleRate() { return fs; }

    /** Device time of the next sample to be appended, from the last anchor. */
    public long nextSampleMicros() { return timeOf(count); }

    /**
     * Appends {@code n} samples per channel ({@code data[c][from..from+n)}) whose first sample was taken at
     * {@code firstMicros} on the device clock (or {@link Long#MIN_VALUE} to continue the current timing).
     */
    public void append(float[][] data, int from, int n, int leadOffBits, long firstMicros, long sourceEndMicros,
                       Consumer<AnalysisWindow> out) {
        append(data, from, n, leadOffBits, NO_PACE, firstMicros, sourceEndMicros, out);
    }

    private static final int[] NO_PACE = new int[0];

    /** As above, with pacemaker pulses at samples {@code pace} (increasing, relative to {@code from}). */
    public void append(float[][] data, int from, int n, int leadOffBits, int[] pace, long firstMicros, long sourceEndMicros,
                       Consumer<AnalysisWindow> out) {
        if (firstMicros != Long.MIN_VALUE) {
            anchorMicros = firstMicros;
            anchorIndex = count;
        }
        int done = 0;
        while (done < n) {
            ensureRoom();
            int room = buf[0].length - bufLen;
            int take = Math.min(room, n - done);
            for (int c = 0; c < channels.length; c++) {
                System.arraycopy(data[c], from + done, buf[c], bufLen, take);
            }
            Arrays.fill(offMask, bufLen, bufLen + take, leadOffBits);
            for (int p : pace) if (p >= done && p < done + take) offMask[bufLen + p - done] |= AnalysisWindow.PACE;
            bufLen += take;
            count += take;
            done += take;
            while (count >= nextStart + window) emitRegular(sourceEndMicros, out);
        }
    }

    /** Closes the segment: reports every sample not yet reported, in one end-aligned window. */
    public void finish(long sourceEndMicros, Consumer<AnalysisWindow> out) {
        if (count > keptUntil) {
            long start = Math.max(bufStart, count - window);
            int off = (int) (start - bufStart);
            int len = (int) (count - start);
            float[][] data = new float[channels.length][];
            for (int c = 0; c < channels.length; c++) data[c] = Arrays.copyOfRange(buf[c], off, off + len);
            out.accept(new AnalysisWindow(deviceId, segment, windowIndex++, start, timeOf(start), fs, channels, data,
                    Arrays.copyOfRange(offMask, off, off + len), (int) (keptUntil - start), len, sourceEndMicros, true));
            keptUntil = count;
        }
    }

    private void emitRegular(long sourceEndMicros, Consumer<AnalysisWindow> out) {
        int off = (int) (nextStart - bufStart);
        float[][] data = new float[channels.length][];
        for (int c = 0; c < channels.length; c++) data[c] = Arrays.copyOfRange(buf[c], off, off + window);
        int keepFrom = nextStart == 0 ? 0 : guard;
        int keepTo = window - guard;
        out.accept(new AnalysisWindow(deviceId, segment, windowIndex++, nextStart, timeOf(nextStart), fs, channels, data,
                Arrays.copyOfRange(offMask, off, off + window), keepFrom, keepTo, sourceEndMicros, false));
        keptUntil = nextStart + keepTo;
        nextStart += stride;
    }

    /** Drops samples no future window needs: those before the next window's start. */
    private void ensureRoom() {
        if (bufLen < buf[0].length) return;
        long keepFromIndex = Math.min(nextStart, Math.max(bufStart, count - window));
        int drop = (int) (keepFromIndex - bufStart);
        if (drop <= 0) {
            int cap = buf[0].length * 2;
            for (int c = 0; c < channels.length; c++) buf[c] = Arrays.copyOf(buf[c], cap);
            offMask = Arrays.copyOf(offMask, cap);
            return;
        }
        for (int c = 0; c < channels.length; c++) System.arraycopy(buf[c], drop, buf[c], 0, bufLen - drop);
        System.arraycopy(offMask, drop, offMask, 0, bufLen - drop);
        bufLen -= drop;
        bufStart += drop;
    }

    private long timeOf(long index) {
        return anchorMicros + Math.round((index - anchorIndex) * 1e6 / fs);
    }

    public void writeState(DataOutput out) throws IOException {
        out.writeInt(bufLen);
        for (int c = 0; c < channels.length; c++) SampleState.writeFloats(out, buf[c], bufLen);
        SampleState.writeRuns(out, offMask, bufLen);
        for (long v : new long[] {bufStart, count, nextStart, keptUntil, windowIndex, segment, anchorMicros, anchorIndex}) {
            out.writeLong(v);
        }
    }

    public void readState(DataInput in) throws IOException {
        bufLen = in.readInt();
        int cap = Math.max(window + stride, bufLen);
        buf = new float[channels.length][cap];
        offMask = new int[cap];
        for (int c = 0; c < channels.length; c++) SampleState.readFloats(in, buf[c], bufLen);
        SampleState.readRuns(in, offMask, bufLen, "window state lead-off bits");
        bufStart = in.readLong(); count = in.readLong(); nextStart = in.readLong(); keptUntil = in.readLong();
        windowIndex = in.readLong(); segment = in.readLong(); anchorMicros = in.readLong(); anchorIndex = in.readLong();
    }
}
