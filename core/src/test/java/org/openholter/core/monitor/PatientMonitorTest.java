package org.openholter.core.monitor;

import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Rhythm;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.core.synth.TruthEpisode;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.EcgFrame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PatientMonitorTest {
    static final long T0 = 1_732_252_800_000_000L;
    static final ClassicAnalyzer ANALYZER = new ClassicAnalyzer();

    static final class Collector implements MonitorOutput {
        final List<WindowReport> windows = new ArrayList<>();
        final List<AlarmEvent> alarms = new ArrayList<>();
        @Override public void window(WindowReport r) { windows.add(r); }
        @Override public void alarm(AlarmEvent a) { alarms.add(a); }
    }

    static SyntheticDevice device(String scenario, NoiseSpec noise, int fs, long seed) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(scenario), noise, fs, new String[] {"II"}, seed, false, true);
        return new SyntheticDevice("bed-" + seed, s, 0.5, T0, SyntheticDevice.DEFAULT_GAIN, 0);
    }

    static List<EcgFrame> frames(SyntheticDevice d, double seconds) {
        List<EcgFrame> out = new ArrayList<>();
        while ((d.nextFrameMicros() - T0) / 1e6 < seconds) out.add(d.nextFrame());
        return out;
    }

    static Collector run(SyntheticDevice d, List<EcgFrame> frames) {
        Collector c = new Collector();
        PatientMonitor m = new PatientMonitor(d.deviceId(), MonitorConfig.DEFAULT, ANALYZER);
        for (EcgFrame f : frames) m.onFrame(f, c);
        m.finish(c);
        return c;
    }

    /** Rate in every window lying wholly inside a steady stretch, against the truth beats of that window. */
    static void assertRatesMatchTruth(SyntheticDevice d, Collector c) {
        int checked = 0;
        for (WindowReport w : c.windows) {
            double to = (w.keepToMicros() - T0) / 1e6 + 2, from = to - 10;
            List<EcgSynthesizer.TruthBeat> truth = d.synthesizer().beatsBetween(from, to);
            if (truth.size() < 3 || !steady(d, from - 1, to + 1)) continue;
            double truthBpm = 60.0 * (truth.size() - 1) / (truth.get(truth.size() - 1).timeS() - truth.get(0).timeS());
            assertThat(w.heartRateBpm()).as("window at %.0f s", from).isCloseTo(truthBpm, within(2.0));
            checked++;
        }
        assertThat(checked).isGreaterThan(5);
    }

    static boolean steady(SyntheticDevice d, double from, double to) {
        var a = d.synthesizer().segmentAt(Math.max(0, from));
        var b = d.synthesizer().segmentAt(to);
        return a == b && a != null && (a.rhythm() == Rhythm.SINUS);
    }

    @Test
    void sinus_ratesWithinTwoBpm_andOnlyTheLowRateLimitAlarms() {
        for (int fs : new int[] {250, 360, 128, 500}) {
            SyntheticDevice d = device("sinus:72@60,sinus:110@60,sinus:48@60", NoiseSpec.CLEAN, fs, 3);
            Collector c = run(d, frames(d, 180));
            // 48 bpm is under the default lower limit (50 bpm): HR_LOW, once, in that minute; nothing else.
            List<AlarmEvent> raised = c.alarms.stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).toList();
            assertThat(raised).as("fs %d: %s", fs, c.alarms).extracting(AlarmEvent::type).containsExactly("HR_LOW");
            assertThat((raised.get(0).onsetMillis() * 1000 - T0) / 1e6).isBetween(115.0, 170.0);
            assertRatesMatchTruth(d, c);
        }
    }

    @Test
    void sinus_everyBeatReportedOnce() {
        SyntheticDevice d = device("sinus:80@120", NoiseSpec.CLEAN, 250, 5);
        Collector c = run(d, frames(d, 120));
        List<Double> reported = new ArrayList<>();
        c.windows.forEach(w -> w.beats().forEach(b -> reported.add((b.timeMicros() - T0) / 1e6)));
        List<EcgSynthesizer.TruthBeat> truth = d.synthesizer().beatsBetween(0.2, 119.5);
        int matched = 0;
        for (EcgSynthesizer.TruthBeat t : truth) {
            if (reported.stream().anyMatch(r -> Math.abs(r - t.timeS()) < 0.05)) matched++;
        }
        assertThat(matched).isGreaterThanOrEqualTo(truth.size() - 1);
        assertThat(reported.size()).isBetween(truth.size() - 1, truth.size() + 1);
    }

    @Test
    void scriptedEpisodes_raiseExactlyOneHighPriorityAlarmEach_withTheirMediumCompanion() {
        assertOneAlarm("asystole", "ASYSTOLE", "PAUSE", Rhythm.ASYSTOLE);
        assertOneAlarm("brady", "EXTREME_BRADY", "HR_LOW", Rhythm.SINUS);
        assertOneAlarm("tachy", "EXTREME_TACHY", "HR_HIGH", Rhythm.SINUS);
    }

    private void assertOneAlarm(String preset, String type, String companion, Rhythm rhythm) {
        SyntheticDevice d = device(preset, NoiseSpec.CLEAN, 250, 11);
        Collector c = run(d, frames(d, 120));
        List<AlarmEvent> raised = c.alarms.stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).toList();
        assertThat(raised).as(preset + " alarms " + c.alarms).extracting(AlarmEvent::type).containsExactlyInAnyOrder(type, companion);
        raised = raised.stream().filter(a -> a.type().equals(type)).toList();
        assertThat(c.alarms.stream().filter(a -> a.state().equals(AlarmEvent.CLEARED) && a.type().equals(type)).count()).as("cleared").isEqualTo(1);
        TruthEpisode ep = d.synthesizer().episodes().get(1);
        double onset = (raised.get(0).onsetMillis() * 1000 - T0) / 1e6;
        double truthOnset = rhythm == Rhythm.ASYSTOLE ? ep.lastQrsBeforeS() : ep.startS();
        assertThat(onset).isCloseTo(truthOnset, within(3.0));
    }

    @Test
    void noisySinusRaisesNothing_andLeadOffOnlyTheLeadOffAlarm() {
        SyntheticDevice d = device("sinus:75@120", NoiseSpec.NOISY, 250, 21);
        assertThat(run(d, frames(d, 120)).alarms).isEmpty();
        SyntheticDevice lo = device("leadoff", NoiseSpec.CLEAN, 250, 22);
        List<AlarmEvent> alarms = run(lo, frames(lo, 120)).alarms;
        assertThat(alarms).as("no rhythm alarm from a lead-off, one technical alarm raised and cleared")
                .extracting(a -> a.type() + "/" + a.state()).containsExactly("LEAD_OFF/RAISED", "LEAD_OFF/CLEARED");
        double onset = (alarms.get(0).onsetMillis() * 1000 - T0) / 1e6;
        assertThat(onset).as("the script's lead-off starts at 50 s").isBetween(44.0, 56.0);
    }

    @Test
    void shuffledAndDuplicatedFrames_giveTheSameResultAsInOrder() {
        SyntheticDevice d = device("asystole", NoiseSpec.CLEAN, 250, 31);
        List<EcgFrame> ordered = frames(d, 120);
        Collector expected = run(d, ordered);
        List<EcgFrame> messy = new ArrayList<>();
        Random r = new Random(1);
        for (int i = 0; i < ordered.size(); i++) {
            messy.add(ordered.get(i));
            if (r.nextInt(10) == 0) messy.add(ordered.get(i)); // duplicate
        }
        // Reorder within 1.5 s (not the very first frame: a stream starts where its first frame arrives).
        for (int i = 4; i + 3 < messy.size(); i += 4) Collections.swap(messy, i, i + 2);
        Collector got = run(d, messy);
        assertThat(got.alarms).isEqualTo(expected.alarms);
        assertThat(got.windows.stream().map(WindowReport::beats).toList())
                .isEqualTo(expected.windows.stream().map(WindowReport::beats).toList());
    }

    @Test
    void droppedFrames_areMarkedAsGapsAndRaiseNoAsystole() {
        SyntheticDevice d = device("sinus:70@120", NoiseSpec.CLEAN, 250, 41);
        List<EcgFrame> all = frames(d, 120);
        List<EcgFrame> lossy = new ArrayList<>(all);
        lossy.subList(60, 70).clear(); // 5 s lost
        Collector c = run(d, lossy);
        assertThat(c.alarms).as("the loss, and no rhythm alarm from it").extracting(a -> a.type() + "/" + a.state())
                .containsExactly("SIGNAL_LOSS/RAISED", "SIGNAL_LOSS/CLEARED");
        WindowReport last = c.windows.get(c.windows.size() - 1);
        assertThat(last.stream().gaps()).isEqualTo(1);
        assertThat(last.stream().missingSamples()).isEqualTo(1250);
    }

    @Test
    void offlineStatus_reportsTheLastSecondsAndDropsTheBuffers() throws IOException {
        SyntheticDevice d = device("sinus:72@40", NoiseSpec.CLEAN, 250, 61);
        Collector c = new Collector();
        PatientMonitor m = new PatientMonitor(d.deviceId(), MonitorConfig.DEFAULT, ANALYZER);
        for (EcgFrame f : frames(d, 31)) m.onFrame(f, c);
        long reportedBefore = c.windows.get(c.windows.size() - 1).keepToMicros();
        ByteArrayOutputStream streaming = new ByteArrayOutputStream();
        m.writeState(new DataOutputStream(streaming));
        m.onStatus(new org.openholter.wire.DeviceStatus(d.deviceId(), "offline", null, null, null, "icu", "3"), c);
        assertThat(m.streaming()).isFalse();
        assertThat(c.windows.get(c.windows.size() - 1).keepToMicros()).as("reported to the end of the stream")
                .isGreaterThan(reportedBefore).isEqualTo(T0 + 31_000_000L);
        ByteArrayOutputStream idle = new ByteArrayOutputStream();
        m.writeState(new DataOutputStream(idle));
        assertThat(idle.size()).isLessThan(streaming.size() / 10);
        assertThat(c.windows.get(c.windows.size() - 1).ward()).isEqualTo("icu");
    }

    @Test
    void restoreFromSerialisedState_continuesExactly() throws IOException {
        SyntheticDevice d = device("tachy", NoiseSpec.CLEAN, 360, 51);
        List<EcgFrame> frames = frames(d, 120);
        Collector whole = run(d, frames);
        Collector split = new Collector();
        PatientMonitor m = new PatientMonitor(d.deviceId(), MonitorConfig.DEFAULT, ANALYZER);
        for (int i = 0; i < frames.size(); i++) {
            m.onFrame(frames.get(i), split);
            if (i % 37 == 5) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                m.writeState(new DataOutputStream(bytes));
                m = PatientMonitor.readState(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())))
                        .bind(ANALYZER);
            }
        }
        m.finish(split);
        assertThat(split.alarms).isEqualTo(whole.alarms);
        assertThat(split.windows).isEqualTo(whole.windows);
    }

    /**
     * The job keeps a patient in three pieces of state, each serialised on its own, and reads the trackers only when a
     * window needs them: restored piece by piece after every frame (as a heap backend's copy-on-write or RocksDB
     * would), the monitor reports exactly what an uninterrupted one does, and frames that cut no window leave the
     * trackers unread.
     */
    @Test
    void restoreFromSerialisedPieces_continuesExactly_andReadsTheTrackersOnlyForWindows() throws IOException {
        SyntheticDevice d = device("tachy", NoiseSpec.CLEAN, 360, 52);
        List<EcgFrame> frames = frames(d, 90);
        Collector whole = run(d, frames);
        Collector split = new Collector();
        PatientMonitor m = new PatientMonitor(d.deviceId(), MonitorConfig.DEFAULT, ANALYZER);
        byte[][] trackers = {null};
        int[] trackerReads = {0};
        int windowsBefore = 0, framesWithoutWindow = 0, untouched = 0;
        for (EcgFrame f : frames) {
            m.onFrame(f, split);
            boolean window = split.windows.size() > windowsBefore;
            windowsBefore = split.windows.size();
            if (!window) framesWithoutWindow++;
            if (!window && !m.trackersChanged()) untouched++;
            ByteArrayOutputStream streamBytes = new ByteArrayOutputStream(), alarmBytes = new ByteArrayOutputStream();
            m.writeStream(new DataOutputStream(streamBytes));
            m.alarmsPart().write(new DataOutputStream(alarmBytes));
            if (m.trackersChanged()) {
                ByteArrayOutputStream t = new ByteArrayOutputStream();
                m.trackersPart().write(new DataOutputStream(t));
                trackers[0] = t.toByteArray();
            }
            m = PatientMonitor.readStream(new DataInputStream(new ByteArrayInputStream(streamBytes.toByteArray())))
                    .attach(PatientAlarms.read(new DataInputStream(new ByteArrayInputStream(alarmBytes.toByteArray()))), () -> {
                        trackerReads[0]++;
                        try {
                            return trackers[0] == null ? null : PatientTrackers.read(new DataInputStream(new ByteArrayInputStream(trackers[0])));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }).bind(ANALYZER);
        }
        m.finish(split);
        assertThat(split.alarms).isEqualTo(whole.alarms);
        assertThat(split.windows).isEqualTo(whole.windows);
        assertThat(framesWithoutWindow).as("most frames cut no window").isGreaterThan(frames.size() / 2);
        assertThat(untouched).as("frames without a window that left the trackers unread").isGreaterThanOrEqualTo(framesWithoutWindow - 2);
        assertThat(trackerReads[0]).as("trackers read only for windows (and the segment's start)").isLessThan(frames.size() / 2);
    }

    /** HR_HIGH raises of a patient at 110 bpm whose limits come from its ward and from a LIMITS command. */
    static long hrHighRaises(String wardHigh, Double patientHigh) {
        SyntheticDevice d = device("sinus:110@60", NoiseSpec.CLEAN, 250, 21);
        Collector c = new Collector();
        PatientMonitor m = new PatientMonitor(d.deviceId(), MonitorConfig.DEFAULT, ANALYZER)
                .alarmSettings(org.openholter.core.alarms.AlarmBook.Policy.MONITORING,
                        w -> wardHigh == null ? null : org.openholter.wire.AlarmCommand.wardLimits("{\"default\":{\"hr_high\":" + wardHigh + "}}").get(w));
        if (patientHigh != null) {
            assertThat(m.onCommand(new org.openholter.wire.AlarmCommand(org.openholter.wire.AlarmCommand.LIMITS, d.deviceId(), null, "dr-bo", null, null,
                    new org.openholter.wire.AlarmCommand.Limits(patientHigh, null, null, null)), c)).isTrue();
        }
        for (EcgFrame f : frames(d, 60)) m.onFrame(f, c);
        m.finish(c);
        return c.alarms.stream().filter(a -> a.type().equals("HR_HIGH") && a.state().equals(AlarmEvent.RAISED)).count();
    }

    @Test
    void alarmLimits_comeFromThePatientOverTheWardOverTheDefaults() {
        assertThat(hrHighRaises(null, null)).as("default 120 bpm").isZero();
        assertThat(hrHighRaises("100", null)).as("ward 100 bpm").isEqualTo(1);
        assertThat(hrHighRaises("100", 130.0)).as("patient 130 over ward 100").isZero();
        assertThat(hrHighRaises(null, 100.0)).as("patient 100").isEqualTo(1);
    }

    /** Alarm events ({@code TYPE:STATE}) of a synthetic patient with the given channels. */
    static List<String> alarmSteps(String scenario, String... channels) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(scenario), NoiseSpec.CLEAN, 250, channels, 7, false, true);
        SyntheticDevice d = new SyntheticDevice("bed-pulse", s, 0.5, T0, SyntheticDevice.DEFAULT_GAIN, 0);
        return run(d, frames(d, Scenario.parse(scenario).seconds())).alarms.stream().map(a -> a.type() + ":" + a.state()).toList();
    }

    @Test
    void aDeadArterialLineBesideAGoodPpg_thePpgStillVetoes() {
        String[] channels = {"II", "ABP", "PLETH"};
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("artifact"), NoiseSpec.CLEAN, 250, channels, 7, false, true);
        SyntheticDevice d = new SyntheticDevice("bed-pulse", s, 0.5, T0, SyntheticDevice.DEFAULT_GAIN, 0);
        List<EcgFrame> dead = new ArrayList<>();
        for (EcgFrame f : frames(d, Scenario.parse("artifact").seconds())) {
            int[][] x = new int[f.channelCount()][];
            float[] gains = new float[x.length];
            int[] zeros = new int[x.length];
            for (int c = 0; c < x.length; c++) {
                x[c] = f.rawChannel(c).clone();
                gains[c] = f.gain(c);
                zeros[c] = f.zero(c);
            }
            java.util.Arrays.fill(x[1], zeros[1]); // the arterial line reads a constant (clotted, closed or not zeroed)
            dead.add(new EcgFrame(f.deviceId(), f.sequence(), f.firstSampleMicros(), f.sampleRateHz(), f.channelNames(), gains, zeros,
                    f.leadOffMask(), x, f.pacePulses()));
        }
        List<String> steps = run(d, dead).alarms.stream().map(a -> a.type() + ":" + a.state()).toList();
        assertThat(steps).contains("VFIB:VETOED").doesNotContain("VFIB:RAISED", "ASYSTOLE:RAISED", "VTACH:RAISED");
    }

    @Test
    void aPulseGoingOnVetoesTheFalseVfOfAMotionArtefact_andATrueArrestIsStillRaised() {
        assertThat(alarmSteps("artifact", "II")).as("ECG alone: the artefact looks like VF").contains("VFIB:RAISED");
        List<String> withPulse = alarmSteps("artifact", "II", "PLETH");
        assertThat(withPulse).contains("VFIB:VETOED").doesNotContain("VFIB:RAISED", "ASYSTOLE:RAISED", "VTACH:RAISED");
        assertThat(alarmSteps("sinus:75@50,vf@12,sinus:75@40", "II", "ABP")).as("VF ejects nothing").contains("VFIB:RAISED")
                .doesNotContain("VFIB:VETOED");
        assertThat(alarmSteps("asystole", "II", "PLETH")).contains("ASYSTOLE:RAISED").doesNotContain("ASYSTOLE:VETOED");
    }

    /**
     * A monitor read from a stored state goes on with the device that wrote it: the same script and seed, frames
     * {@code fromS} to {@code toS} (1-s frames from the fixtures' start time); its windows continue where the state
     * left off.
     */
    static Collector goOn(PatientMonitor m, String script, String[] channels, long seed, int fromS, int toS) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(script), NoiseSpec.CLEAN, 250, channels, seed, false, false);
        SyntheticDevice d = new SyntheticDevice(m.deviceId(), s, 1.0, 1_700_000_000_000_000L, SyntheticDevice.DEFAULT_GAIN, 0);
        for (int i = 0; i < fromS; i++) d.nextFrame();
        Collector c = new Collector();
        for (int i = fromS; i < toS; i++) m.onFrame(d.nextFrame(), c);
        assertThat(c.windows).isNotEmpty();
        assertThat(c.windows.get(0).keepFromMicros()).as("windows continue where the old state left off")
                .isLessThan(1_700_000_000_000_000L + fromS * 1_000_000L);
        return c;
    }

    /**
     * A patient's state as the previous release (patient state 8) wrote it mid-VT: 40 s of sinus then 15 s into a VT at
     * 170 bpm, leads II and V and a PLETH channel, device "bed-v8" (made by playing that script through the release's
     * PatientMonitor and writing its state; kept as a test resource). This build reads it and goes on.
     */
    @Test
    void aStateOfThePreviousReleaseIsReadAndMonitoringGoesOn() throws Exception {
        byte[] v8;
        try (var in = PatientMonitorTest.class.getResourceAsStream("/state/patient-v8.bin")) {
            v8 = in.readAllBytes();
        }
        assertThat(java.nio.ByteBuffer.wrap(v8).getInt()).as("the resource is a state 8").isEqualTo(8);
        PatientMonitor m = PatientMonitor.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(v8))).bind(ANALYZER);
        assertThat(m.deviceId()).isEqualTo("bed-v8");
        assertThat(m.streaming()).isTrue();
        assertThat(m.openAlarms().values()).extracting(AlarmEvent::type).contains("VTACH");
        // The device goes on: the same script from 55 s (same seed), sinus again after the VT.
        Collector c = goOn(m, "sinus:72@40,vt:170@12,sinus:72@30", new String[] {"II", "V", "PLETH"}, 7, 55, 82);
        assertThat(c.alarms).anyMatch(a -> a.type().equals("VTACH") && a.state().equals(AlarmEvent.CLEARED));
        // And is written in the current layout, which reads back.
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        m.writeState(new java.io.DataOutputStream(b));
        assertThat(java.nio.ByteBuffer.wrap(b.toByteArray()).getInt()).isEqualTo(PatientMonitor.STATE_VERSION);
        assertThat(PatientMonitor.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(b.toByteArray()))).deviceId()).isEqualTo("bed-v8");
    }

    /**
     * A patient's state as the previous release wrote it with the layered analyzer and its beat layer (patient state
     * 10, layered analyzer state 3, without the patient's dominant beat over every lead): 60 s of sinus with
     * ventricular ectopy, leads II and V, device "bed-layered" (made with the release 1169729: a PatientMonitor with
     * {@code LayeredAnalyzer.withBundledModels(true)} fed 60 1-s frames of {@code SyntheticDevice} playing that script,
     * seed 11, then {@code writeState}; kept as a test resource). This build reads it, goes on classifying beats, and
     * writes the analyzer's state 4, which reads back.
     */
    @Test
    void aLayeredAnalyzerStateOfThePreviousReleaseIsReadAndBeatsAreStillClassified() throws Exception {
        byte[] v10;
        try (var in = PatientMonitorTest.class.getResourceAsStream("/state/patient-v10-layered.bin")) {
            v10 = in.readAllBytes();
        }
        try (var layered = org.openholter.core.analysis.LayeredAnalyzer.withBundledModels(true)) {
            PatientMonitor m = PatientMonitor.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(v10))).bind(layered);
            assertThat(m.deviceId()).isEqualTo("bed-layered");
            Collector c = goOn(m, "sinus:72@30,pvc:72@60", new String[] {"II", "V"}, 11, 60, 90);
            assertThat(c.windows.stream().flatMap(w -> w.beats().stream())).as("beats still classified")
                    .anyMatch(b -> b.label() == 'V').anyMatch(b -> b.label() == 'N');
            java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
            m.writeState(new java.io.DataOutputStream(b));
            PatientMonitor again = PatientMonitor.readState(new java.io.DataInputStream(new java.io.ByteArrayInputStream(b.toByteArray()))).bind(layered);
            assertThat(again.deviceId()).isEqualTo("bed-layered");
        }
    }
}
