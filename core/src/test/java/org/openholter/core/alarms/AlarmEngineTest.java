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

    /** Feeds 1-s stretches from 0 to {@code endS}; those in [{@code unreadableFrom}, {@code unreadableTo}) unreadable. */
    static List<AlarmTransition> bySecond(AlarmEngine e, long[] beats, double endS, double unreadableFrom, double unreadableTo) {
        List<AlarmTransition> out = new ArrayList<>();
        for (long a = 0; a < endS * S; a += S) {
            long b = a + S, from = a;
            boolean unreadable = a >= unreadableFrom * S && a < unreadableTo * S;
            e.onStretch(a, b, LongStream.of(beats).filter(t -> t >= from && t < b).toArray(), unreadable ? AlarmEngine.Evidence.NONE : AlarmEngine.Evidence.ECG, out);
        }
        return out;
    }

    @Test
    void unreadableSignalInsideASilence_delaysTheAsystoleByItsLength_anddoesNotRestartIt() {
        // Last beat at 29 s, then nothing; 30-32 s unreadable: 3.5 s of readable silence are reached at 34.5 s.
        List<AlarmTransition> t = bySecond(new AlarmEngine(), beats(0, 29.5, 60), 40, 30, 32);
        assertThat(t).hasSize(1);
        assertThat(t.get(0).type()).isEqualTo(AlarmType.ASYSTOLE);
        assertThat(t.get(0).onsetMicros()).isEqualTo(29 * S);
        assertThat(t.get(0).eventMicros()).isEqualTo(29 * S + 2 * S + AlarmEngine.ASYSTOLE_MICROS);
        assertThat(t.get(0).message()).contains("2.0 s unreadable");
        // A hole between stretches (nothing fed at all) counts the same way.
        AlarmEngine e = new AlarmEngine();
        List<AlarmTransition> out = new ArrayList<>();
        e.onStretch(0, 30 * S, beats(0, 29.5, 60), AlarmEngine.Evidence.ECG, out);
        e.onStretch(31 * S, 33 * S, new long[0], AlarmEngine.Evidence.ECG, out);
        assertThat(out).as("1 + 2 s of readable silence").isEmpty();
        e.onStretch(33 * S, 34 * S, new long[0], AlarmEngine.Evidence.ECG, out);
        assertThat(out).extracting(AlarmTransition::eventMicros).containsExactly(29 * S + S + AlarmEngine.ASYSTOLE_MICROS);
    }

    @Test
    void aBeatHiddenInUnreadableSignal_raisesNoAsystoleAbove35Bpm() {
        // Every placement of one unreadable second or three over a 36-bpm rhythm (1.67-s intervals): beats may hide
        // in them, but no two intervals together reach 3.5 s of silence.
        for (double hole : new double[] {1, 3}) {
            for (double at = 10; at < 14; at += 1) {
                long[] beats = LongStream.iterate(Math.round(0.3 * S), b -> b < 40 * S, b -> b + 1_667_000L).toArray();
                assertThat(bySecond(new AlarmEngine(), beats, 40, at, at + hole)).as("%s s unreadable at %s s", hole, at)
                        .noneMatch(a -> a.type() == AlarmType.ASYSTOLE);
            }
        }
    }

    @Test
    void moreUnreadableTimeThanTenSeconds_measuresTheSilenceAfreshAfterIt() {
        // Last beat 19 s, 20-31 s unreadable (11 s): the silence counts from 31 s, the asystole's onset with it.
        List<AlarmTransition> t = bySecond(new AlarmEngine(), beats(0, 19.5, 60), 40, 20, 31);
        assertThat(t).hasSize(1);
        assertThat(t.get(0).onsetMicros()).isEqualTo(31 * S);
        assertThat(t.get(0).eventMicros()).isEqualTo(31 * S + AlarmEngine.ASYSTOLE_MICROS);
    }

    @Test
    void theUnseenTimeSurvivesAStateRoundTrip_andLayoutOneReadsAsNone() throws java.io.IOException {
        AlarmEngine e = new AlarmEngine();
        bySecond(e, beats(0, 29.5, 60), 32, 30, 32); // 2 s unseen so far
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        e.writeState(new java.io.DataOutputStream(b));
        AlarmEngine back = new AlarmEngine();
        back.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(b.toByteArray())));
        List<AlarmTransition> out = new ArrayList<>();
        back.onStretch(32 * S, 34 * S, new long[0], AlarmEngine.Evidence.ECG, out);
        assertThat(out).as("1 + 2 s readable: not yet").isEmpty();
        back.onStretch(34 * S, 35 * S, new long[0], AlarmEngine.Evidence.ECG, out);
        assertThat(out).extracting(AlarmTransition::eventMicros).containsExactly(29 * S + 2 * S + AlarmEngine.ASYSTOLE_MICROS);
        // Layout 1 (the release before) is the same fields without the unseen time at the end.
        byte[] v2 = b.toByteArray();
        AlarmEngine old = new AlarmEngine();
        old.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(java.util.Arrays.copyOf(v2, v2.length - 8))), 1);
        out.clear();
        old.onStretch(32 * S, 33 * S, new long[0], AlarmEngine.Evidence.ECG, out);
        assertThat(out).as("no unseen time: 4 s since the last beat").extracting(AlarmTransition::eventMicros).containsExactly(29 * S + AlarmEngine.ASYSTOLE_MICROS);
    }

    @Test
    void aPulseThatStoppedWithTheHeart_raisesTheAsystoleAfterThreeSecondsOfSilence() {
        for (boolean stopped : new boolean[] {false, true}) {
            AlarmEngine e = new AlarmEngine();
            List<AlarmTransition> out = new ArrayList<>();
            e.pulseStopped(stopped);
            // Beats every second up to 20 s, then silence; fed in 0.1-s stretches as the fast path does (finer).
            for (long a = 0; a < 30 * S; a += S / 10) {
                long from = a, to = a + S / 10;
                e.onStretch(from, to, LongStream.of(beats(0, 20.5, 60)).filter(t -> t >= from && t < to).toArray(), AlarmEngine.Evidence.ECG, out);
            }
            assertThat(out).hasSize(1);
            long silence = stopped ? AlarmEngine.ASYSTOLE_NO_PULSE_MICROS : AlarmEngine.ASYSTOLE_MICROS;
            assertThat(out.get(0).eventMicros()).isEqualTo(20 * S + silence);
            if (stopped) assertThat(out.get(0).message()).endsWith("after the last beat, and no pulse");
            else assertThat(out.get(0).message()).doesNotContain("pulse");
        }
        // Without a beat to measure from (no signal seen beating yet), the stopped pulse changes nothing.
        AlarmEngine e = new AlarmEngine();
        List<AlarmTransition> out = new ArrayList<>();
        e.pulseStopped(true);
        for (long a = 0; a < 5 * S; a += S / 10) e.onStretch(a, a + S / 10, new long[0], AlarmEngine.Evidence.ECG, out);
        assertThat(out).hasSize(1);
        assertThat(out.get(0).eventMicros()).isEqualTo(AlarmEngine.ASYSTOLE_MICROS);
    }
}
