package org.openholter.wire;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReceiptTest {
    @Test
    void sequencesBecomeRanges_andSurviveJson() {
        Receipt r = Receipt.of(new long[] {47, 40, 41, 42, 49, 43, 44, 45, 46, 41, 4_294_967_295L}, 11);
        assertThat(r.ranges()).containsExactly(new long[] {40, 47}, new long[] {49, 49}, new long[] {4_294_967_295L, 4_294_967_295L});
        Receipt back = Receipt.fromJson(r.toJson());
        assertThat(new String(r.toJson())).isEqualTo("{\"seq\":[[40,47],[49,49],[4294967295,4294967295]]}");
        for (long s = 38; s <= 51; s++) assertThat(back.covers(s)).as("seq %d", s).isEqualTo(s >= 40 && s != 48 && s <= 49);
    }

    @Test
    void aBrokenReceiptIsRefused() {
        assertThatThrownBy(() -> Receipt.fromJson("{\"seq\":[[1]]}".getBytes())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Receipt.fromJson("{".getBytes())).isInstanceOf(IllegalArgumentException.class);
    }
}
