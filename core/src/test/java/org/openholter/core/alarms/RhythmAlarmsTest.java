package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;
import org.openholter.core.codec.Event;
import org.openholter.core.codec.Layers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RhythmAlarmsTest {
    static final long S = 1_000_000L;
    static final List<Event> SINUS = List.of(new Event(0, 1500, Layers.SINUS));

    /** Beats at the given RR intervals (s) with the given labels, in one 6-s-or-longer usable stretch. */
    static List<AlarmTransition> beats(RhythmAlarms a, String labels, double... rr) {
        List<AlarmTransition> out = new ArrayList<>();
        long[] t = new long[labels.length()];
        long now = 10 * S;
        for (int k = 0; k < t.length; k++) { now += Math.round((k < rr.length ? rr[k] : rr[rr.length - 1]) * S); t[k] = now; }
        a.onStretch(10 * S, now + S, t, labels.toCharArray(), SINUS, 250, 75, Double.NaN, true, out);
        return out;
    }

    static List<String> raised(List<AlarmTransition> t) {
        return t.stream().filter(AlarmTransition::raised).map(x -> x.type().name()).toList();
    }

    @Test
    void ectopyPatterns_coupletRunVtachAndBigeminy_eachRaiseOnceAndClear() {
        assertThat(raised(beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNNVVNNN", 0.8))).containsExactly("COUPLET");
        assertThat(raised(beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNVVVVNN", 0.8))).containsExactly("RUN_PVC");
        List<AlarmTransition> vt = beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNVVVVVVVNN", 0.8, 0.8, 0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.8);
        assertThat(raised(vt)).containsExactly("VTACH");
        assertThat(vt).filteredOn(x -> !x.raised()).extracting(x -> x.type().name()).containsExactly("VTACH");
        assertThat(raised(beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNVVVVVNN", 1.0))).as("5 ventricular beats at 60 bpm: a run, not VT")
                .containsExactly("RUN_PVC");
        List<AlarmTransition> big = beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNVNVNVNVNNNN", 0.8);
        assertThat(raised(big)).containsExactly("BIGEMINY");
        assertThat(big.stream().filter(x -> !x.raised()).map(x -> x.type().name())).containsExactly("BIGEMINY");
        assertThat(raised(beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNNNNNVNNNNNN", 0.8))).as("a lone PVC").isEmpty();
    }

    @Test
    void pauseOverTheLimit_andThePatientsOwnLimit() {
        assertThat(raised(beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNNNN", 0.8, 0.8, 3.4, 0.8))).containsExactly("PAUSE");
        assertThat(raised(beats(new RhythmAlarms(RhythmAlarms.Limits.DEFAULT), "NNNNN", 0.8, 0.8, 2.5, 0.8))).isEmpty();
        assertThat(raised(beats(new RhythmAlarms(new RhythmAlarms.Limits(2.0, 120, 50, 500)), "NNNNN", 0.8, 0.8, 2.5, 0.8))).containsExactly("PAUSE");
    }

    @Test
    void rateLimits_holdForTenSeconds_vfForFour_andUnusableSignalNeitherRaisesNorClears() {
        RhythmAlarms a = new RhythmAlarms(RhythmAlarms.Limits.DEFAULT);
        List<AlarmTransition> out = new ArrayList<>();
        long t = 0;
        for (int k = 0; k < 3; k++, t += 6 * S) a.onStretch(t, t + 6 * S, new long[0], new char[0], SINUS, 250, 130, Double.NaN, true, out);
        assertThat(raised(out)).containsExactly("HR_HIGH");
        assertThat(out.get(0).onsetMicros()).isZero();
        a.onStretch(t, t + 6 * S, new long[0], new char[0], SINUS, 250, 40, Double.NaN, false, out); // noise: nothing
        assertThat(out).hasSize(1);
        t += 6 * S;
        a.onStretch(t, t + 6 * S, new long[0], new char[0], SINUS, 250, 110, Double.NaN, true, out);
        assertThat(out).hasSize(2);
        assertThat(out.get(1).raised()).isFalse();
        // VF: 3 s does not alarm, 4 s does; sinus clears.
        t += 6 * S;
        List<AlarmTransition> vf = new ArrayList<>();
        a.onStretch(t, t + 6 * S, new long[0], new char[0], List.of(new Event(0, 750, Layers.VF), new Event(750, 1500, Layers.SINUS)), 250, 75, Double.NaN, true, vf);
        assertThat(vf).isEmpty();
        t += 6 * S;
        a.onStretch(t, t + 6 * S, new long[0], new char[0], List.of(new Event(0, 500, Layers.SINUS), new Event(500, 1500, Layers.VF)), 250, 75, Double.NaN, true, vf);
        assertThat(raised(vf)).containsExactly("VFIB");
        t += 6 * S;
        a.onStretch(t, t + 6 * S, new long[0], new char[0], SINUS, 250, 75, Double.NaN, true, vf);
        assertThat(vf).hasSize(2);
    }

    /**
     * The rhythm layer's ventricular rhythm (VT whose complexes the beat classes miss) raises VTACH after 4 s; VF that
     * turns organised is one lethal run (VFIB hands over to VTACH); sinus ends it. Beats called N in the meantime
     * neither clear nor restart it.
     */
    @Test
    void ventricularRhythmInTheRhythmLayer_raisesVtach_andVfTurningOrganisedHandsOver() {
        RhythmAlarms a = new RhythmAlarms(RhythmAlarms.Limits.DEFAULT);
        List<AlarmTransition> all = new ArrayList<>();
        List<AlarmTransition> out = new ArrayList<>() {
            @Override public boolean add(AlarmTransition x) { all.add(x); return x.type() == AlarmType.VTACH || x.type() == AlarmType.VFIB ? super.add(x) : false; }
        };
        long t = 0;
        List<Event> ventricular = List.of(new Event(0, 1500, Layers.VENTRICULAR));
        a.onStretch(t, t + 3 * S, new long[] {S, 2 * S}, new char[] {'N', 'N'}, List.of(new Event(0, 750, Layers.VENTRICULAR)), 250, 170, Double.NaN, true, out);
        assertThat(out).as("3 s: not yet").isEmpty();
        t += 3 * S;
        a.onStretch(t, t + 6 * S, new long[] {t + S, t + 2 * S, t + 3 * S}, new char[] {'N', 'V', 'N'}, ventricular, 250, 170, Double.NaN, true, out);
        assertThat(raised(out)).containsExactly("VTACH");
        assertThat(out.get(0).onsetMicros()).as("from the run's start").isZero();
        assertThat(out).as("a beat called V then N inside it does not end it").hasSize(1);
        t += 6 * S;
        a.onStretch(t, t + 6 * S, new long[0], new char[0], List.of(new Event(0, 1500, Layers.VF)), 250, 170, Double.NaN, true, out);
        assertThat(raised(out)).containsExactly("VTACH", "VFIB");
        t += 6 * S;
        a.onStretch(t, t + 6 * S, new long[0], new char[0], ventricular, 250, 170, Double.NaN, true, out);
        assertThat(out.subList(2, out.size())).extracting(x -> x.type().name() + (x.raised() ? "+" : "-")).containsExactly("VFIB-");
        t += 6 * S;
        a.onStretch(t, t + 6 * S, new long[] {t + S, t + 2 * S}, new char[] {'N', 'N'}, SINUS, 250, 75, Double.NaN, true, out);
        assertThat(out.subList(3, out.size())).extracting(x -> x.type().name() + (x.raised() ? "+" : "-")).containsExactly("VTACH-");
    }

    @Test
    void afEpisodes_andStateRoundTrip() throws Exception {
        RhythmAlarms a = new RhythmAlarms(RhythmAlarms.Limits.DEFAULT);
        List<AlarmTransition> out = new ArrayList<>();
        a.afEpisode(100 * S, Long.MIN_VALUE, out);
        a.afEpisode(100 * S, Long.MIN_VALUE, out); // a repeated onset does not raise again
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        a.writeState(new DataOutputStream(b));
        RhythmAlarms r = new RhythmAlarms(RhythmAlarms.Limits.DEFAULT);
        r.readState(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        r.afEpisode(100 * S, 400 * S, out);
        assertThat(out).extracting(AlarmTransition::raised).containsExactly(true, false);
        assertThat(out.get(1).onsetMicros()).isEqualTo(100 * S);
    }
}
