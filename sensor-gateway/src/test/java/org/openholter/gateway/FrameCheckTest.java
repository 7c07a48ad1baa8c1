package org.openholter.gateway;

import org.junit.jupiter.api.Test;
import org.openholter.gateway.decode.FrameCheck;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.EcgFrame;
import org.openholter.wire.FrameDecodeException;
import org.openholter.wire.JsonFrameCodec;
import org.openholter.wire.RejectReason;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FrameCheckTest {
    static EcgFrame frame(String id, long seq) {
        return new EcgFrame(id, seq, 1_732_252_800_000_000L + seq * 1_000_000, 250, new String[] {"II"}, new float[] {200},
                new int[] {0}, 0, new int[][] {new int[250]});
    }

    @Test
    void check_validFrames_passOnce_redeliveriesAreDuplicates() {
        FrameCheck c = new FrameCheck(100, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5));
        assertThat(c.check("bed-1", BinaryFrameCodec.encode(frame("bed-1", 1)), false).duplicate()).isFalse();
        assertThat(c.check("bed-1", BinaryFrameCodec.encode(frame("bed-1", 2)), false).duplicate()).isFalse();
        assertThat(c.check("bed-1", BinaryFrameCodec.encode(frame("bed-1", 1)), false).duplicate()).isTrue();
        assertThat(c.check("bed-2", BinaryFrameCodec.encode(frame("bed-2", 1)), false).duplicate()).as("other device").isFalse();
        assertThat(c.check("bed-1", JsonFrameCodec.encode(frame("bed-1", 3)), true).frame().sequence()).isEqualTo(3);
    }

    @Test
    void check_frameOfAnotherDevice_isRefused() {
        FrameDecodeException e = catchThrowableOfType(FrameDecodeException.class,
                () -> new FrameCheck(100, java.time.Clock.systemUTC(), java.time.Duration.ofMinutes(5)).check("bed-1", BinaryFrameCodec.encode(frame("bed-9", 1)), false));
        assertThat(e.reason()).isEqualTo(RejectReason.DEVICE_MISMATCH);
    }

    @Test
    void check_aDeviceClockFarAhead_isRefused_aFewMinutesAheadIsNot() {
        java.time.Clock at = java.time.Clock.fixed(java.time.Instant.ofEpochMilli(1_732_252_800_000L), java.time.ZoneOffset.UTC);
        FrameCheck c = new FrameCheck(100, at, java.time.Duration.ofMinutes(5));
        assertThat(c.check("bed-1", BinaryFrameCodec.encode(frame("bed-1", 240)), false).duplicate()).as("4 min ahead").isFalse();
        FrameDecodeException e = catchThrowableOfType(FrameDecodeException.class,
                () -> c.check("bed-1", BinaryFrameCodec.encode(frame("bed-1", 3600)), false));
        assertThat(e.reason()).isEqualTo(RejectReason.BAD_TIMESTAMP);
        assertThat(e.getMessage()).contains("3600 s ahead of the gateway's clock");
    }

    @Test
    void config_rejectsBadValuesAndUnknownFlags() {
        assertThatThrownBy(() -> GatewayConfig.from(new String[] {"--mqtt.version", "4"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GatewayConfig.from(new String[] {"--kafka.bootstap", "x"}, Map.of()))
                .hasMessageContaining("unknown option --kafka.bootstap");
        GatewayConfig c = GatewayConfig.from(new String[0], Map.of("HOLTER_GW_MQTT_PORT", "1884"));
        assertThat(c.mqttPort()).isEqualTo(1884);
        assertThat(c.clientId()).startsWith("holter-gw-");
    }
}
