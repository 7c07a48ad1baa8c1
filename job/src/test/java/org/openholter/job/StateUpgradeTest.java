package org.openholter.job;

import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.openholter.job.ingest.DeviceRecord;
import org.openholter.wire.AlarmEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job's state is a file format: a snapshot of the patient operator written by an earlier build (kept under
 * {@code src/test/resources/savepoints}, one per state format: 0.1.0's whole patient in one value, and the patient in
 * three pieces since) must restore into this one and carry on without a lost or repeated alarm. The scenario is deterministic (seeded synthesizer): an asystole patient cut
 * mid-episode, 65 s in, the hard case; the alarms the earlier build raised before the cut are kept beside the snapshot.
 *
 * <p>To add the current build's snapshot when a change of the state format is released:
 * {@code mvn -pl job test -Dtest=StateUpgradeTest -Dgolden.write=<release>} (then commit the two files).
 */
class StateUpgradeTest {
    static final Path DIR = Path.of("src/test/resources/savepoints");
    static final int CUT = 130; // 0.5-s frames: 65 s

    static List<DeviceRecord> scenario() { return PatientMonitorFunctionTest.records("bed-9", "asystole", 100); }

    @Test
    void writeGolden_whenAsked() throws Exception {
        String release = System.getProperty("golden.write");
        if (release == null || release.isBlank()) return; // only on request (see the class comment)
        List<DeviceRecord> recs = scenario();
        var h = PatientMonitorFunctionTest.played(recs.subList(0, CUT));
        OperatorSubtaskState snap = h.snapshot(1, 1);
        Files.createDirectories(DIR);
        OperatorSnapshotUtil.writeStateHandle(snap, DIR.resolve("patient-" + release + ".snapshot").toString());
        List<String> before = PatientMonitorFunctionTest.alarms(h).stream().map(a -> new String(a.toJson())).toList();
        Files.write(DIR.resolve("patient-" + release + ".alarms.jsonl"), before);
        h.close();
    }

    @Test
    void everyKeptSnapshot_restoresAndContinues_withoutALostOrRepeatedAlarm() throws Exception {
        List<Path> snapshots;
        try (var s = Files.list(DIR)) { snapshots = s.filter(p -> p.toString().endsWith(".snapshot")).sorted().toList(); }
        assertThat(snapshots).as("at least one kept snapshot").isNotEmpty();
        List<DeviceRecord> recs = scenario();
        for (Path snap : snapshots) {
            List<AlarmEvent> raised = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(snap.toString().replace(".snapshot", ".alarms.jsonl")))) {
                if (!line.isBlank()) raised.add(AlarmEvent.fromJson(line.getBytes()));
            }
            var restored = PatientMonitorFunctionTest.harness();
            restored.initializeState(OperatorSnapshotUtil.readStateHandle(snap.toString()));
            restored.open();
            PatientMonitorFunctionTest.play(restored, recs.subList(CUT, recs.size()));
            raised.addAll(PatientMonitorFunctionTest.alarms(restored));
            assertThat(PatientMonitorFunctionTest.devicesWith(restored, "patient-stream", "patient-alarms", "patient-trackers"))
                    .as(snap.getFileName() + ": the patient is kept in its pieces now").isEqualTo(1);
            assertThat(PatientMonitorFunctionTest.devicesWith(restored, "patient")).as(snap.getFileName() + ": nothing left in the old whole-patient state").isZero();
            restored.close();
            assertThat(raised.stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).map(AlarmEvent::type).toList())
                    .as(snap.getFileName() + ": raised once each across the upgrade").containsExactlyInAnyOrder("ASYSTOLE", "PAUSE");
            assertThat(raised.stream().filter(a -> a.state().equals(AlarmEvent.CLEARED)).map(AlarmEvent::type).toList())
                    .as(snap.getFileName() + ": cleared once each").containsExactlyInAnyOrder("ASYSTOLE", "PAUSE");
        }
    }
}
