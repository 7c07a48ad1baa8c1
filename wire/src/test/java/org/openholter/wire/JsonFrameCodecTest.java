package org.openholter.wire;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class JsonFrameCodecTest {
    @Test
    void anObjectFollowedByGarbage_isBadJson() {
        for (String text : new String[] {"{}\u0001\u00ffxyz", "{\"v\":1} trailing", "{}{}"}) {
            FrameDecodeException e = catchThrowableOfType(FrameDecodeException.class,
                    () -> JsonFrameCodec.decode(text.getBytes(StandardCharsets.ISO_8859_1)));
            assertThat(e.reason()).as(text).isEqualTo(RejectReason.BAD_JSON);
        }
    }


    @Test
    void encode_roundTripsThroughJson() {
        EcgFrame f = BinaryFrameCodecTest.frame(2, 64, 2000);
        assertThat(JsonFrameCodec.decode(JsonFrameCodec.encode(f))).isEqualTo(f);
    }

    @Test
    void pacePulses_roundTripAndBadOnesAreRejected() {
        EcgFrame f = BinaryFrameCodecTest.paced(BinaryFrameCodecTest.frame(1, 64, 2000), 3, 40);
        assertThat(JsonFrameCodec.decode(JsonFrameCodec.encode(f)).pacePulses()).containsExactly(3, 40);
        String head = "{\"v\":1,\"device\":\"d\",\"seq\":1,\"t0_ms\":1,\"fs\":250,\"leads\":[\"I\"],\"gain\":[1],\"samples\":[[1,2,3]],";
        assertThat(reason(head + "\"pace\":[3]}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(head + "\"pace\":[2,1]}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(head + "\"pace\":\"x\"}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(head + "\"pace\":[1.5]}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason(head + "\"pace\":[0,2]}")).isNull();
    }

    @Test
    void decode_simpleDeviceMessage_withMillisecondsAndDefaults() {
        String json = "{\"v\":1,\"device\":\"wr-3\",\"seq\":9,\"t0_ms\":1732252800250,\"fs\":128,"
                + "\"leads\":[\"I\"],\"gain\":[100],\"samples\":[[1,2,3]],\"lead_off\":[\"I\"]}";
        EcgFrame f = JsonFrameCodec.decode(json.getBytes(StandardCharsets.UTF_8));
        assertThat(f.deviceId()).isEqualTo("wr-3");
        assertThat(f.firstSampleMicros()).isEqualTo(1_732_252_800_250_000L);
        assertThat(f.zero(0)).isZero();
        assertThat(f.leadOff(0)).isTrue();
        assertThat(f.millivolts(0, 2)).isEqualTo(0.03f);
    }

    @Test
    void decode_brokenMessages_areRejectedWithReason() {
        assertThat(reason("not json")).isEqualTo(RejectReason.BAD_JSON);
        assertThat(reason("[1,2]")).isEqualTo(RejectReason.BAD_JSON);
        assertThat(reason("{\"v\":2}")).isEqualTo(RejectReason.UNSUPPORTED_VERSION);
        assertThat(reason("{\"v\":1,\"device\":\"d\",\"seq\":1,\"t0_ms\":1,\"fs\":250,\"leads\":[\"I\"],"
                + "\"gain\":[1,2],\"samples\":[[1]]}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason("{\"v\":1,\"device\":\"d\",\"seq\":1,\"t0_ms\":1,\"fs\":250,\"leads\":[\"I\"],"
                + "\"gain\":[1],\"samples\":[[1.5]]}")).isEqualTo(RejectReason.MALFORMED);
        assertThat(reason("{\"v\":1,\"device\":\"d\",\"seq\":\"x\",\"t0_ms\":1,\"fs\":250,\"leads\":[\"I\"],"
                + "\"gain\":[1],\"samples\":[[1]]}")).isEqualTo(RejectReason.MALFORMED);
    }

    private static RejectReason reason(String json) {
        FrameDecodeException e = catchThrowableOfType(FrameDecodeException.class,
                () -> JsonFrameCodec.decode(json.getBytes(StandardCharsets.UTF_8)));
        return e == null ? null : e.reason();
    }
}
