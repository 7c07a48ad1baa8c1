package org.openholter.simulator;

import org.junit.jupiter.api.Test;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.FrameDecodeException;
import org.openholter.wire.FrameValidator;
import org.openholter.wire.JsonFrameCodec;
import org.openholter.wire.RejectReason;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/** Each kind of bad frame is refused by the wire format's own checks, for the reason the kind promises. */
class MalformedFramesTest {
    static EcgFrame good(String device, long seq) {
        int n = 125;
        int[][] s = new int[2][n];
        for (int i = 0; i < n; i++) {
            s[0][i] = (int) (400 * Math.sin(i / 7.0));
            s[1][i] = -s[0][i] / 2;
        }
        return new EcgFrame(device, seq, 1_764_000_000_000_000L + seq * 500_000, 250, new String[] {"II", "V1"},
                new float[] {200f, 200f}, new int[2], 0, s);
    }

    /** The reason the wire format gives, or null if it takes the frame. */
    static RejectReason refusal(byte[] payload, boolean json, String topicDevice) {
        try {
            EcgFrame f = json ? JsonFrameCodec.decode(payload) : BinaryFrameCodec.decode(payload);
            if (!f.deviceId().equals(topicDevice)) return RejectReason.DEVICE_MISMATCH;
            FrameValidator.validate(f);
            return null;
        } catch (FrameDecodeException e) {
            return e.reason();
        }
    }

    @Test
    void everyKindIsRefusedForItsReason() {
        Random r = new Random(5);
        for (MalformedFrames.Kind kind : MalformedFrames.Kind.values()) {
            // Limits of the gateway (size, its clock), not of the format: the fuzz bench checks those through a gateway.
            if (kind == MalformedFrames.Kind.OVERSIZED || kind == MalformedFrames.Kind.CLOCK_AHEAD) continue;
            for (int i = 0; i < 2000; i++) {
                byte[] bad = MalformedFrames.make(kind, good("bed-3", i), "bed-4", 300_000, r);
                RejectReason got;
                try {
                    got = refusal(bad, kind.json, "bed-3");
                } catch (RuntimeException | StackOverflowError e) {
                    fail(kind + " #" + i + " escaped the checks: " + e);
                    return;
                }
                assertThat(got).as("%s #%d", kind, i).isEqualTo(kind.reason);
            }
        }
    }

    @Test
    void theGoodFrameItselfPasses() {
        assertThat(refusal(BinaryFrameCodec.encode(good("bed-3", 1)), false, "bed-3")).isNull();
        assertThat(refusal(JsonFrameCodec.encode(good("bed-3", 1)), true, "bed-3")).isNull();
    }

    @Test
    void oversizedFramesAreAtLeastTheAskedSize() {
        byte[] b = MalformedFrames.make(MalformedFrames.Kind.OVERSIZED, good("bed-3", 1), "bed-4", 300_000, new Random(1));
        assertThat(b.length).isGreaterThanOrEqualTo(300_000);
    }
}
