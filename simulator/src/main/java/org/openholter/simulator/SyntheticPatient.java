package org.openholter.simulator;

import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.Segment;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.wire.EcgFrame;

/** A virtual patient playing a scenario through a {@link SyntheticDevice}. */
public final class SyntheticPatient implements VirtualDevice {
    private final SyntheticDevice device;
    private final String scenario;
    private final double durationSeconds;

    public SyntheticPatient(SyntheticDevice device, String scenario, double durationSeconds) {
        this.device = device;
        this.scenario = scenario;
        this.durationSeconds = durationSeconds;
    }

    public EcgSynthesizer synthesizer() { return device.synthesizer(); }
    public long startMicros() { return device.startMicros(); }

    @Override public String deviceId() { return device.deviceId(); }
    @Override public long nextFrameMicros() { return device.nextFrameMicros(); }
    @Override public long frameMicros() { return Math.round(device.samplesPerFrame() * 1e6 / device.synthesizer().sampleRate()); }
    @Override public EcgFrame nextFrame() { return device.nextFrame(); }
    @Override public String description() { return scenario; }

    @Override
    public boolean hasMore() {
        return durationSeconds <= 0 || (device.nextFrameMicros() - device.startMicros()) / 1e6 < durationSeconds;
    }

    @Override
    public String nowPlaying() {
        Segment s = device.synthesizer().segmentAt(device.synthesizer().timeSeconds());
        if (s == null) return "-";
        return s.rhythm().name().toLowerCase() + (s.rhythm().name().equals("LEAD_OFF") || s.rhythm().name().equals("ASYSTOLE")
                ? "" : " " + Math.round(s.rateBpm()));
    }
}
