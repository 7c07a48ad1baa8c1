package org.openholter.wire;

import java.util.regex.Pattern;

/** Semantic checks every frame must pass, shared by the gateway and the job. */
public final class FrameValidator {
    /** Device ids are safe in MQTT topics, Kafka keys and InfluxDB tags. */
    public static final Pattern DEVICE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** Frames must carry between 0.25 s and 1 s of samples. */
    public static final double MIN_FRAME_SECONDS = 0.25;
    public static final double MAX_FRAME_SECONDS = 1.0;
    /** 2001-09-09: anything earlier is an unset device clock. */
    private static final long MIN_TIME_MICROS = 1_000_000_000_000_000L;
    private static final float MAX_GAIN = 1.0e7f;

    private FrameValidator() {}

    /** Throws {@link FrameDecodeException} naming the first violated rule. */
    public static void validate(EcgFrame f) {
        String id = f.deviceId();
        if (!DEVICE_ID.matcher(id).matches()) {
            throw new FrameDecodeException(RejectReason.BAD_DEVICE_ID, id,
                    "device ids are 1-64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit");
        }
        if (f.sampleRateHz() < EcgFrame.MIN_RATE_HZ || f.sampleRateHz() > EcgFrame.MAX_RATE_HZ) {
            throw new FrameDecodeException(RejectReason.BAD_SAMPLE_RATE, id,
                    f.sampleRateHz() + " Hz is outside " + EcgFrame.MIN_RATE_HZ + "-" + EcgFrame.MAX_RATE_HZ + " Hz");
        }
        if (f.channelCount() < 1 || f.channelCount() > EcgFrame.MAX_CHANNELS) {
            throw new FrameDecodeException(RejectReason.BAD_CHANNEL_COUNT, id, f.channelCount() + " channels");
        }
        for (int c = 0; c < f.channelCount(); c++) {
            float g = f.gain(c);
            if (!(g > 0f) || !Float.isFinite(g) || g > MAX_GAIN) {
                throw new FrameDecodeException(RejectReason.BAD_GAIN, id,
                        "channel " + f.channelName(c) + " gain " + g + " (must be > 0 ADC units per mV)");
            }
            if (f.channelName(c).isEmpty()) {
                throw new FrameDecodeException(RejectReason.MALFORMED, id, "channel " + c + " has no name");
            }
        }
        if ((f.leadOffMask() >>> f.channelCount()) != 0) {
            throw new FrameDecodeException(RejectReason.MALFORMED, id, "lead-off mask names channels beyond " + f.channelCount());
        }
        int n = f.samplesPerChannel();
        int min = (int) Math.ceil(MIN_FRAME_SECONDS * f.sampleRateHz());
        int max = (int) Math.floor(MAX_FRAME_SECONDS * f.sampleRateHz());
        if (n < min || n > max) {
            throw new FrameDecodeException(RejectReason.BAD_LENGTH, id,
                    n + " samples at " + f.sampleRateHz() + " Hz; frames carry " + min + "-" + max);
        }
        if (f.firstSampleMicros() < MIN_TIME_MICROS) {
            throw new FrameDecodeException(RejectReason.BAD_TIMESTAMP, id,
                    "first-sample time " + f.firstSampleMicros() + " µs is before 2001: device clock not set");
        }
        if (f.sequence() < 0 || f.sequence() > 0xFFFFFFFFL) {
            throw new FrameDecodeException(RejectReason.BAD_SEQUENCE, id, "sequence " + f.sequence());
        }
    }
}
