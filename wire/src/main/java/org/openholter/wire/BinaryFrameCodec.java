package org.openholter.wire;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * The compact binary frame (see docs/protocol.md). Big-endian:
 *
 * <pre>
 *  u8  magic 0xEC          u8  version (1)        u8 flags (bit0: 32-bit samples, bit1: pace pulses)   u8 channel count L
 *  u32 sequence            i64 first-sample time, µs since epoch
 *  u16 sample rate, Hz     u16 samples per channel N    u16 lead-off mask    u8 device id length D, D bytes UTF-8
 *  L × (u8 name length, ASCII name, f32 gain [ADC units per mV], i32 zero [ADC units])
 *  N × L samples, sample-major (all channels of sample 0, then sample 1 …), i16 or i32
 *  only with flags bit1: u16 pace-pulse count P, P × u16 sample index (increasing, &lt; N)
 *  u32 CRC-32C of every preceding byte
 * </pre>
 */
public final class BinaryFrameCodec {
    public static final int MAGIC = 0xEC;
    private static final int FLAG_INT32 = 1, FLAG_PACE = 2;
    private static final int FIXED_HEADER = 1 + 1 + 1 + 1 + 4 + 8 + 2 + 2 + 2 + 1;

    private BinaryFrameCodec() {}

    public static byte[] encode(EcgFrame f) {
        byte[] id = f.deviceId().getBytes(StandardCharsets.UTF_8);
        int channels = f.channelCount();
        int n = f.samplesPerChannel();
        boolean wide = needsInt32(f);
        int size = FIXED_HEADER + id.length + 4;
        byte[][] names = new byte[channels][];
        for (int c = 0; c < channels; c++) {
            names[c] = f.channelName(c).getBytes(StandardCharsets.US_ASCII);
            size += 1 + names[c].length + 4 + 4;
        }
        size += n * channels * (wide ? 4 : 2);
        int[] pace = f.pacePulses();
        if (pace.length > 0) size += 2 + 2 * pace.length;
        ByteBuffer b = ByteBuffer.allocate(size);
        int flags = (wide ? FLAG_INT32 : 0) | (pace.length > 0 ? FLAG_PACE : 0);
        b.put((byte) MAGIC).put((byte) EcgFrame.VERSION).put((byte) flags).put((byte) channels);
        b.putInt((int) f.sequence()).putLong(f.firstSampleMicros());
        b.putShort((short) f.sampleRateHz()).putShort((short) n).putShort((short) f.leadOffMask());
        b.put((byte) id.length).put(id);
        for (int c = 0; c < channels; c++) {
            b.put((byte) names[c].length).put(names[c]).putFloat(f.gain(c)).putInt(f.zero(c));
        }
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < channels; c++) {
                if (wide) b.putInt(f.raw(c, i)); else b.putShort((short) f.raw(c, i));
            }
        }
        if (pace.length > 0) {
            b.putShort((short) pace.length);
            for (int p : pace) b.putShort((short) p);
        }
        CRC32C crc = new CRC32C();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        return b.array();
    }

    private static boolean needsInt32(EcgFrame f) {
        for (int c = 0; c < f.channelCount(); c++) {
            for (int v : f.rawChannel(c)) {
                if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) return true;
            }
        }
        return false;
    }

    /**
     * Decodes and checks the CRC and the structure. Semantic limits (rate, gain, length) are
     * {@link FrameValidator}'s job, so that a reject names the precise reason.
     */
    public static EcgFrame decode(byte[] bytes) {
        if (bytes == null || bytes.length < FIXED_HEADER + 1 + 4) {
            throw new FrameDecodeException(RejectReason.TOO_SHORT, null,
                    "frame has " + (bytes == null ? 0 : bytes.length) + " bytes");
        }
        if ((bytes[0] & 0xFF) != MAGIC) {
            throw new FrameDecodeException(RejectReason.BAD_MAGIC, null,
                    String.format("first byte 0x%02X, expected 0x%02X", bytes[0] & 0xFF, MAGIC));
        }
        if ((bytes[1] & 0xFF) != EcgFrame.VERSION) {
            throw new FrameDecodeException(RejectReason.UNSUPPORTED_VERSION, null, "version " + (bytes[1] & 0xFF));
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int crcAt = bytes.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, crcAt);
        int expected = b.getInt(crcAt);
        String deviceId = null;
        try {
            b.position(2);
            int flags = b.get() & 0xFF;
            int channels = b.get() & 0xFF;
            long sequence = b.getInt() & 0xFFFFFFFFL;
            long t0 = b.getLong();
            int rate = b.getShort() & 0xFFFF;
            int n = b.getShort() & 0xFFFF;
            int leadOff = b.getShort() & 0xFFFF;
            int idLen = b.get() & 0xFF;
            byte[] id = new byte[idLen];
            b.get(id);
            deviceId = new String(id, StandardCharsets.UTF_8);
            if ((int) crc.getValue() != expected) {
                throw new FrameDecodeException(RejectReason.BAD_CRC, deviceId,
                        String.format("CRC-32C 0x%08X, frame says 0x%08X", (int) crc.getValue(), expected));
            }
            if (channels < 1 || channels > EcgFrame.MAX_CHANNELS) {
                throw new FrameDecodeException(RejectReason.BAD_CHANNEL_COUNT, deviceId, channels + " channels");
            }
            String[] names = new String[channels];
            float[] gains = new float[channels];
            int[] zeros = new int[channels];
            for (int c = 0; c < channels; c++) {
                byte[] name = new byte[b.get() & 0xFF];
                b.get(name);
                names[c] = new String(name, StandardCharsets.US_ASCII);
                gains[c] = b.getFloat();
                zeros[c] = b.getInt();
            }
            boolean wide = (flags & FLAG_INT32) != 0, paced = (flags & FLAG_PACE) != 0;
            long sampleBytes = (long) n * channels * (wide ? 4 : 2);
            long rest = crcAt - b.position() - sampleBytes; // what follows the samples: the pace section or nothing
            int paceCount = paced && rest >= 2 ? b.getShort(b.position() + (int) sampleBytes) & 0xFFFF : 0;
            if (rest != (paced ? 2 + 2L * paceCount : 0)) {
                throw new FrameDecodeException(RejectReason.MALFORMED, deviceId, "header announces " + n + " samples × "
                        + channels + " channels" + (paced ? " and pace pulses" : "") + " but " + (crcAt - b.position()) + " bytes follow");
            }
            int[][] samples = new int[channels][n];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < channels; c++) {
                    samples[c][i] = wide ? b.getInt() : b.getShort();
                }
            }
            int[] pace = new int[paceCount];
            if (paced) b.getShort();
            for (int k = 0; k < pace.length; k++) pace[k] = b.getShort() & 0xFFFF;
            return new EcgFrame(deviceId, sequence, t0, rate, names, gains, zeros, leadOff, samples, pace);
        } catch (IllegalArgumentException e) {
            throw new FrameDecodeException(RejectReason.MALFORMED, deviceId, e.getMessage());
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            if ((int) crc.getValue() != expected) {
                throw new FrameDecodeException(RejectReason.BAD_CRC, deviceId, "CRC mismatch on a truncated frame");
            }
            throw new FrameDecodeException(RejectReason.MALFORMED, deviceId, "truncated frame: " + e);
        }
    }
}
