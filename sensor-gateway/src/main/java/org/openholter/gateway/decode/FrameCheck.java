package org.openholter.gateway.decode;

import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.FrameDecodeException;
import org.openholter.wire.FrameValidator;
import org.openholter.wire.JsonFrameCodec;
import org.openholter.wire.RejectReason;

import org.openholter.gateway.limits.DeviceTable;

/**
 * Every check a frame passes before it reaches Kafka: decoding (CRC for binary), the semantic
 * limits of {@link FrameValidator}, the device id against the topic it came on, and the sequence:
 * a frame this gateway already forwarded (a QoS 1 redelivery) is recognised and not forwarded again. The last
 * frames of at most {@code devices} devices are remembered (the least recently heard from are forgotten).
 */
public final class FrameCheck {
    private static final int REMEMBERED = 64;

    /** Outcome: a frame to forward, or a duplicate to acknowledge and drop. */
    public record Checked(EcgFrame frame, boolean duplicate) {}

    private final DeviceTable<long[]> recent;

    private final java.time.Clock clock;
    private final long maxAheadMillis;

    /**
     * @param maxAhead how far ahead of this gateway's clock a frame's time may be. A device whose clock runs ahead
     *                 would otherwise put records in Kafka that its broker refuses (Kafka's default window is one
     *                 hour ahead), and move the time of every patient whose frames share its partition.
     */
    public FrameCheck(int devices, java.time.Clock clock, java.time.Duration maxAhead) {
        this.recent = new DeviceTable<>(devices);
        this.clock = clock;
        this.maxAheadMillis = maxAhead.toMillis();
    }

    /** Devices whose last frames are remembered now. */
    public int devices() { return recent.size(); }

    public Checked check(String topicDevice, byte[] payload, boolean json) {
        EcgFrame f = json ? JsonFrameCodec.decode(payload) : BinaryFrameCodec.decode(payload);
        if (!f.deviceId().equals(topicDevice)) {
            throw new FrameDecodeException(RejectReason.DEVICE_MISMATCH, f.deviceId(),
                    "frame says device " + f.deviceId() + " but came on the topic of " + topicDevice);
        }
        FrameValidator.validate(f);
        long ahead = f.firstSampleMillis() - clock.millis();
        if (ahead > maxAheadMillis) {
            throw new FrameDecodeException(RejectReason.BAD_TIMESTAMP, f.deviceId(), String.format(
                    "first-sample time is %.0f s ahead of the gateway's clock (at most %d s): device clock wrong", ahead / 1000.0, maxAheadMillis / 1000));
        }
        return new Checked(f, seenBefore(f));
    }

    /** Remembers (sequence, time) of the last frames per device; true if this one was among them. */
    private boolean seenBefore(EcgFrame f) {
        long key = f.sequence() * 31 + f.firstSampleMicros();
        long[] ring = recent.get(f.deviceId(), d -> new long[REMEMBERED + 1]);
        synchronized (ring) {
            int n = (int) Math.min(ring[REMEMBERED], REMEMBERED);
            for (int i = 0; i < n; i++) if (ring[i] == key) return true;
            ring[(int) (ring[REMEMBERED] % REMEMBERED)] = key;
            ring[REMEMBERED]++;
            return false;
        }
    }
}
