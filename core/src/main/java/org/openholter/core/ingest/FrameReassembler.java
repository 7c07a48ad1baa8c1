package org.openholter.core.ingest;

import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.EcgFrame;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Puts one device's frames back into a continuous sample stream.
 *
 * <p>Frames tile the device's time axis. A frame that starts where the stream stands is released at
 * once (no added latency in the normal case); a frame from the future waits in a small buffer until
 * the missing frames arrive, or until the device (or the fleet's watermark) has moved
 * {@code maxLateness} past it, when the hole is declared a gap. Frames wholly in the past are
 * duplicates or too late and are dropped and counted; partial overlaps (clock jitter) are trimmed.
 * Gaps longer than {@code maxGapFill}, and changes of sample rate or channel layout, break the stream.
 * Times are the device's own clock, in microseconds.
 */
public final class FrameReassembler {

    /** Receives the reassembled stream. */
    public interface Listener {
        /** Samples {@code [from, n)} of {@code frame} continue the stream. */
        void onSamples(EcgFrame frame, int from);

        /** {@code missingSamples} (at the stream's rate) are lost between two time points. */
        void onGap(long fromMicros, long toMicros, int missingSamples);

        /** The stream cannot continue across this point; the next samples start a new segment. */
        void onBreak(String reason);
    }

    private final long maxLatenessMicros;
    private final long maxGapFillMicros;
    private final int maxPending;

    private boolean started;
    private long nextMicros;
    private int rate;
    private String[] layout;
    private long maxSeenEndMicros;
    private final TreeMap<Long, EcgFrame> pending = new TreeMap<>();
    private final Counters counters = new Counters();

    /** Running totals, kept with the state so they survive restarts. */
    public static final class Counters {
        public long frames, stale, reordered, trimmed, gaps, missingSamples, breaks, overflow;

        void write(DataOutput out) throws IOException {
            for (long v : new long[] {frames, stale, reordered, trimmed, gaps, missingSamples, breaks, overflow}) out.writeLong(v);
        }

        void read(DataInput in) throws IOException {
            frames = in.readLong(); stale = in.readLong(); reordered = in.readLong();
            trimmed = in.readLong(); gaps = in.readLong(); missingSamples = in.readLong(); breaks = in.readLong(); overflow = in.readLong();
        }
    }

    public FrameReassembler(long maxLatenessMicros, long maxGapFillMicros, int maxPending) {
        if (maxLatenessMicros < 0 || maxGapFillMicros < 0 || maxPending < 1) {
            throw new IllegalArgumentException("lateness and gap fill must be >= 0 and pending >= 1");
        }
        this.maxLatenessMicros = maxLatenessMicros;
        this.maxGapFillMicros = maxGapFillMicros;
        this.maxPending = maxPending;
    }

    public Counters counters() { return counters; }
    public boolean hasPending() { return !pending.isEmpty(); }
    /** Device time at which the oldest buffered frame gives up on its predecessors. */
    public long pendingDeadlineMicros() { return pending.isEmpty() ? Long.MAX_VALUE : pending.firstKey() + maxLatenessMicros; }
    /** Where the stream stands: end of the last released sample. */
    public long positionMicros() { return nextMicros; }
    public boolean started() { return started; }

    public void accept(EcgFrame f, Listener out) {
        counters.frames++;
        if (!started) {
            begin(f, out);
            return;
        }
        if (f.sampleRateHz() != rate || !Arrays.equals(f.channelNames(), layout)) {
            releaseAll(out);
            counters.breaks++;
            out.onBreak("layout changed to " + f.sampleRateHz() + " Hz " + Arrays.toString(f.channelNames()));
            begin(f, out);
            return;
        }
        maxSeenEndMicros = Math.max(maxSeenEndMicros, f.endMicros());
        long tol = halfSample();
        if (f.endMicros() <= nextMicros + tol) {
            counters.stale++;
            return;
        }
        if (f.firstSampleMicros() <= nextMicros + tol) {
            release(f, out);
            drain(out);
        } else {
            if (pending.containsKey(f.firstSampleMicros())) {
                counters.stale++;
                return;
            }
            pending.put(f.firstSampleMicros(), f);
            if (pending.size() > maxPending) counters.overflow++;
        }
        advanceTo(maxSeenEndMicros, out);
    }

    /**
     * Declares lost whatever is missing before buffered frames older than {@code deviceNowMicros - maxLateness}
     * (call with the device's progress or the watermark).
     */
    public void advanceTo(long deviceNowMicros, Listener out) {
        while (!pending.isEmpty()
                && (pending.firstKey() + maxLatenessMicros <= deviceNowMicros || pending.size() > maxPending)) {
            EcgFrame next = pending.pollFirstEntry().getValue();
            jumpTo(next, out);
            drain(out);
        }
    }

    /** Releases everything buffered (end of input). */
    public void releaseAll(Listener out) {
        while (!pending.isEmpty()) {
            EcgFrame next = pending.pollFirstEntry().getValue();
            jumpTo(next, out);
            drain(out);
        }
    }

    private void begin(EcgFrame f, Listener out) {
        started = true;
        rate = f.sampleRateHz();
        layout = f.channelNames().clone();
        nextMicros = f.firstSampleMicros();
        maxSeenEndMicros = f.endMicros();
        pending.clear();
        release(f, out);
    }

    private void jumpTo(EcgFrame f, Listener out) {
        long tol = halfSample();
        if (f.endMicros() <= nextMicros + tol) {
            counters.stale++;
            return;
        }
        if (f.firstSampleMicros() > nextMicros + tol) {
            long gap = f.firstSampleMicros() - nextMicros;
            if (gap > maxGapFillMicros) {
                counters.breaks++;
                out.onBreak(String.format("gap of %.1f s", gap / 1e6));
                nextMicros = f.firstSampleMicros();
            } else {
                int missing = (int) Math.round(gap * (double) rate / 1e6);
                counters.gaps++;
                counters.missingSamples += missing;
                out.onGap(nextMicros, f.firstSampleMicros(), missing);
                nextMicros = f.firstSampleMicros();
            }
        }
        release(f, out);
    }

    private void drain(Listener out) {
        long tol = halfSample();
        while (!pending.isEmpty() && pending.firstKey() <= nextMicros + tol) {
            EcgFrame f = pending.pollFirstEntry().getValue();
            if (f.endMicros() <= nextMicros + tol) {
                counters.stale++;
                continue;
            }
            counters.reordered++;
            release(f, out);
        }
    }

    private void release(EcgFrame f, Listener out) {
        int skip = 0;
        if (f.firstSampleMicros() < nextMicros - halfSample()) {
            skip = (int) Math.round((nextMicros - f.firstSampleMicros()) * (double) rate / 1e6);
            counters.trimmed++;
        }
        if (skip < f.samplesPerChannel()) out.onSamples(f, skip);
        // Re-anchor on the device clock each frame, so a slightly fast or slow ADC clock never accumulates.
        nextMicros = f.endMicros();
    }

    private long halfSample() { return 500_000L / rate; }

    public void writeState(DataOutput out) throws IOException {
        out.writeBoolean(started);
        out.writeLong(nextMicros);
        out.writeInt(rate);
        out.writeLong(maxSeenEndMicros);
        out.writeInt(layout == null ? -1 : layout.length);
        if (layout != null) for (String s : layout) out.writeUTF(s);
        out.writeInt(pending.size());
        for (Map.Entry<Long, EcgFrame> e : pending.entrySet()) {
            byte[] b = BinaryFrameCodec.encode(e.getValue());
            out.writeInt(b.length);
            out.write(b);
        }
        counters.write(out);
    }

    public void readState(DataInput in) throws IOException {
        started = in.readBoolean();
        nextMicros = in.readLong();
        rate = in.readInt();
        maxSeenEndMicros = in.readLong();
        int l = in.readInt();
        layout = l < 0 ? null : new String[l];
        for (int i = 0; i < l; i++) layout[i] = in.readUTF();
        pending.clear();
        int p = in.readInt();
        for (int i = 0; i < p; i++) {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            EcgFrame f = BinaryFrameCodec.decode(b);
            pending.put(f.firstSampleMicros(), f);
        }
        counters.read(in);
    }
}
