package org.openholter.core.synth;

import org.openholter.wire.EcgFrame;

/**
 * A virtual device: samples from an {@link EcgSynthesizer}, quantised by a 16-bit ADC with a gain
 * and zero-point, cut into frames with sequence numbers and device-clock time stamps, with the pacemaker pulses
 * of paced rhythms marked as a device's pace-detection front end would.
 */
public final class SyntheticDevice {
    public static final float DEFAULT_GAIN = 200f; // ADC units per mV (5 µV resolution)

    private final String deviceId;
    private final EcgSynthesizer synth;
    private final int samplesPerFrame;
    private final long startMicros;
    private final float gain;
    private final int zero;
    private long sequence;
    private long produced;

    public SyntheticDevice(String deviceId, EcgSynthesizer synth, double frameSeconds, long startMicros, float gain, int zero) {
        this.deviceId = deviceId;
        this.synth = synth;
        this.samplesPerFrame = (int) Math.round(frameSeconds * synth.sampleRate());
        this.startMicros = startMicros;
        this.gain = gain;
        this.zero = zero;
    }

    public String deviceId() { return deviceId; }
    public EcgSynthesizer synthesizer() { return synth; }
    public long startMicros() { return startMicros; }
    public int samplesPerFrame() { return samplesPerFrame; }

    /** Device time at which the next frame's first sample is taken. */
    public long nextFrameMicros() {
        return startMicros + Math.round(produced * 1e6 / synth.sampleRate());
    }

    public EcgFrame nextFrame() {
        String[] leads = synth.leads();
        float[][] mv = new float[leads.length][samplesPerFrame];
        int off = synth.next(mv, 0, samplesPerFrame);
        int[][] raw = new int[leads.length][samplesPerFrame];
        float[] gains = new float[leads.length];
        int[] zeros = new int[leads.length];
        for (int c = 0; c < leads.length; c++) {
            gains[c] = gain;
            zeros[c] = zero;
            for (int i = 0; i < samplesPerFrame; i++) {
                long v = Math.round(mv[c][i] * gain) + zero;
                raw[c][i] = (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, v));
            }
        }
        EcgFrame f = new EcgFrame(deviceId, sequence & 0xFFFFFFFFL, nextFrameMicros(), synth.sampleRate(), leads, gains,
                zeros, off, raw, synth.pacePulses(produced, samplesPerFrame));
        sequence++;
        produced += samplesPerFrame;
        return f;
    }
}
