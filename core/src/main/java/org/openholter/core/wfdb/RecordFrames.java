package org.openholter.core.wfdb;

import org.openholter.core.records.SignalSource;
import org.openholter.wire.EcgFrame;

import java.util.List;

/**
 * Cuts a WFDB record into device frames, as a device streaming it would send them: the record's own
 * sample rate, ADC values, gains and baselines (as zero-points), and its signal names as channel names.
 * Used by the simulator's replay device and by the batch analysis, so both feed the same stream path.
 */
public final class RecordFrames {
    private final WfdbRecord record;
    private final String deviceId;
    private final int fs;
    private final int perFrame;
    private final String[] names;
    private final float[] gains;
    private final int[] zeros;
    private final int[] invalid;

    /** Frames of a record read whole (the replay device loops over it); channel names from the signal descriptions. */
    public RecordFrames(WfdbRecord record, String deviceId, double frameSeconds) {
        this(record, record.name(), record.sampleRate(), record.signals().stream()
                .map(s -> new SignalSource.Channel(s.description(), s.gain(), s.baseline(), WfdbRecord.invalidValue(s.format()))).toList(),
                deviceId, frameSeconds);
    }

    /** Frames of a streamed recording: only {@link #frame(long, int[][], long)} applies. */
    public RecordFrames(SignalSource source, String deviceId, double frameSeconds) {
        this(null, source.name(), source.sampleRate(), source.channels(), deviceId, frameSeconds);
    }

    private RecordFrames(WfdbRecord record, String name, double sampleRate, List<SignalSource.Channel> channels,
                         String deviceId, double frameSeconds) {
        if (Math.abs(sampleRate - Math.rint(sampleRate)) > 1e-9) {
            throw new IllegalArgumentException(name + ": sample rate " + sampleRate + " Hz: expected a whole number of Hz (resample the record)");
        }
        this.fs = (int) Math.rint(sampleRate);
        if (fs < EcgFrame.MIN_RATE_HZ || fs > EcgFrame.MAX_RATE_HZ) {
            throw new IllegalArgumentException(name + ": sample rate " + fs + " Hz: expected " + EcgFrame.MIN_RATE_HZ + " to "
                    + EcgFrame.MAX_RATE_HZ + " Hz (the rates the analysis takes)");
        }
        int ch = channels.size();
        if (ch < 1 || ch > EcgFrame.MAX_CHANNELS) {
            throw new IllegalArgumentException(name + ": " + ch + " signals: expected 1 to " + EcgFrame.MAX_CHANNELS);
        }
        this.record = record;
        this.deviceId = deviceId;
        this.perFrame = Math.max(1, (int) Math.round(frameSeconds * fs));
        this.names = new String[ch];
        this.gains = new float[ch];
        this.zeros = new int[ch];
        this.invalid = new int[ch];
        for (int c = 0; c < ch; c++) {
            SignalSource.Channel s = channels.get(c);
            invalid[c] = s.invalid();
            String d = s.name().replaceAll("[^A-Za-z0-9_.+-]", "");
            names[c] = d.isEmpty() ? "S" + c : d;
            gains[c] = (float) s.gain();
            zeros[c] = s.zero();
        }
    }

    public int sampleRate() { return fs; }
    public int samplesPerFrame() { return perFrame; }
    public String[] channelNames() { return names.clone(); }

    /**
     * The frame holding samples {@code [position, position + samplesPerFrame)} of the record (wrapping
     * around its end, for looped playback), stamped with {@code firstSampleMicros}.
     */
    public EcgFrame frame(long sequence, long position, long firstSampleMicros) {
        return frame(sequence, position, perFrame, firstSampleMicros);
    }

    /** The same with an explicit length (the last, shorter frame of a record). */
    public EcgFrame frame(long sequence, long position, int samples, long firstSampleMicros) {
        int[][] raw = new int[names.length][samples];
        int n = record.length();
        for (int c = 0; c < names.length; c++) {
            int[] adc = record.adc(c);
            for (int i = 0; i < samples; i++) raw[c][i] = adc[(int) ((position + i) % n)]; // copied: frame() may mend it
        }
        return frame(sequence, raw, firstSampleMicros);
    }

    /**
     * A frame of the given ADC values ({@code raw[channel][sample]}, handed over, not copied). Samples the file marks
     * invalid (a signal that was absent: ICU records have such stretches) flag their channel off for the frame, as a
     * device flags a lead off, and are sent as 0 mV, so they are neither a flat line nor a spike to the analysis.
     */
    public EcgFrame frame(long sequence, int[][] raw, long firstSampleMicros) {
        int off = 0;
        for (int c = 0; c < raw.length; c++) {
            if (invalid[c] == SignalSource.Channel.NO_INVALID) continue;
            int[] x = raw[c];
            for (int i = 0; i < x.length; i++) {
                if (x[i] == invalid[c]) { x[i] = zeros[c]; off |= 1 << c; }
            }
        }
        return new EcgFrame(deviceId, sequence & 0xFFFFFFFFL, firstSampleMicros, fs, names, gains, zeros, off, raw);
    }
}
