package org.openholter.simulator;

import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.JsonFrameCodec;
import org.openholter.wire.RejectReason;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Frames as broken devices, broken links and attackers send them, each kind with the one reason a gateway must give
 * when it refuses it (docs/protocol.md). Used by the simulator's {@code --malformed} fault and by the fuzz bench.
 */
public final class MalformedFrames {
    /** A kind of bad frame, the topic it goes to (binary or JSON frame topic), and the reason it must be refused for. */
    public enum Kind {
        /** Random bytes, not starting with the frame's magic byte. */
        RANDOM_BYTES(false, RejectReason.BAD_MAGIC),
        /** Fewer bytes than any frame's header. */
        SHORT(false, RejectReason.TOO_SHORT),
        /** A valid frame cut short (its last four bytes are then not its CRC). */
        TRUNCATED(false, RejectReason.BAD_CRC),
        /** A valid frame with a byte changed in transit. */
        WRONG_CRC(false, RejectReason.BAD_CRC),
        /** A frame of a version this gateway does not know. */
        WRONG_VERSION(false, RejectReason.UNSUPPORTED_VERSION),
        /** Larger than any frame (random bytes). */
        OVERSIZED(false, RejectReason.OVERSIZED),
        /** Another device's id on this device's topic. */
        WRONG_DEVICE(false, RejectReason.DEVICE_MISMATCH),
        ABSURD_RATE(false, RejectReason.BAD_SAMPLE_RATE),
        ABSURD_LEAD_COUNT(false, RejectReason.BAD_CHANNEL_COUNT),
        /** Zero, negative, infinite, NaN or absurdly large gain. */
        ABSURD_GAIN(false, RejectReason.BAD_GAIN),
        /** One sample, or far more than a second of them. */
        ABSURD_LENGTH(false, RejectReason.BAD_LENGTH),
        /** A device whose clock was never set (time near 1970). */
        CLOCK_UNSET(false, RejectReason.BAD_TIMESTAMP),
        /** A device whose clock runs a day to ten years ahead (a check of the gateway's clock, not of the format). */
        CLOCK_AHEAD(false, RejectReason.BAD_TIMESTAMP),
        /** Random bytes on the JSON frame topic. */
        RANDOM_JSON(true, RejectReason.BAD_JSON),
        /** A JSON frame with NaN among its samples or gains (not JSON). */
        NAN_JSON(true, RejectReason.BAD_JSON),
        /** Arrays nested thousands deep, to exhaust a recursive parser's stack. */
        DEEP_JSON(true, RejectReason.BAD_JSON),
        /** A JSON frame cut short. */
        TRUNCATED_JSON(true, RejectReason.BAD_JSON);

        public final boolean json;
        public final RejectReason reason;

        Kind(boolean json, RejectReason reason) {
            this.json = json;
            this.reason = reason;
        }
    }

    private MalformedFrames() {}

    /**
     * A bad frame of {@code kind}, made from {@code good} (a valid frame of the device whose topic it goes to).
     * {@code otherDevice} is the id a WRONG_DEVICE frame claims; {@code oversizedBytes} the least size of OVERSIZED.
     */
    public static byte[] make(Kind kind, EcgFrame good, String otherDevice, int oversizedBytes, Random r) {
        switch (kind) {
            case RANDOM_BYTES: {
                byte[] b = random(r, 28 + r.nextInt(4000));
                if ((b[0] & 0xFF) == BinaryFrameCodec.MAGIC) b[0] = 0;
                return b;
            }
            case SHORT:
                return random(r, r.nextInt(28)); // the fixed header, a one-byte id and the CRC need 28
            case TRUNCATED: {
                byte[] b = BinaryFrameCodec.encode(good);
                return Arrays.copyOf(b, 28 + r.nextInt(b.length - 28));
            }
            case WRONG_CRC: {
                byte[] b = BinaryFrameCodec.encode(good);
                int at = 2 + r.nextInt(b.length - 2); // anywhere but magic and version
                b[at] ^= (byte) (1 + r.nextInt(255));
                return b;
            }
            case WRONG_VERSION: {
                byte[] b = BinaryFrameCodec.encode(good);
                b[1] = (byte) (EcgFrame.VERSION + 1 + r.nextInt(254));
                return b;
            }
            case OVERSIZED:
                return random(r, oversizedBytes + r.nextInt(Math.max(1, oversizedBytes / 2)));
            case WRONG_DEVICE:
                return BinaryFrameCodec.encode(copy(good, otherDevice, good.sampleRateHz(), good.firstSampleMicros(), gains(good), samples(good)));
            case ABSURD_RATE: {
                int[] rates = {0, 1, 50, EcgFrame.MIN_RATE_HZ - 1, EcgFrame.MAX_RATE_HZ + 1, 65_535};
                return BinaryFrameCodec.encode(copy(good, good.deviceId(), rates[r.nextInt(rates.length)], good.firstSampleMicros(), gains(good), samples(good)));
            }
            case ABSURD_LEAD_COUNT: {
                int leads = r.nextBoolean() ? 0 : EcgFrame.MAX_CHANNELS + 1 + r.nextInt(255 - EcgFrame.MAX_CHANNELS);
                String[] names = new String[leads];
                float[] gain = new float[leads];
                int[][] s = new int[leads][good.samplesPerChannel()];
                for (int c = 0; c < leads; c++) {
                    names[c] = "L" + c;
                    gain[c] = 200f;
                }
                return BinaryFrameCodec.encode(new EcgFrame(good.deviceId(), good.sequence(), good.firstSampleMicros(), good.sampleRateHz(),
                        names, gain, new int[leads], 0, s));
            }
            case ABSURD_GAIN: {
                float[] bad = {0f, -200f, Float.NaN, Float.POSITIVE_INFINITY, 1e30f};
                return BinaryFrameCodec.encode(copy(good, good.deviceId(), good.sampleRateHz(), good.firstSampleMicros(),
                        all(good.channelCount(), bad[r.nextInt(bad.length)]), samples(good)));
            }
            case ABSURD_LENGTH: {
                int n = r.nextBoolean() ? 1 : good.sampleRateHz() * (2 + r.nextInt(8));
                int[][] s = new int[good.channelCount()][n];
                return BinaryFrameCodec.encode(copy(good, good.deviceId(), good.sampleRateHz(), good.firstSampleMicros(), gains(good), s));
            }
            case CLOCK_UNSET:
                return BinaryFrameCodec.encode(copy(good, good.deviceId(), good.sampleRateHz(), r.nextInt(1_000_000) * 1_000_000L, gains(good), samples(good)));
            case CLOCK_AHEAD: {
                long ahead = (86_400L + (long) (r.nextDouble() * 10 * 365 * 86_400L)) * 1_000_000L;
                return BinaryFrameCodec.encode(copy(good, good.deviceId(), good.sampleRateHz(), good.firstSampleMicros() + ahead, gains(good), samples(good)));
            }
            case RANDOM_JSON:
                return random(r, r.nextInt(4000));
            case NAN_JSON: {
                String json = new String(JsonFrameCodec.encode(good), StandardCharsets.UTF_8);
                // The first sample, or the first gain, becomes NaN: JSON has no NaN.
                json = r.nextBoolean() ? json.replaceFirst("\"samples\":\\[\\[-?\\d+", "\"samples\":[[NaN")
                        : json.replaceFirst("\"gain\":\\[[-0-9.Ee]+", "\"gain\":[NaN");
                return json.getBytes(StandardCharsets.UTF_8);
            }
            case DEEP_JSON: {
                int depth = 2_000 + r.nextInt(50_000);
                StringBuilder b = new StringBuilder(2 * depth + 64).append("{\"v\":1,\"device\":\"").append(good.deviceId()).append("\",\"samples\":");
                b.append("[".repeat(depth)).append("]".repeat(depth)).append('}');
                return b.toString().getBytes(StandardCharsets.UTF_8);
            }
            case TRUNCATED_JSON: {
                byte[] json = JsonFrameCodec.encode(good);
                return Arrays.copyOf(json, r.nextInt(json.length - 1));
            }
            default:
                throw new IllegalArgumentException(kind.name());
        }
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    private static EcgFrame copy(EcgFrame f, String device, int rate, long t0, float[] gains, int[][] samples) {
        int[] zeros = new int[f.channelCount()];
        for (int c = 0; c < zeros.length; c++) zeros[c] = f.zero(c);
        return new EcgFrame(device, f.sequence(), t0, rate, f.channelNames(), gains, zeros, 0, samples);
    }

    private static float[] gains(EcgFrame f) {
        float[] g = new float[f.channelCount()];
        for (int c = 0; c < g.length; c++) g[c] = f.gain(c);
        return g;
    }

    private static float[] all(int channels, float value) {
        float[] g = new float[channels];
        Arrays.fill(g, value);
        return g;
    }

    private static int[][] samples(EcgFrame f) {
        int[][] s = new int[f.channelCount()][];
        for (int c = 0; c < s.length; c++) s[c] = f.rawChannel(c);
        return s;
    }
}
