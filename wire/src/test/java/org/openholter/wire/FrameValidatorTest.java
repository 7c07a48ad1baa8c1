package org.openholter.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FrameValidatorTest {
    static final long T0 = 1_732_252_800_000_000L;

    static EcgFrame frame(String id, int fs, int n, float gain, long t0) {
        return new EcgFrame(id, 1, t0, fs, new String[] {"II"}, new float[] {gain}, new int[] {0}, 0, new int[][] {new int[n]});
    }

    static RejectReason reasonOf(EcgFrame f) {
        FrameDecodeException e = catchThrowableOfType(FrameDecodeException.class, () -> FrameValidator.validate(f));
        return e == null ? null : e.reason();
    }

    @Test
    void validate_saneFrames_pass() {
        assertThatCode(() -> FrameValidator.validate(frame("bed-1", 250, 250, 200, T0))).doesNotThrowAnyException();
        assertThatCode(() -> FrameValidator.validate(frame("bed-1", 125, 32, 200, T0))).doesNotThrowAnyException();
        assertThatCode(() -> FrameValidator.validate(frame("bed-1", 1000, 1000, 200, T0))).doesNotThrowAnyException();
    }

    @Test
    void validate_badFields_nameTheReason() {
        assertThat(reasonOf(frame("bed 1", 250, 250, 200, T0))).isEqualTo(RejectReason.BAD_DEVICE_ID);
        assertThat(reasonOf(frame("a/b", 250, 250, 200, T0))).isEqualTo(RejectReason.BAD_DEVICE_ID);
        assertThat(reasonOf(frame("bed-1", 100, 50, 200, T0))).isEqualTo(RejectReason.BAD_SAMPLE_RATE);
        assertThat(reasonOf(frame("bed-1", 2000, 1000, 200, T0))).isEqualTo(RejectReason.BAD_SAMPLE_RATE);
        assertThat(reasonOf(frame("bed-1", 250, 250, 0, T0))).isEqualTo(RejectReason.BAD_GAIN);
        assertThat(reasonOf(frame("bed-1", 250, 250, Float.NaN, T0))).isEqualTo(RejectReason.BAD_GAIN);
        assertThat(reasonOf(frame("bed-1", 250, 62, 200, T0))).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(reasonOf(frame("bed-1", 250, 251, 200, T0))).isEqualTo(RejectReason.BAD_LENGTH);
        assertThat(reasonOf(frame("bed-1", 250, 250, 200, 0))).isEqualTo(RejectReason.BAD_TIMESTAMP);
    }
}
