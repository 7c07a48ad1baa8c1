package org.openholter.job;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.job.flink.AlarmSettings;
import org.openholter.job.flink.PatientMonitorFunction;
import org.openholter.job.ingest.DeviceRecord;
import org.openholter.job.sinks.KeyedJson;
import org.openholter.job.sinks.InfluxLine;
import org.openholter.wire.AlarmCommand;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.BinaryFrameCodec;
import org.openholter.wire.DeviceStatus;
import org.openholter.wire.EcgFrame;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PatientMonitorFunctionTest {
    static final long T0 = 1_732_252_800_000_000L;

    static KeyedBroadcastOperatorTestHarness<String, DeviceRecord, DeviceRecord, InfluxLine> harness() throws Exception {
        return harness(AlarmSettings.DEFAULT);
    }

    static KeyedBroadcastOperatorTestHarness<String, DeviceRecord, DeviceRecord, InfluxLine> harness(AlarmSettings settings) throws Exception {
        var fn = new PatientMonitorFunction(MonitorConfig.DEFAULT, ClassicAnalyzer::new, Duration.ofHours(1), settings);
        return new KeyedBroadcastOperatorTestHarness<>(new CoBroadcastWithKeyedOperator<>(fn, List.of(PatientMonitorFunction.WARD_LIMITS)),
                r -> r.deviceId, Types.STRING, 128, 1, 0);
    }

    static List<DeviceRecord> records(String device, String scenario, double seconds) {
        var synth = new EcgSynthesizer(Scenario.parse(scenario), NoiseSpec.CLEAN, 250, new String[] {"II"}, 9, false, false);
        var dev = new SyntheticDevice(device, synth, 0.5, T0, SyntheticDevice.DEFAULT_GAIN, 0);
        List<DeviceRecord> out = new ArrayList<>();
        while ((dev.nextFrameMicros() - T0) / 1e6 < seconds) {
            EcgFrame f = dev.nextFrame();
            out.add(new DeviceRecord(device, DeviceRecord.FRAME, f.firstSampleMillis(), BinaryFrameCodec.encode(f)));
        }
        return out;
    }

    static List<AlarmEvent> alarms(KeyedBroadcastOperatorTestHarness<String, DeviceRecord, DeviceRecord, InfluxLine> h) {
        List<AlarmEvent> out = new ArrayList<>();
        var q = h.getSideOutput(PatientMonitorFunction.ALARMS);
        if (q != null) for (StreamRecord<KeyedJson> r : q) out.add(AlarmEvent.fromJson(r.getValue().json));
        return out;
    }

    @Test
    void recordTypes_areFlinkPojos() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeviceRecord.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(InfluxLine.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(KeyedJson.class);
    }

    @Test
    void asystole_raisesOnce_andRestoreFromSnapshotRepeatsNothing() throws Exception {
        List<DeviceRecord> recs = records("bed-9", "asystole", 100);
        List<AlarmEvent> raised = new ArrayList<>();
        var h = harness();
        h.open();
        int half = 130; // 65 s: mid-episode restore is the hard case
        for (int i = 0; i < half; i++) h.processElement(recs.get(i), recs.get(i).eventTimeMillis);
        OperatorSubtaskState snap = h.snapshot(1, 1);
        raised.addAll(alarms(h));
        h.close();

        var restored = harness();
        restored.initializeState(snap);
        restored.open();
        for (int i = half; i < recs.size(); i++) restored.processElement(recs.get(i), recs.get(i).eventTimeMillis);
        raised.addAll(alarms(restored));
        restored.close();

        // The asystole, and the pause it is (reported when beats resume), each raised and cleared once across the restore.
        assertThat(raised.stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).map(AlarmEvent::type).toList())
                .containsExactlyInAnyOrder("ASYSTOLE", "PAUSE");
        assertThat(raised.stream().filter(a -> a.state().equals(AlarmEvent.CLEARED))).hasSize(2);
    }

    @Test
    void garbageAndForeignFrames_areCountedNotFatal_andStatusIsWritten() throws Exception {
        var h = harness();
        h.open();
        List<DeviceRecord> recs = records("bed-1", "normal", 30);
        h.processElement(new DeviceRecord("bed-1", DeviceRecord.FRAME, 1, new byte[] {1, 2, 3}), 1);
        DeviceRecord foreign = records("bed-2", "normal", 1).get(0);
        h.processElement(new DeviceRecord("bed-1", DeviceRecord.FRAME, foreign.eventTimeMillis, foreign.payload), foreign.eventTimeMillis);
        h.processElement(new DeviceRecord("bed-1", DeviceRecord.STATUS, T0 / 1000, "{oops".getBytes()), T0 / 1000);
        h.processElement(new DeviceRecord("bed-1", DeviceRecord.STATUS, T0 / 1000,
                new DeviceStatus("bed-1", "online", T0 / 1000, 77.0, List.of(), "icu-2", "4").toJson()), T0 / 1000);
        for (DeviceRecord r : recs) h.processElement(r, r.eventTimeMillis);
        List<String> lines = h.extractOutputValues().stream().map(l -> l.text).toList();
        assertThat(lines).anyMatch(l -> l.startsWith("device_status,bed=4,device=bed-1,ward=icu-2 online=1i"));
        assertThat(lines).anyMatch(l -> l.startsWith("heart_rate,bed=4,device=bed-1,ward=icu-2 bpm=7"));
        assertThat(lines.stream().filter(l -> l.startsWith("beat,"))).hasSizeGreaterThan(25);
        assertThat(alarms(h)).isEmpty();
        h.close();
    }

    static DeviceRecord wardLimits(String ward, double hrHigh, long atMillis) {
        return new DeviceRecord(AlarmCommand.wardKey(ward), DeviceRecord.WARD_COMMAND, atMillis,
                AlarmCommand.wardLimits(ward, "dr-lee", new AlarmCommand.Limits(hrHigh, null, null, null)).withTime(atMillis).toJson());
    }

    static DeviceRecord status(String device, String ward) {
        return new DeviceRecord(device, DeviceRecord.STATUS, T0 / 1000,
                new DeviceStatus(device, "online", T0 / 1000, 90.0, List.of(), ward, "1").toJson());
    }

    /** HR_HIGH raises of a 100-bpm patient of ward icu-2 given the ward's limits so far and those set while it plays. */
    static long hrHighRaises(AlarmSettings settings, Double setAtRunTime) throws Exception {
        var h = harness(settings);
        h.open();
        if (setAtRunTime != null) h.processBroadcastElement(wardLimits("icu-2", setAtRunTime, T0 / 1000), T0 / 1000);
        h.processElement(status("bed-3", "icu-2"), T0 / 1000);
        for (DeviceRecord r : records("bed-3", "sinus:100@60", 60)) h.processElement(r, r.eventTimeMillis);
        long n = alarms(h).stream().filter(a -> a.type().equals("HR_HIGH") && a.state().equals(AlarmEvent.RAISED)).count();
        if (setAtRunTime != null) {
            assertThat(h.extractOutputValues().stream().map(l -> l.text))
                    .as("the ward command's audit point").anyMatch(l -> l.startsWith("alarm_command,accepted=true,action=LIMITS,ward=icu-2 by=\"dr-lee\""));
        }
        h.close();
        return n;
    }

    @Test
    void wardLimitsSetAtRunTime_applyToTheWardsPatients_overTheStartUpFile() throws Exception {
        assertThat(hrHighRaises(AlarmSettings.DEFAULT, null)).as("default limit 120 bpm").isZero();
        assertThat(hrHighRaises(AlarmSettings.DEFAULT, 90.0)).as("ward icu-2 lowered to 90 bpm at run time").isEqualTo(1);
        AlarmSettings file = new AlarmSettings(AlarmSettings.DEFAULT.policy(), "{\"icu-2\": {\"hr_high\": 90}}");
        assertThat(hrHighRaises(file, null)).as("ward file: 90 bpm").isEqualTo(1);
        assertThat(hrHighRaises(file, 130.0)).as("raised back to 130 at run time, over the file").isZero();
    }

    @Test
    void aWardLimitsCommandSurvivesARestoreFromSnapshot() throws Exception {
        var h = harness();
        h.open();
        h.processBroadcastElement(wardLimits("icu-2", 90, T0 / 1000), T0 / 1000);
        OperatorSubtaskState snap = h.snapshot(1, 1);
        h.close();
        var restored = harness();
        restored.initializeState(snap);
        restored.open();
        assertThat(restored.getBroadcastState(PatientMonitorFunction.WARD_LIMITS).get("icu-2")).contains("\"hr_high\":90");
        restored.close();
    }

    static DeviceRecord command(AlarmCommand c, long atMillis) {
        return new DeviceRecord(c.deviceId(), DeviceRecord.COMMAND, atMillis, c.withTime(atMillis).toJson());
    }

    /**
     * An asystole of a patient of ward icu-2: an ACK the gateway refused, and one from a nurse of another ward, are
     * audited as refused and leave the alarm open; the same nurse's ACK for her own ward's patient acknowledges it.
     */
    @Test
    void refusedAndOutOfWardCommands_areAuditedAndChangeNothing() throws Exception {
        var h = harness();
        h.open();
        h.setProcessingTime(T0 / 1000); // the device's clock and the job's agree (a jump of 55 years would drop the device as idle)
        h.processElement(status("bed-4", "icu-2"), T0 / 1000);
        List<DeviceRecord> recs = records("bed-4", "asystole", 100);
        play(h, recs);
        AlarmEvent raised = alarms(h).stream().filter(a -> a.type().equals("ASYSTOLE") && a.state().equals(AlarmEvent.RAISED)).findFirst().orElseThrow();
        long t = recs.get(recs.size() - 1).eventTimeMillis;
        AlarmCommand ack = new AlarmCommand(AlarmCommand.ACK, "bed-4", raised.id(), "x", null, null, null);
        h.processElement(command(ack.authenticated("sim-009", null, null).refusedFor("FORBIDDEN: sim-009 is not in the clinician directory"), t), t);
        h.processElement(command(ack.authenticated("nurse-bea", "nurse", List.of("icu-3")), t + 1), t + 1);
        assertThat(steps(alarms(h), "ASYSTOLE")).doesNotContain(AlarmEvent.ACKNOWLEDGED);
        h.processElement(command(ack.authenticated("nurse-ann", "nurse", List.of("icu-2")), t + 2), t + 2);
        assertThat(alarms(h).stream().filter(a -> a.state().equals(AlarmEvent.ACKNOWLEDGED)).map(AlarmEvent::by).toList()).containsExactly("nurse-ann");
        List<String> audit = h.extractOutputValues().stream().map(l -> l.text).filter(l -> l.startsWith("alarm_command,")).toList();
        assertThat(audit).hasSize(3);
        assertThat(audit.get(0)).startsWith("alarm_command,accepted=false,action=ACK,device=bed-4,ward=icu-2 by=\"sim-009\"")
                .contains("refused: FORBIDDEN: sim-009 is not in the clinician directory");
        assertThat(audit.get(1)).startsWith("alarm_command,accepted=false,action=ACK,device=bed-4,ward=icu-2 by=\"nurse-bea\"")
                .contains("may not command patients of ward icu-2").contains("role=\"nurse\"");
        assertThat(audit.get(2)).startsWith("alarm_command,accepted=true,action=ACK,device=bed-4,ward=icu-2 by=\"nurse-ann\"");
        h.close();
    }

    /** Plays frames as they would arrive: the harness's processing time follows the device clock. */
    static void play(KeyedBroadcastOperatorTestHarness<String, DeviceRecord, DeviceRecord, InfluxLine> h, List<DeviceRecord> recs) throws Exception {
        for (DeviceRecord r : recs) {
            h.setProcessingTime(r.eventTimeMillis + 500); // a 0.5-s frame is sent once full
            h.processElement(r, r.eventTimeMillis);
        }
    }

    /** A started harness that has played {@code recs} as they would arrive. */
    static KeyedBroadcastOperatorTestHarness<String, DeviceRecord, DeviceRecord, InfluxLine> played(List<DeviceRecord> recs) throws Exception {
        var h = harness();
        h.open();
        play(h, recs);
        return h;
    }

    static List<String> steps(List<AlarmEvent> alarms, String type) {
        return alarms.stream().filter(a -> a.type().equals(type)).map(AlarmEvent::state).toList();
    }

    /**
     * A device that stops sending, with no offline status and no last will: SIGNAL_LOSS within 10 s of its last
     * sample from the device's timer alone, raised once; frames that come back clear it.
     */
    @Test
    void aSilentDevice_raisesSignalLossWithinTenSeconds_andItsFramesClearIt() throws Exception {
        List<DeviceRecord> recs = records("bed-5", "normal", 90);
        var h = played(recs.subList(0, 60)); // 30 s
        long lastSample = recs.get(60).eventTimeMillis; // the next frame's first sample: the end of the last one
        assertThat(steps(alarms(h), "SIGNAL_LOSS")).isEmpty();
        h.setProcessingTime(lastSample + 9_000);
        assertThat(steps(alarms(h), "SIGNAL_LOSS")).as("9 s").isEmpty();
        h.setProcessingTime(lastSample + 10_600);
        assertThat(steps(alarms(h), "SIGNAL_LOSS")).as("10.6 s after the last sample").containsExactly(AlarmEvent.RAISED);
        AlarmEvent raised = alarms(h).stream().filter(a -> a.type().equals("SIGNAL_LOSS")).findFirst().orElseThrow();
        assertThat(raised.onsetMillis()).isEqualTo(lastSample);
        h.setProcessingTime(lastSample + 31_000);
        assertThat(steps(alarms(h), "SIGNAL_LOSS")).as("raised once, however long the silence").containsExactly(AlarmEvent.RAISED);
        play(h, recs.subList(120, 180)); // back after 30 s of silence
        assertThat(steps(alarms(h), "SIGNAL_LOSS")).containsExactly(AlarmEvent.RAISED, AlarmEvent.CLEARED);
        h.close();
    }

    /**
     * The job down for 40 s and restored from its checkpoint: its timers come due at once, but the devices kept sending
     * (the frames wait in Kafka), so none is taken for silent while the backlog is read.
     */
    @Test
    void aRestoredJobReadingItsBacklog_takesNoDeviceForSilent() throws Exception {
        List<DeviceRecord> recs = records("bed-8", "normal", 120);
        var h = played(recs.subList(0, 60));
        OperatorSubtaskState snap = h.snapshot(1, 1);
        h.close();
        var restored = harness();
        restored.initializeState(snap);
        restored.open();
        long back = recs.get(60).eventTimeMillis + 40_000;
        restored.setProcessingTime(back); // the restored timers fire before any record is read
        for (int i = 60; i < 140; i++) { // the backlog, read 10 frames per second
            restored.setProcessingTime(Math.max(back + (i - 60) * 100L, recs.get(i).eventTimeMillis + 500));
            restored.processElement(recs.get(i), recs.get(i).eventTimeMillis);
        }
        play(restored, recs.subList(140, 200));
        assertThat(steps(alarms(restored), "SIGNAL_LOSS")).isEmpty();
        // Then a real silence still alarms.
        restored.setProcessingTime(recs.get(200).eventTimeMillis + 10_600);
        assertThat(steps(alarms(restored), "SIGNAL_LOSS")).containsExactly(AlarmEvent.RAISED);
        restored.close();
    }

    @Test
    void aDeviceThatEndedMonitoring_raisesNothingWhenSilent() throws Exception {
        List<DeviceRecord> recs = records("bed-6", "normal", 20);
        var h = played(recs);
        long end = recs.get(recs.size() - 1).eventTimeMillis + 500;
        h.processElement(new DeviceRecord("bed-6", DeviceRecord.STATUS, end, new DeviceStatus("bed-6", DeviceStatus.ENDED, end, 80.0, List.of(), null, null).toJson()), end);
        h.setProcessingTime(end + 60_000);
        assertThat(steps(alarms(h), "SIGNAL_LOSS")).isEmpty();
        h.close();
    }

    /** Every keyed state of the patient operator: the patient's pieces, the whole patient of 0.1.0, the clock. */
    static final String[] STATES = {"patient-stream", "patient-alarms", "patient-trackers", "patient", "clock"};

    /** Devices holding keyed state (any piece of the patient, or the clock). */
    static long devicesWithState(KeyedBroadcastOperatorTestHarness<String, DeviceRecord, DeviceRecord, InfluxLine> h) throws Exception {
        return devicesWith(h, STATES);
    }

    /** Devices holding any of the named keyed states. */
    static long devicesWith(KeyedBroadcastOperatorTestHarness<String, DeviceRecord, DeviceRecord, InfluxLine> h, String... names) throws Exception {
        var backend = h.getOperator().getKeyedStateBackend();
        java.util.Set<Object> keys = new java.util.HashSet<>();
        for (String name : names) {
            try (var k = backend.getKeys(name, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) { k.forEach(keys::add); }
        }
        return keys.size();
    }

    /** A device gone for the idle time leaves no state and no timer behind. */
    @Test
    void aDeviceThatLeft_isDropped_withItsStateAndTimers() throws Exception {
        List<DeviceRecord> recs = records("bed-7", "normal", 20);
        var h = played(recs);
        assertThat(devicesWithState(h)).isPositive();
        assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        long last = recs.get(recs.size() - 1).eventTimeMillis + 500;
        h.setProcessingTime(last + Duration.ofMinutes(59).toMillis());
        assertThat(devicesWithState(h)).as("not yet idle for the hour").isPositive();
        h.setProcessingTime(last + Duration.ofHours(1).toMillis() + 1);
        assertThat(devicesWithState(h)).isZero();
        assertThat(h.numProcessingTimeTimers()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }
}
