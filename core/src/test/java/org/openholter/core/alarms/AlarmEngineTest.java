package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

class AlarmEngineTest {
    static final long S = 1_000_000L;

    static long[] beats(double fromS, double toS, double bpm) {
        double rr = 60 / bpm;
        return LongStream.iterate(Math.round(fromS * S), t -> t < toS * S, t -> t + Math.round(rr * S)).toArray();
    }

    /** Feeds 6-s stretches from 0 to the end, with the beats inside each. */
    static List<AlarmTransition> run(long[] beats, double endS, double unusableFrom, double unusableTo) {
        AlarmEngine e = new AlarmEngine();
        List<AlarmTransition> out = new ArrayList<>();
        for (long a = 0; a < endS * S; a += 6 * S) {
            long b = a + 6 * S, from = a;
            long[] in = LongStream.of(beats).filter(t -> t >= from && t < b).toArray();
            boolean usable = !(a < unusableTo * S && b > unusableFrom * S);
            e.onStretch(a, b, in, usable, out);
        }
        return out;
    }

    /** Beats from {@code startS}: {@code n} intervals of {@code rrS}, then the next group, … (pairs n, rr). */
    static long[] train(double startS, double... groups) {
        List<Long> out = new ArrayList<>();
        double t = startS;
        out.add(Math.round(t * S));
        for (int g = 0; g < groups.length; g += 2) {
            for (int k = 0; k < (int) groups[g]; k++) {
                t += groups[g + 1];
                out.add(Math.round(t * S));
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] concat(long[]... parts) {
        return java.util.Arrays.stream(parts).flatMapToLong(LongStream::of).toArray();
    }

    @Test
    void asystole_raisedAfterTheSilenceSinceTheLastBeat_clearedWhenBeatsResume() {
        List<AlarmTransition> t = run(concat(beats(0, 30, 60), beats(36, 60, 60)), 60, -1, -1);
        assertThat(t).hasSize(2);
        assertThat(t.get(0).type()).isEqualTo(AlarmType.ASYSTOLE);
        assertThat(t.get(0).raised()).isTrue();
        assertThat(t.get(0).onsetMicros()).isEqualTo(29 * S);
        assertThat(t.get(0).eventMicros()).isEqualTo(29 * S + AlarmEngine.ASYSTOLE_MICROS);
        assertThat(t.get(1).raised()).isFalse();
    }

    @Test
    void pauseShorterThanTheAsystoleSilence_isNoAsystole_andBradycardiaOnlyWhenTheMeanOfFiveBeatsFallsUnder40() {
        // 60 bpm, one 2.9-s pause: the mean over the 5 beats around it is 40.7 bpm: nothing.
        assertThat(run(train(0, 29, 1.0, 1, 2.9, 27, 1.0), 60, -1, -1)).isEmpty();
        // A 3.4-s pause: no asystole, but the 5 beats around it average 37.5 bpm, as a monitor's averaged rate says.
        List<AlarmTransition> t = run(train(0, 29, 1.0, 1, 3.4, 27, 1.0), 60, -1, -1);
        assertThat(t).extracting(AlarmTransition::type).containsOnly(AlarmType.EXTREME_BRADY);
        assertThat(t.get(0).value()).isBetween(37.0, 38.0);
    }

    @Test
    void silenceDuringUnusableSignal_isNotAsystole() {
        assertThat(run(concat(beats(0, 30, 60), beats(42, 60, 60)), 60, 29, 42)).isEmpty();
    }

    @Test
    void brady_needsFiveBeatsBelow40() {
        List<AlarmTransition> t = run(concat(beats(0, 20, 70), beats(20, 50, 35), beats(50, 90, 70)), 90, -1, -1);
        assertThat(t).extracting(AlarmTransition::type).containsExactly(AlarmType.EXTREME_BRADY, AlarmType.EXTREME_BRADY);
        assertThat(t.get(0).raised()).isTrue();
        assertThat(t.get(0).eventMicros() - t.get(0).onsetMicros()).isEqualTo(4 * Math.round(60.0 / 35 * S));
        assertThat(run(train(0, 20, 0.857, 2, 1.714, 40, 0.857), 54, -1, -1)).as("two slow beats").isEmpty();
        assertThat(run(train(0, 20, 0.857, 4, 1.714, 40, 0.857), 54, -1, -1)).as("four slow intervals: 5 slow beats")
                .extracting(AlarmTransition::raised).containsExactly(true, false);
    }

    @Test
    void tachy_needsNineBeatsAbove140_andRaisesOncePerEpisode() {
        List<AlarmTransition> t = run(concat(beats(0, 20, 80), beats(20, 50, 160), beats(50, 90, 80)), 90, -1, -1);
        assertThat(t).extracting(AlarmTransition::raised).containsExactly(true, false);
        assertThat(t.get(0).type()).isEqualTo(AlarmType.EXTREME_TACHY);
        // Over 9 beats, 5 fast intervals and 3 usual ones average 116 bpm; 8 fast ones, 160.
        assertThat(run(train(0, 26, 0.75, 5, 0.375, 40, 0.75), 54, -1, -1)).as("a 5-interval run is not 9 fast beats").isEmpty();
        assertThat(run(train(0, 26, 0.75, 8, 0.375, 40, 0.75), 54, -1, -1)).as("9 fast beats")
                .extracting(AlarmTransition::raised).containsExactly(true, false);
    }

    @Test
    void aLateBeatIsTakenOnlyAfterTheLastBeat_withinWhatWasConsumed_andNotDuringAnAsystole() {
        AlarmEngine e = new AlarmEngine();
        List<AlarmTransition> out = new ArrayList<>();
        e.onStretch(0, 6 * S, new long[] {S, 2 * S, 3 * S}, AlarmEngine.Evidence.ECG, out);
        assertThat(e.lateBeat(2 * S + S / 2, out)).as("before the last beat").isFalse();
        assertThat(e.lateBeat(7 * S, out)).as("after what was consumed").isFalse();
        assertThat(e.lateBeat(4 * S, out)).isTrue();
        assertThat(e.lateBeat(4 * S, out)).as("the same beat twice").isFalse();
        e.onStretch(6 * S, 12 * S, new long[0], AlarmEngine.Evidence.ECG, out);
        assertThat(out).extracting(AlarmTransition::type).containsExactly(AlarmType.ASYSTOLE);
        assertThat(out.get(0).onsetMicros()).as("the silence counted from the late beat").isEqualTo(4 * S);
        assertThat(e.lateBeat(9 * S, out)).as("during an asystole").isFalse();
    }
}
