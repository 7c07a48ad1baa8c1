package org.openholter.simulator;

import org.openholter.core.wfdb.RecordFrames;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.EcgFrame;

/**
 * Plays a WFDB record (e.g. MIT-BIH from ../shared/data) as a device: its own sample rate, ADC
 * values, gains and baselines (as zero-points), its signal names as channel names.
 */
public final class WfdbReplayDevice implements VirtualDevice {
    private final String deviceId;
    private final WfdbRecord record;
    private final RecordFrames frames;
    private final int fs;
    private final int perFrame;
    private final long startMicros;
    private final boolean loop;
    private long position;
    private long sequence;
    private long produced;

    public WfdbReplayDevice(String deviceId, WfdbRecord record, double frameSeconds, long startMicros, boolean loop) {
        this.deviceId = deviceId;
        this.record = record;
        this.frames = new RecordFrames(record, deviceId, frameSeconds);
        this.fs = frames.sampleRate();
        this.perFrame = frames.samplesPerFrame();
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
        EcgFrame f = frames.frame(sequence++, position % record.length(), nextFrameMicros());
        position += perFrame;
        produced += perFrame;
        return f;
    }
}
