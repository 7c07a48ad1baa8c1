package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class VentricularRunsTest {
    static final long S = 1_000_000L;

    /** Feeds beats {@code n} at {@code rrS} from {@code t0} with the given label; returns the time after the last. */
    static double feed(VentricularRuns r, double t0, int n, double rrS, Boolean ventricular, List<AlarmTransition> out) {
        double t = t0;
        for (int k = 0; k < n; k++, t += rrS) r.beat(Math.round(t * S), ventricular, out);
        return t;
    }

    @Test
    void fiveVentricularBeatsFasterThan100AndThanTheRhythmBefore_raise_andTheFirstUsualBeatClears() {
        VentricularRuns r = new VentricularRuns();
        List<AlarmTransition> out = new ArrayList<>();
        double t = feed(r, 0, 30, 0.8, false, out);
        t = feed(r, t, 4, 0.4, true, out);
        assertThat(out).as("four beats are a run, not VT").isEmpty();
        t = feed(r, t, 3, 0.4, true, out);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).raised()).isTrue();
        assertThat(out.get(0).value()).isEqualTo(150.0, org.assertj.core.data.Offset.offset(0.5));
        feed(r, t, 1, 0.8, false, out);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).cleared()).isTrue();
    }

    @Test
    void aRunNoFasterThanTheRhythmItInterrupts_orSlowerThan100_orBrokenByUnreadableBeats_raisesNothing() {
        VentricularRuns r = new VentricularRuns();
        List<AlarmTransition> out = new ArrayList<>();
        double t = feed(r, 0, 30, 0.55, false, out);     // 109 bpm
        t = feed(r, t, 8, 0.55, true, out);               // a bundle-branch block coming and going at the same rate
        t = feed(r, t, 10, 0.55, false, out);
        t = feed(r, t, 8, 0.65, true, out);               // 92 bpm
        t = feed(r, t, 1, 0.55, false, out);
        for (int k = 0; k < 4; k++) { t = feed(r, t, 3, 0.3, true, out); t = feed(r, t, 1, 0.3, null, out); }
        assertThat(out).isEmpty();
    }
}
