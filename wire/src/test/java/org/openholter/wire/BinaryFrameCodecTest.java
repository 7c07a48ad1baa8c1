package org.openholter.wire;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BinaryFrameCodecTest {

    static EcgFrame frame(int channels, int n, int amplitude) {
        Random r = new Random(7);
        String[] names = new String[channels];
        float[] gains = new float[channels];
        int[] zeros = new int[channels];
        int[][] s = new int[channels][n];
        for (int c = 0; c < channels; c++) {
            names[c] = "L" + c;
            gains[c] = 200f + c;
            zeros[c] = c * 3 - 5;
            for (int i = 0; i < n; i++) s[c][i] = r.nextInt(2 * amplitude + 1) - amplitude;
        }
        return new EcgFrame("bed-01", 4_000_000_000L, 1_732_252_800_123_456L, 250, names, gains, zeros, 0b101 & ((1 << channels) - 1), s);
    }

    @Test
    void encode_int16Samples_roundTripsExactly() {
        EcgFrame f = frame(3, 125, 30000);
        assertThat(BinaryFrameCodec.decode(BinaryFrameCodec.encode(f))).isEqualTo(f);
    }

    @Test
    void encode_samplesBeyondInt16_switchToInt32AndRoundTrip() {
        EcgFrame f = frame(12, 250, 5_000_000);
        byte[] bytes = BinaryFrameCodec.encode(f);
        assertThat(bytes[2] & 1).isEqualTo(1);
        assertThat(BinaryFrameCodec.decode(bytes)).isEqualTo(f);
    }

    static EcgFrame paced(EcgFrame f, int... pace) {
        int[][] s = new int[f.channelCount()][];
        float[] g = new float[f.channelCount()];
        int[] z = new int[f.channelCount()];
        for (int c = 0; c < s.length; c++) { s[c] = f.rawChannel(c); g[c] = f.gain(c); z[c] = f.zero(c); }
        return new EcgFrame(f.deviceId(), f.sequence(), f.firstSampleMicros(), f.sampleRateHz(), f.channelNames(), g, z, f.leadOffMask(), s, pace);
    }

    @Test
    void encode_pacePulses_roundTripAndFrameWithoutThemStaysAsBefore() {
        EcgFrame plain = frame(2, 125, 1000), withPace = paced(plain, 0, 17, 124);
        assertThat(withPace).isNotEqualTo(plain);
        byte[] bytes = BinaryFrameCodec.encode(withPace);
        assertThat(bytes[2] & 2).isEqualTo(2);
        assertThat(bytes.length - BinaryFrameCodec.encode(plain).length).isEqualTo(2 + 3 * 2);
        assertThat(BinaryFrameCodec.decode(bytes).pacePulses()).containsExactly(0, 17, 124);
        assertThat(BinaryFrameCodec.decode(BinaryFrameCodec.encode(plain)).pacePulses()).isEmpty();
    }

    @Test
    void pacePulses_outsideTheFrameOrNotIncreasing_areRefused() {
        EcgFrame f = frame(1, 10, 100);
        assertThatThrownBy(() -> paced(f, 10)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pace pulses");
        assertThatThrownBy(() -> paced(f, 3, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> paced(f, -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decode_anySingleBitFlipOfAPacedFrame_isRejected() {
        byte[] good = BinaryFrameCodec.encode(paced(frame(2, 50, 1000), 5, 30));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> BinaryFrameCodec.decode(bad)).as("flip in byte %d", i).isInstanceOf(FrameDecodeException.class);
        }
    }

    @Test
    void decode_anySingleBitFlip_isRejected() {
        byte[] good = BinaryFrameCodec.encode(frame(2, 100, 1000));
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] ^= 0x10;
            assertThatThrownBy(() -> BinaryFrameCodec.decode(bad))
                    .as("flip in byte %d", i).isInstanceOf(FrameDecodeException.class);
        }
    }

    @Test
    void decode_payloadCorruption_reportsBadCrcWithDevice() {
        byte[] bad = BinaryFrameCodec.encode(frame(1, 100, 1000));
        bad[bad.length - 10] ^= 1;
        assertThatThrownBy(() -> BinaryFrameCodec.decode(bad))
                .isInstanceOfSatisfying(FrameDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RejectReason.BAD_CRC);
                    assertThat(e.deviceId()).isEqualTo("bed-01");
                });
    }

    @Test
    void decode_truncated_isRejectedNotThrownAsRuntimeError() {
        byte[] good = BinaryFrameCodec.encode(frame(1, 100, 1000));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = java.util.Arrays.copyOf(good, len);
            assertThatThrownBy(() -> BinaryFrameCodec.decode(cut)).isInstanceOf(FrameDecodeException.class);
        }
    }

    @Test
    void millivolts_appliesGainAndZero() {
        EcgFrame f = new EcgFrame("d1", 0, 1_732_252_800_000_000L, 250, new String[] {"II"}, new float[] {200f},
                new int[] {100}, 0, new int[][] {{300, 100, -100}});
        assertThat(f.millivolts(0, 0)).isEqualTo(1.0f);
        assertThat(f.millivolts(0, 1)).isEqualTo(0.0f);
        assertThat(f.millivolts(0, 2)).isEqualTo(-1.0f);
        assertThat(f.endMicros() - f.firstSampleMicros()).isEqualTo(12_000);
    }
}
