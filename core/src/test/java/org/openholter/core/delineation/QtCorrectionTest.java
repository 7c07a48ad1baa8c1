package org.openholter.core.delineation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class QtCorrectionTest {
    @Test
    void everyFormulaLeavesQtUnchangedAtSixtyBpm() {
        for (QtCorrection c : QtCorrection.values()) assertThat(c.correct(400, 1000)).as(c.name()).isCloseTo(400, within(1e-9));
    }

    @Test
    void handCheckedValuesAtAFasterRate() {
        // QT 360 ms at RR 640 ms (93.75 bpm).
        assertThat(QtCorrection.BAZETT.correct(360, 640)).isCloseTo(450.0, within(1e-9));          // 360 / 0.8
        assertThat(QtCorrection.FRIDERICIA.correct(360, 640)).isCloseTo(417.743, within(0.001));   // 360 / 0.86177
        assertThat(QtCorrection.FRAMINGHAM.correct(360, 640)).isCloseTo(415.44, within(1e-9));     // 360 + 154 · 0.36
        assertThat(QtCorrection.HODGES.correct(360, 640)).isCloseTo(419.0625, within(1e-9));       // 360 + 1.75 · 33.75
    }

    @Test
    void implausibleRrOrMissingQtGivesNaN() {
        assertThat(QtCorrection.BAZETT.correct(400, 250)).isNaN();
        assertThat(QtCorrection.BAZETT.correct(400, 3000)).isNaN();
        assertThat(QtCorrection.BAZETT.correct(400, Double.NaN)).isNaN();
        assertThat(QtCorrection.FRIDERICIA.correct(Double.NaN, 800)).isNaN();
    }
}
