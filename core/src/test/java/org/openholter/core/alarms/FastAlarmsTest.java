package org.openholter.core.alarms;

import org.junit.jupiter.api.Test;
import org.openholter.core.signal.ChannelKind;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.TruthEpisode;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class FastAlarmsTest {
    static final int FS = 250;

    /** Feeds a simulated scenario in 0.25-s blocks; a state round trip at {@code restoreAtS} (negative: none). */
    /** Device time (s) at the end of the block that produced each transition of the last {@link #run}. */
    static final List<Double> emittedAt = new ArrayList<>();

    static List<AlarmTransition> run(EcgSynthesizer s, double seconds, double restoreAtS, String... channels) throws IOException {
        emittedAt.clear();
        FastAlarms f = new FastAlarms(FS, channels);
        List<AlarmTransition> out = new ArrayList<>();
        int block = FS / 4;
        float[][] buf = new float[channels.length][block];
        for (long k = 0; k < seconds * FS; k += block) {
            float[][] ecg = new float[s.leads().length][block];
            s.next(ecg, 0, block);
            for (int c = 0; c < channels.length; c++) buf[c] = ecg[Math.min(c, ecg.length - 1)].clone();
            f.append(buf, block, 0, k == 0 ? 0 : Long.MIN_VALUE, out);
            while (emittedAt.size() < out.size()) emittedAt.add((k + block) / (double) FS);
            if (restoreAtS >= 0 && k == (long) (restoreAtS * FS)) f = roundTrip(f, channels);
        }
        return out;
    }

    static FastAlarms roundTrip(FastAlarms f, String[] channels) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        f.writeState(new DataOutputStream(b));
        FastAlarms g = new FastAlarms(FS, channels);
        g.readState(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        return g;
    }

    static EcgSynthesizer synth(String script, NoiseSpec noise, long seed) {
        return new EcgSynthesizer(Scenario.parse(script), noise, FS, new String[] {"II"}, seed, false, false);
    }

    /** {@link #synth} that keeps its beats ({@link EcgSynthesizer#truthBeats}), for a pulse that follows them. */
    static EcgSynthesizer withBeats(String script, long seed) {
        return new EcgSynthesizer(Scenario.parse(script), NoiseSpec.CLEAN, FS, new String[] {"II"}, seed, false, true);
    }

    @Test
    void asystoleIsRaisedWithinTwoSecondsAfterItsSilenceAndClearedWhenBeatsResume() throws IOException {
        EcgSynthesizer s = synth("sinus:75@30,asystole@8,sinus:75@20", NoiseSpec.CLEAN, 1);
        List<AlarmTransition> out = run(s, 58, -1, "II");
        TruthEpisode asystole = s.episodes().get(1);
        List<AlarmTransition> raised = out.stream().filter(t -> t.type() == AlarmType.ASYSTOLE && t.raised()).toList();
        assertThat(raised).hasSize(1);
        double silence = AlarmEngine.ASYSTOLE_MICROS / 1e6;
        assertThat(raised.get(0).eventMicros() / 1e6 - asystole.lastQrsBeforeS()).isBetween(silence - 0.05, silence + 0.05); // the rule is true then
        double emitted = emittedAt.get(out.indexOf(raised.get(0)));
        // and known within a check (1 s) and the settling (0.4 s)
        assertThat(emitted - asystole.lastQrsBeforeS()).isBetween(silence + 0.4, silence + 2);
        assertThat(out).anyMatch(t -> t.type() == AlarmType.ASYSTOLE && t.cleared() && t.eventMicros() / 1e6 < asystole.endS() + 4);
        assertThat(out).allMatch(t -> t.type() == AlarmType.ASYSTOLE);
    }

    /**
     * Like {@link #run} on one lead, with {@code lostS} seconds lost from {@code lossAtS}: sent as NaN ({@code skip}
     * false, a device that marks what it lost) or not sent at all (the next block comes with its own time).
     */
    static List<AlarmTransition> runWithLoss(EcgSynthesizer s, double seconds, double lossAtS, double lostS, boolean skip) {
        emittedAt.clear();
        FastAlarms f = new FastAlarms(FS, new String[] {"II"});
        List<AlarmTransition> out = new ArrayList<>();
        int block = FS / 4;
        boolean afterHole = false;
        for (long k = 0; k < seconds * FS; k += block) {
            float[][] ecg = new float[1][block];
            s.next(ecg, 0, block);
            double t = k / (double) FS;
            boolean lost = t >= lossAtS && t < lossAtS + lostS;
            if (lost && skip) { afterHole = true; continue; }
            if (lost) java.util.Arrays.fill(ecg[0], Float.NaN);
            f.append(ecg, block, 0, k == 0 || afterHole ? k * 1_000_000L / FS : Long.MIN_VALUE, out);
            afterHole = false;
            while (emittedAt.size() < out.size()) emittedAt.add((k + block) / (double) FS);
        }
        return out;
    }

    @Test
    void anAsystoleJustBeforeOrDuringLostSignal_isRaisedOnceTheReadableSilenceIsLongEnough() {
        // The 8-s asystole from 30 s (last QRS at 29.3 s), with 0.5 to 3 s lost before it or inside it. Before the
        // fix, a loss over a tenth of the 6-s buffer made the lead unreadable until the loss left the buffer and
        // restarted the silence: raised 4.3 s late, or never when the loss fell inside the asystole.
        for (boolean skip : new boolean[] {false, true}) {
            for (double at : new double[] {27, 28.5, 29.5, 31, 33}) {
                for (double lost : new double[] {0.5, 1, 2, 3}) {
                    EcgSynthesizer s = synth("sinus:75@30,asystole@8,sinus:75@20", NoiseSpec.CLEAN, 1);
                    List<AlarmTransition> out = runWithLoss(s, 58, at, lost, skip);
                    double lastQrs = s.episodes().get(1).lastQrsBeforeS();
                    List<AlarmTransition> raised = out.stream().filter(t -> t.type() == AlarmType.ASYSTOLE && t.raised()).toList();
                    String what = String.format("%s s %s at %s s", lost, skip ? "not sent" : "sent as lost", at);
                    assertThat(raised).as(what).hasSize(1);
                    // Known at most the lost time later than without the loss (3.5 s of silence, a check, the settling).
                    double emitted = emittedAt.get(out.indexOf(raised.get(0)));
                    assertThat(emitted - lastQrs).as(what).isLessThanOrEqualTo(AlarmEngine.ASYSTOLE_MICROS / 1e6 + 2 + lost);
                    assertThat(out).as(what).anyMatch(t -> t.type() == AlarmType.ASYSTOLE && t.cleared());
                }
            }
        }
    }

    @Test
    void lostSignalOverASlowRhythm_raisesNoAsystole() {
        // A beat hidden in lost signal leaves two parts of intervals; above about 35 bpm they never add up to 3.5 s.
        for (String rhythm : new String[] {"sinus:36@50", "af:45@50"}) {
            for (boolean skip : new boolean[] {false, true}) {
                for (double at = 20; at < 25; at += 0.73) {
                    for (double lost : new double[] {1, 3, 9}) {
                        List<AlarmTransition> out = runWithLoss(synth(rhythm, NoiseSpec.CLEAN, 4), 50, at, lost, skip);
                        assertThat(out).as("%s, %s s lost at %s s", rhythm, lost, at).noneMatch(t -> t.type() == AlarmType.ASYSTOLE);
                    }
                }
            }
        }
    }

    @Test
    void aFlatLineAfterLostSignal_isAnAsystoleWithTheElectrodeOn_andNothingWithItOffOrWithTheInputStopped() {
        // 30 s of sinus, 7 s lost (more than the 6 s the path reads: no beat left to read), then a flat line: 0.3 mV with a few microvolts of noise (a living input), the
        // same flagged lead-off, or one repeated value (an input that stopped).
        for (String after : new String[] {"flat", "flat, lead off", "stopped"}) {
            EcgSynthesizer s = synth("sinus:75@60", NoiseSpec.CLEAN, 5);
            java.util.Random r = new java.util.Random(5);
            FastAlarms f = new FastAlarms(FS, new String[] {"II"});
            List<AlarmTransition> out = new ArrayList<>();
            int block = FS / 4;
            for (long k = 0; k < 50 * FS; k += block) {
                float[][] ecg = new float[1][block];
                s.next(ecg, 0, block);
                double t = k / (double) FS;
                if (t >= 30 && t < 37) java.util.Arrays.fill(ecg[0], Float.NaN);
                if (t >= 37) for (int i = 0; i < block; i++) ecg[0][i] = after.equals("stopped") ? 0.3f : 0.3f + 0.004f * (float) r.nextGaussian();
                f.append(ecg, block, t >= 37 && after.contains("lead off") ? 1 : 0, k == 0 ? 0 : Long.MIN_VALUE, out);
            }
            List<AlarmTransition> asystole = out.stream().filter(a -> a.type() == AlarmType.ASYSTOLE && a.raised()).toList();
            if (after.equals("flat")) {
                assertThat(asystole).as(after).hasSize(1);
                assertThat(asystole.get(0).eventMicros() / 1e6).as(after).isBetween(37.0, 42.0);
            } else {
                assertThat(asystole).as(after).isEmpty();
            }
        }
    }

    @Test
    void ventricularFibrillationIsRaisedFastAndNothingHighOnCleanOrNoisySinus() throws IOException {
        EcgSynthesizer vf = synth("sinus:70@40,vf@20,sinus:70@20", NoiseSpec.CLEAN, 2);
        List<AlarmTransition> out = run(vf, 80, -1, "II");
        assertThat(out).anyMatch(t -> t.type() == AlarmType.VFIB && t.raised() && t.eventMicros() / 1e6 >= 40 && t.eventMicros() / 1e6 < 48);
        for (NoiseSpec noise : List.of(NoiseSpec.CLEAN, NoiseSpec.NOISY)) {
            assertThat(run(synth("sinus:72@600", noise, 3), 600, -1, "II")).as("sinus with %s", noise).isEmpty();
        }
    }

    @Test
    void stateRoundTripChangesNothing() throws IOException {
        List<AlarmTransition> straight = run(synth("sinus:75@30,asystole@8,sinus:75@10,vf@15,sinus:70@20", NoiseSpec.CLEAN, 4), 83, -1, "II");
        List<AlarmTransition> restored = run(synth("sinus:75@30,asystole@8,sinus:75@10,vf@15,sinus:70@20", NoiseSpec.CLEAN, 4), 83, 36, "II");
        assertThat(straight).isNotEmpty();
        assertThat(restored).isEqualTo(straight);
    }

    /** A PPG-like pulse 0.25 s after each of {@code beats} (s), at {@code fs}, for samples [from, from + n). */
    static float[] ppg(List<Double> beats, long from, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (from + i) / (double) FS;
            for (double b : beats) {
                if (b > t || b < t - 2) continue;
                x[i] += (float) (Math.exp(-Math.pow((t - b - 0.25) / 0.08, 2)) + 0.3 * Math.exp(-Math.pow((t - b - 0.5) / 0.1, 2)));
            }
        }
        return x;
    }

    /**
     * ECG with an asystole, and a PPG channel: pulses after the ECG's own beats (a real arrest), or a pulse going on
     * at 75 /min all along (the ECG lost, the heart beating). Returns the asystole raise and what the pulse says of it.
     */
    static String pulseSays(boolean heartGoesOn) throws IOException {
        EcgSynthesizer s = withBeats("sinus:75@40,asystole@8,sinus:75@20", 5);
        FastAlarms f = new FastAlarms(FS, new String[] {"II", "PLETH"});
        List<AlarmTransition> out = new ArrayList<>();
        int block = FS / 4;
        List<Double> steady = new ArrayList<>();
        for (double t = 0.3; t < 70; t += 0.8) steady.add(t);
        for (long k = 0; k < 68L * FS; k += block) {
            float[][] ecg = new float[1][block];
            s.next(ecg, 0, block);
            List<Double> beats = heartGoesOn ? steady : s.truthBeats().stream().map(EcgSynthesizer.TruthBeat::timeS).toList();
            f.append(new float[][] {ecg[0], ppg(beats, k, block)}, block, 0, k == 0 ? 0 : Long.MIN_VALUE, out);
            for (AlarmTransition t : out) if (t.type() == AlarmType.ASYSTOLE && t.raised()) return String.valueOf(f.pulseContradiction(t));
        }
        return "no asystole raised";
    }

    @Test
    void aPulseAllThroughAnAsystoleVetoesItAndNoPulseConfirmsIt() throws IOException {
        assertThat(pulseSays(true)).startsWith("pulse goes on at 75 /min");
        assertThat(pulseSays(false)).isEqualTo("null");
    }

    /**
     * ECG with an asystole and a PPG channel whose pulses follow the ECG's beats (a real arrest: the pulse stops with
     * the heart), or without a pulse channel: the asystole raise.
     */
    static AlarmTransition asystoleRaise(boolean withPulse) throws IOException {
        EcgSynthesizer s = withBeats("sinus:75@40,asystole@8,sinus:75@20", 5);
        String[] channels = withPulse ? new String[] {"II", "PLETH"} : new String[] {"II"};
        FastAlarms f = new FastAlarms(FS, channels);
        List<AlarmTransition> out = new ArrayList<>();
        int block = FS / 4;
        java.util.Random noise = new java.util.Random(1);
        for (long k = 0; k < 68L * FS; k += block) {
            float[][] ecg = new float[1][block];
            s.next(ecg, 0, block);
            List<Double> beats = s.truthBeats().stream().map(EcgSynthesizer.TruthBeat::timeS).toList();
            float[] pulse = ppg(beats, k, block);
            for (int i = 0; i < block; i++) pulse[i] += (float) (0.005 * noise.nextGaussian()); // a sensor's noise: not a stuck input
            float[][] x = withPulse ? new float[][] {ecg[0], pulse} : ecg;
            f.append(x, block, 0, k == 0 ? 0 : Long.MIN_VALUE, out);
            for (AlarmTransition t : out) if (t.type() == AlarmType.ASYSTOLE && t.raised()) return t;
        }
        return null;
    }

    @Test
    void aPulseThatStopsWithTheHeart_bringsTheAsystoleHalfASecondSooner() throws IOException {
        AlarmTransition ecgOnly = asystoleRaise(false), withPulse = asystoleRaise(true);
        assertThat(ecgOnly.message()).doesNotContain("pulse");
        assertThat(ecgOnly.eventMicros() - ecgOnly.onsetMicros()).isEqualTo(AlarmEngine.ASYSTOLE_MICROS);
        assertThat(withPulse.message()).contains("and no pulse");
        assertThat(withPulse.onsetMicros()).isEqualTo(ecgOnly.onsetMicros());
        assertThat(withPulse.eventMicros() - withPulse.onsetMicros()).isEqualTo(AlarmEngine.ASYSTOLE_NO_PULSE_MICROS);
        // A pulse going on through the silence (the ECG lost, the heart beating) never shortens it.
        assertThat(pulseSays(true)).startsWith("pulse goes on");
    }

    @Test
    void missedComplexesOfARunMustSplitItsGapEvenly() {
        assertThat(FastAlarms.evenlySpaced(0, new int[] {100}, 200)).isTrue();
        assertThat(FastAlarms.evenlySpaced(0, new int[] {90, 200}, 310)).isTrue();
        assertThat(FastAlarms.evenlySpaced(0, new int[] {60}, 200)).as("140 against 60").isFalse();
        assertThat(FastAlarms.evenlySpaced(0, new int[] {100, 120}, 250)).isFalse();
    }

    @Test
    void channelsAreToldApartByName() {
        for (String n : List.of("PLETH", "ppg", "ABP", "ART", "Pleth")) assertThat(ChannelKind.of(n)).as(n).isEqualTo(ChannelKind.PULSATILE);
        for (String n : List.of("RESP", "SpO2", "CVP", "EDF Annotations")) assertThat(ChannelKind.of(n)).as(n).isEqualTo(ChannelKind.OTHER);
        for (String n : List.of("II", "V", "MLII", "aVF", "ECG", "V5", "ECG1")) assertThat(ChannelKind.of(n)).as(n).isEqualTo(ChannelKind.ECG);
        for (String n : List.of("ABP", "ART", "AOBP")) assertThat(ChannelKind.isArterial(n)).as(n).isTrue();
        for (String n : List.of("PLETH", "ppg", "II", "RESP")) assertThat(ChannelKind.isArterial(n)).as(n).isFalse();
    }

    @Test
    void withAPpgAndAnArterialLine_thePulseIsReadFromTheArterialLine() throws IOException {
        // The PPG (first) has fallen off the finger (flat); the arterial line (second) goes on: the artefact's VF is vetoed.
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("artifact"), NoiseSpec.CLEAN, FS, new String[] {"II", "PLETH", "ABP"}, 3, false, false);
        FastAlarms f = new FastAlarms(FS, new String[] {"II", "PLETH", "ABP"});
        List<AlarmTransition> out = new ArrayList<>();
        String why = null;
        for (long k = 0; k < 70L * FS; k += FS / 4) {
            float[][] x = new float[3][FS / 4];
            s.next(x, 0, FS / 4);
            java.util.Arrays.fill(x[1], 0.5f);
            int before = out.size();
            f.append(x, FS / 4, 0, k == 0 ? 0 : Long.MIN_VALUE, out);
            for (AlarmTransition t : out.subList(before, out.size())) if (t.raised() && t.type() == AlarmType.VFIB) why = f.pulseContradiction(t);
        }
        assertThat(out).as("the artefact looks like VF").anyMatch(t -> t.raised() && t.type() == AlarmType.VFIB);
        assertThat(why).as("and the arterial pulse says otherwise").contains("pulse goes on");
    }

    @Test
    void aVentricularTachycardiaIsTakenForWhatItIs_againstThePatientsOwnUsualBeat() throws IOException {
        EcgSynthesizer s = synth("sinus:80@60,vt:180@15,sinus:80@45", NoiseSpec.CLEAN, 6);
        List<AlarmTransition> out = run(s, 120, 70, "II");
        TruthEpisode vt = s.episodes().get(1);
        List<AlarmTransition> raised = out.stream().filter(t -> t.type() == AlarmType.VTACH && t.raised()).toList();
        assertThat(raised).hasSize(1);
        assertThat(emittedAt.get(out.indexOf(raised.get(0))) - vt.startS()).as("alarmed within 5 s of its onset").isBetween(0.0, 5.0);
        assertThat(out).anyMatch(t -> t.type() == AlarmType.VTACH && t.cleared() && t.eventMicros() / 1e6 < vt.endS() + 3);
        assertThat(out).noneMatch(t -> t.raised() && t.type() != AlarmType.VTACH && t.type() != AlarmType.EXTREME_TACHY);
    }

    /** Two leads of one simulated heart; {@code spoil} rewrites lead 1's block at {@code k} (samples from the start). */
    static List<AlarmTransition> twoLeads(String script, double seconds, java.util.function.BiConsumer<float[], Long> spoil) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(script), NoiseSpec.CLEAN, FS, new String[] {"II", "V"}, 8, false, false);
        FastAlarms f = new FastAlarms(FS, new String[] {"II", "V"});
        List<AlarmTransition> out = new ArrayList<>();
        int block = FS / 4;
        for (long k = 0; k < seconds * FS; k += block) {
            float[][] x = new float[2][block];
            s.next(x, 0, block);
            spoil.accept(x[1], k);
            f.append(x, block, 0, k == 0 ? 0 : Long.MIN_VALUE, out);
        }
        return out;
    }

    @Test
    void oneLeadLostOrShakenWhileTheOtherIsClean_raisesNothing_andAnArrestOnBothIsStillRaised() {
        java.util.Random r = new java.util.Random(9);
        // Lead V: flat for 20 s, then 20 s of large, fast motion artefact, then clean again.
        java.util.function.BiConsumer<float[], Long> spoil = (x, k) -> {
            double t = k / (double) FS;
            if (t >= 30 && t < 50) java.util.Arrays.fill(x, 0.01f);
            else if (t >= 50 && t < 70) for (int i = 0; i < x.length; i++) x[i] += (float) (1.5 * Math.sin(2 * Math.PI * 4.5 * (k + i) / FS) + 0.3 * r.nextGaussian());
        };
        assertThat(twoLeads("sinus:72@100", 100, spoil)).as("sinus on lead II all along").noneMatch(AlarmTransition::raised);
        List<AlarmTransition> arrest = twoLeads("sinus:72@40,asystole@10,sinus:72@30", 80, (x, k) -> {});
        assertThat(arrest).anyMatch(t -> t.type() == AlarmType.ASYSTOLE && t.raised());
    }

    @Test
    void withoutAnyReadableLead_thePulseCarriesTheRate_butNeverAnAsystole() throws IOException {
        FastAlarms f = new FastAlarms(FS, new String[] {"II", "PLETH"});
        List<AlarmTransition> out = new ArrayList<>();
        int block = FS / 4;
        List<Double> fast = new ArrayList<>();
        for (double t = 0.3; t < 80; t += 0.4) fast.add(t); // 150 /min
        for (long k = 0; k < 70L * FS; k += block) {
            double t = k / (double) FS;
            float[] ecg = new float[block];
            java.util.Arrays.fill(ecg, Float.NaN); // the ECG electrodes are off
            float[] pulse = t < 50 ? ppg(fast, k, block) : new float[block]; // then the pulse sensor slips off too
            f.append(new float[][] {ecg, pulse}, block, 0, k == 0 ? 0 : Long.MIN_VALUE, out);
        }
        assertThat(out).anyMatch(t -> t.type() == AlarmType.EXTREME_TACHY && t.raised());
        assertThat(out).noneMatch(t -> t.type() == AlarmType.ASYSTOLE);
    }

    /**
     * A slow rhythm (46 bpm) whose every tenth complex is small: the detector's running threshold misses it, and its
     * search back finds it only once the next beat shows it overdue, after the stretch holding it was consumed. Taken in
     * late, it keeps the rate; dropped, its gap would read as 37 bpm, an extreme bradycardia.
     */
    @Test
    void aBeatFoundLateBySearchBackStillCountsForTheRate() {
        double rr = 1.3, sigma = 0.012;
        int n = (int) (120 * FS);
        float[] x = new float[n];
        java.util.Random noise = new java.util.Random(7); // a live input never repeats one value
        for (int i = 0; i < n; i++) x[i] = (float) (0.01 * noise.nextGaussian());
        int beat = 0;
        for (double t = 0.5; t < 120; t += rr, beat++) {
            double amp = beat % 10 == 9 ? 0.4 : 1.0;
            int c = (int) Math.round(t * FS);
            for (int i = Math.max(0, c - FS / 10); i < Math.min(n, c + FS / 10); i++) {
                double u = (i - c) / (sigma * FS);
                x[i] += (float) (amp * Math.exp(-0.5 * u * u));
            }
        }
        FastAlarms f = new FastAlarms(FS, new String[] {"II"});
        List<AlarmTransition> out = new ArrayList<>();
        int block = FS / 4;
        for (int k = 0; k + block <= n; k += block) f.append(new float[][] {java.util.Arrays.copyOfRange(x, k, k + block)}, block, 0, k == 0 ? 0 : Long.MIN_VALUE, out);
        assertThat(out).noneMatch(t -> t.raised() && t.type() == AlarmType.EXTREME_BRADY);
        assertThat(f.heartRateBpm()).isCloseTo(60 / rr, org.assertj.core.data.Offset.offset(3.0));
    }
}
