package org.openholter.simulator;

import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.EcgFrame;

/**
 * Plays a WFDB record (e.g. MIT-BIH from ../shared/data) as a device: its own sample rate, ADC
 * values, gains and baselines (as zero-points), its signal names as channel names.
 */
public final class WfdbReplayDevice implements VirtualDevice {
    private final String deviceId;
    private final WfdbRecord record;
    private final int fs;
    private final int perFrame;
    private final long startMicros;
    private final boolean loop;
    private long position;
    private long sequence;
    private long produced;

    public WfdbReplayDevice(String deviceId, WfdbRecord record, double frameSeconds, long startMicros, boolean loop) {
        if (Math.abs(record.sampleRate() - Math.rint(record.sampleRate())) > 1e-9) {
            throw new IllegalArgumentException(record.name() + ": sample rate " + record.sampleRate() + " Hz is not a whole number");
        }
        this.deviceId = deviceId;
        this.record = record;
        this.fs = (int) Math.rint(record.sampleRate());
        if (fs < EcgFrame.MIN_RATE_HZ || fs > EcgFrame.MAX_RATE_HZ) {
            throw new IllegalArgumentException(record.name() + ": " + fs + " Hz is outside the protocol's 125-1000 Hz");
        }
        this.perFrame = (int) Math.round(frameSeconds * fs);
        this.startMicros = startMicros;
        this.loop = loop;
    }

    @Override public String deviceId() { return deviceId; }
    @Override public long nextFrameMicros() { return startMicros + Math.round(produced * 1e6 / fs); }
    @Override public long frameMicros() { return Math.round(perFrame * 1e6 / fs); }
    @Override public String description() { return "wfdb:" + record.name(); }
    @Override public boolean hasMore() { return loop || position + perFrame <= record.length(); }

    @Override
    public String nowPlaying() {
        long s = position / fs;
        return String.format("%s %02d:%02d", record.name(), s / 60, s % 60);
    }

    @Override
    public EcgFrame nextFrame() {
        int ch = record.signals().size();
        String[] names = new String[ch];
        float[] gains = new float[ch];
        int[] zeros = new int[ch];
        int[][] raw = new int[ch][perFrame];
        for (int c = 0; c < ch; c++) {
            WfdbRecord.Signal s = record.signals().get(c);
            String d = s.description().isBlank() ? "S" + c : s.description().replaceAll("[^A-Za-z0-9_.+-]", "");
            names[c] = d.isEmpty() ? "S" + c : d;
            gains[c] = (float) s.gain();
            zeros[c] = s.baseline();
            for (int i = 0; i < perFrame; i++) {
                long p = (position + i) % record.length();
                raw[c][i] = record.adc(c)[(int) p];
            }
        }
        EcgFrame f = new EcgFrame(deviceId, sequence++ & 0xFFFFFFFFL, nextFrameMicros(), fs, names, gains, zeros, 0, raw);
        position += perFrame;
        produced += perFrame;
        return f;
    }
}
