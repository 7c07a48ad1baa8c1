package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmArbiterTest {
    static final long S = 1_000_000L;

    static AlarmTransition t(AlarmType type, boolean raised, double onsetS, double atS) {
        return new AlarmTransition(type, raised, Math.round(onsetS * S), Math.round(atS * S), 0, "m");
    }

    static String steps(List<AlarmTransition> out) {
        return out.stream().map(x -> x.type() + " " + x.step() + " " + x.onsetMicros() / S).toList().toString();
    }

    static final double HOLD_S = AlarmArbiter.HOLD_MICROS / (double) S;

    @Test
    void fastRaiseConfirmedByTheWindowsIsOneEpisodeNamedByTheFastOnset() {
        AlarmArbiter a = new AlarmArbiter();
        List<AlarmTransition> out = new ArrayList<>();
        a.fast(t(AlarmType.ASYSTOLE, true, 10, 14.3), out);
        a.windowsCovered(12 * S, out);
        a.window(t(AlarmType.ASYSTOLE, true, 10.1, 14.1), out);
        a.windowsCovered(18 * S, out);
        a.fast(t(AlarmType.ASYSTOLE, false, 10, 20), out);
        a.windowsCovered(24 * S, out);
        a.window(t(AlarmType.ASYSTOLE, false, 10.1, 20), out);
        a.windowsCovered(30 * S, out);
        a.windowsCovered(Math.round((20 + HOLD_S) * S), out);
        assertThat(steps(out)).isEqualTo("[ASYSTOLE RAISE 10, ASYSTOLE UPDATE 10, ASYSTOLE CLEAR 10]");
        assertThat(out.get(2).eventMicros()).as("cleared a hold after the condition ended").isEqualTo(Math.round((20 + HOLD_S) * S));
    }

    @Test
    void aLateWindowRaiseOfAnEpisodeTheFastPathAlreadyClearedIsNotASecondRaise() {
        AlarmArbiter a = new AlarmArbiter();
        List<AlarmTransition> out = new ArrayList<>();
        a.fast(t(AlarmType.EXTREME_TACHY, true, 30, 37), out);
        a.fast(t(AlarmType.EXTREME_TACHY, false, 30, 40), out);
        a.windowsCovered(36 * S, out);
        a.window(t(AlarmType.EXTREME_TACHY, true, 30.2, 37.5), out);
        a.window(t(AlarmType.EXTREME_TACHY, false, 30.2, 40.5), out);
        a.windowsCovered(42 * S, out);
        a.windowsCovered(Math.round((40.5 + HOLD_S) * S), out);
        assertThat(steps(out)).isEqualTo("[EXTREME_TACHY RAISE 30, EXTREME_TACHY UPDATE 30, EXTREME_TACHY CLEAR 30]");
    }

    @Test
    void anUnconfirmedFastRaiseClearsOnceTheWindowsHaveSeenItsEnd() {
        AlarmArbiter a = new AlarmArbiter();
        List<AlarmTransition> out = new ArrayList<>();
        a.fast(t(AlarmType.VFIB, true, 50, 55), out);
        a.fast(t(AlarmType.VFIB, false, 50, 58), out);
        a.windowsCovered(58_500_000L / S * S + S / 2, out);
        assertThat(out).hasSize(1);
        a.windowsCovered(60 * S, out);
        assertThat(out).as("held").hasSize(1);
        a.windowsCovered(Math.round((58 + HOLD_S) * S), out);
        assertThat(steps(out)).isEqualTo("[VFIB RAISE 50, VFIB CLEAR 50]");
        assertThat(out.get(1).message()).contains("not confirmed");
    }

    @Test
    void windowOnlyEpisodesAndOtherTypesPassThrough() {
        AlarmArbiter a = new AlarmArbiter();
        List<AlarmTransition> out = new ArrayList<>();
        a.window(t(AlarmType.VTACH, true, 5, 12), out);
        a.window(t(AlarmType.PAUSE, true, 6, 9.5), out);
        a.fast(t(AlarmType.VTACH, true, 5.5, 13), out);
        a.window(t(AlarmType.VTACH, false, 5, 30), out);
        a.fast(t(AlarmType.VTACH, false, 5.5, 29), out);
        a.windowsCovered(36 * S, out);
        a.windowsCovered(Math.round((30 + HOLD_S) * S), out);
        assertThat(steps(out)).isEqualTo("[VTACH RAISE 5, PAUSE RAISE 6, VTACH CLEAR 5]");
    }

    @Test
    void ratesAndAsystoleAreTheFastPathsToRaise_theWindowsOnlyConfirm() {
        AlarmArbiter a = new AlarmArbiter();
        List<AlarmTransition> out = new ArrayList<>();
        a.window(t(AlarmType.EXTREME_BRADY, true, 5, 12), out);
        a.window(t(AlarmType.ASYSTOLE, true, 6, 10), out);
        assertThat(out).as("the windows see one lead's beats: they raise none of these").isEmpty();
        a.fast(t(AlarmType.EXTREME_BRADY, true, 20, 26), out);
        a.window(t(AlarmType.EXTREME_BRADY, true, 20, 30), out);
        assertThat(steps(out)).isEqualTo("[EXTREME_BRADY RAISE 20, EXTREME_BRADY UPDATE 20]");
    }

    @Test
    void aConditionBackWithinTheHoldContinuesItsEpisodeAndOneBackLaterIsANewOne() {
        AlarmArbiter a = new AlarmArbiter();
        List<AlarmTransition> out = new ArrayList<>();
        // VT runs interrupted by a few beats called normal: one alarm, not one per run.
        a.window(t(AlarmType.VTACH, true, 100, 101), out);
        a.window(t(AlarmType.VTACH, false, 100, 103), out);
        a.windowsCovered(106 * S, out);
        a.window(t(AlarmType.VTACH, true, 107, 108), out);
        a.window(t(AlarmType.VTACH, false, 107, 110), out);
        a.windowsCovered(112 * S, out);
        a.windowsCovered(Math.round((110 + HOLD_S) * S) - 1, out);
        assertThat(steps(out)).isEqualTo("[VTACH RAISE 100]");
        a.windowsCovered(Math.round((110 + HOLD_S) * S), out);
        assertThat(steps(out)).isEqualTo("[VTACH RAISE 100, VTACH CLEAR 100]");
        a.window(t(AlarmType.VTACH, true, 130, 131), out);
        assertThat(steps(out)).isEqualTo("[VTACH RAISE 100, VTACH CLEAR 100, VTACH RAISE 130]");
    }

    @Test
    void theEndOfTheStreamSegmentClearsHeldEpisodesAtOnce() {
        AlarmArbiter a = new AlarmArbiter();
        List<AlarmTransition> out = new ArrayList<>();
        a.window(t(AlarmType.VFIB, true, 10, 14), out);
        a.window(t(AlarmType.VFIB, false, 10, 18), out);
        a.windowsCovered(20 * S, out);
        a.segmentEnded(21 * S, out);
        assertThat(steps(out)).isEqualTo("[VFIB RAISE 10, VFIB CLEAR 10]");
        assertThat(out.get(1).eventMicros()).isEqualTo(21 * S);
    }
}
