package org.openholter.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * One device frame: 0.25–1 s of samples of 1–12 channels, as the device's ADC produced them.
 *
 * <p>Values are raw ADC counts; {@code mV = (raw - zero) / gain} per channel. Samples are held
 * per channel ({@code samples[channel][i]}). Instances are immutable: the arrays are never
 * handed out for writing by this class's users (defensive copies would cost a copy per frame on
 * the hot path, so callers must treat them as read-only).
 */
public final class EcgFrame {
    /** Current wire version. */
    public static final int VERSION = 1;
    public static final int MIN_RATE_HZ = 125;
    public static final int MAX_RATE_HZ = 1000;
    public static final int MAX_CHANNELS = 12;
    public static final int MAX_DEVICE_ID_BYTES = 64;

    private final String deviceId;
    private final long sequence;
    private final long firstSampleMicros;
    private final int sampleRateHz;
    private final String[] channelNames;
    private final float[] gains;
    private final int[] zeros;
    private static final int[] NO_PACE = new int[0];

    private final int leadOffMask;
    private final int[][] samples;
    private final int[] pacePulses;

    public EcgFrame(String deviceId, long sequence, long firstSampleMicros, int sampleRateHz,
                    String[] channelNames, float[] gains, int[] zeros, int leadOffMask, int[][] samples) {
        this(deviceId, sequence, firstSampleMicros, sampleRateHz, channelNames, gains, zeros, leadOffMask, samples, NO_PACE);
    }

    /**
     * @param pacePulses samples (indices within this frame, increasing) at which the device's pacemaker-pulse
     *                   detector fired. Pacer spikes last 0.1–2 ms, far shorter than an ECG sample at 250–500 Hz, so
     *                   they are detected in the device's front end (as bedside monitors do) and sent as marks.
     */
    public EcgFrame(String deviceId, long sequence, long firstSampleMicros, int sampleRateHz,
                    String[] channelNames, float[] gains, int[] zeros, int leadOffMask, int[][] samples, int[] pacePulses) {
        this.deviceId = Objects.requireNonNull(deviceId, "deviceId");
        this.sequence = sequence;
        this.firstSampleMicros = firstSampleMicros;
        this.sampleRateHz = sampleRateHz;
        this.channelNames = Objects.requireNonNull(channelNames, "channelNames");
        this.gains = Objects.requireNonNull(gains, "gains");
        this.zeros = Objects.requireNonNull(zeros, "zeros");
        this.leadOffMask = leadOffMask;
        this.samples = Objects.requireNonNull(samples, "samples");
        if (gains.length != channelNames.length || zeros.length != channelNames.length
                || samples.length != channelNames.length) {
            throw new IllegalArgumentException("channel names, gains, zeros and samples must have one entry per channel");
        }
        int n = samples.length == 0 ? 0 : samples[0].length;
        for (int[] ch : samples) {
            if (ch.length != n) {
                throw new IllegalArgumentException("every channel must carry the same number of samples");
            }
        }
        this.pacePulses = Objects.requireNonNull(pacePulses, "pacePulses");
        for (int k = 0; k < pacePulses.length; k++) {
            if (pacePulses[k] < 0 || pacePulses[k] >= n || (k > 0 && pacePulses[k] <= pacePulses[k - 1])) {
                throw new IllegalArgumentException("pace pulses must be increasing sample indices within the frame's "
                        + n + " samples: " + Arrays.toString(pacePulses));
            }
        }
    }

    public String deviceId() { return deviceId; }
    /** Unsigned 32-bit counter, incremented by one per frame; wraps. */
    public long sequence() { return sequence; }
    /** Device-clock time of the first sample, microseconds since the Unix epoch (UTC). */
    public long firstSampleMicros() { return firstSampleMicros; }
    public long firstSampleMillis() { return Math.floorDiv(firstSampleMicros, 1000); }
    public int sampleRateHz() { return sampleRateHz; }
    public int channelCount() { return channelNames.length; }
    public String channelName(int channel) { return channelNames[channel]; }
    public String[] channelNames() { return channelNames; }
    public float gain(int channel) { return gains[channel]; }
    public int zero(int channel) { return zeros[channel]; }
    /** Bit {@code i} set: the device reports channel {@code i}'s electrode as off. */
    public int leadOffMask() { return leadOffMask; }
    public boolean leadOff(int channel) { return (leadOffMask & (1 << channel)) != 0; }
    public int samplesPerChannel() { return samples.length == 0 ? 0 : samples[0].length; }
    public int raw(int channel, int i) { return samples[channel][i]; }
    public int[] rawChannel(int channel) { return samples[channel]; }
    /** Samples at which the device detected a pacemaker pulse, increasing (usually none). Read-only. */
    public int[] pacePulses() { return pacePulses; }

    /** Sample in millivolts. */
    public float millivolts(int channel, int i) {
        return (samples[channel][i] - zeros[channel]) / gains[channel];
    }

    /** Duration covered by the samples, in microseconds. */
    public long durationMicros() {
        return samplesPerChannel() * 1_000_000L / sampleRateHz;
    }

    /** Device-clock time just after the last sample (first sample + n / fs). */
    public long endMicros() {
        return firstSampleMicros + durationMicros();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof EcgFrame)) return false;
        EcgFrame f = (EcgFrame) o;
        return sequence == f.sequence && firstSampleMicros == f.firstSampleMicros && sampleRateHz == f.sampleRateHz
                && leadOffMask == f.leadOffMask && deviceId.equals(f.deviceId)
                && Arrays.equals(channelNames, f.channelNames) && Arrays.equals(gains, f.gains)
                && Arrays.equals(zeros, f.zeros) && Arrays.deepEquals(samples, f.samples)
                && Arrays.equals(pacePulses, f.pacePulses);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, sequence, firstSampleMicros, sampleRateHz);
    }

    @Override
    public String toString() {
        return "EcgFrame{" + deviceId + " seq=" + sequence + " t0=" + firstSampleMicros + "us fs=" + sampleRateHz
                + " ch=" + Arrays.toString(channelNames) + " n=" + samplesPerChannel() + "}";
    }
}
