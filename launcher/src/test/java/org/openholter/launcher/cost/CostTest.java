package org.openholter.launcher.cost;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class CostTest {
    @Test
    void aStackBelongsToTheStageOfItsInnermostNamedFrame() {
        String root = "org.apache.flink.streaming.runtime.tasks.StreamTask.processInput";
        String monitor = "org.openholter.job.flink.PatientMonitorFunction.processElement";
        assertThat(StageProfile.stageOf(List.of("org.openholter.core.beats.QrsDetector.detect", "org.openholter.core.alarms.FastAlarms.check",
                "org.openholter.core.monitor.PatientMonitor.onFrame", monitor, root))).isEqualTo("fast path");
        assertThat(StageProfile.stageOf(List.of("org.openholter.core.beats.QrsDetector.detect", "org.openholter.core.monitor.PatientMonitor.onWindow",
                monitor, root))).isEqualTo("window analysis");
        assertThat(StageProfile.stageOf(List.of("java.util.HashMap.put", "org.openholter.core.sinks.InfluxPoints.window",
                "org.openholter.core.monitor.PatientMonitor.onWindow", monitor, root))).as("a point built while a window is reported").isEqualTo("sinks");
        assertThat(StageProfile.stageOf(List.of("java.io.DataOutputStream.writeDouble", "org.openholter.core.alarms.RhythmAlarms.writeState",
                "org.openholter.job.flink.PieceSerializer.serialize", root))).isEqualTo("state and checkpoints");
        assertThat(StageProfile.stageOf(List.of("java.io.DataOutputStream.writeFloat", "org.openholter.core.alarms.FastAlarms.writeBuffers",
                "org.openholter.core.alarms.FastAlarms.writeState", "org.openholter.job.flink.PieceSerializer.serialize", root)))
                .as("the fast path's buffers written into a checkpoint").isEqualTo("state and checkpoints");
        assertThat(StageProfile.stageOf(List.of("org.openholter.core.beats.QrsDetector.detect", monitor, root))).as("ours, no stage named")
                .isEqualTo("other job code");
        assertThat(StageProfile.stageOf(List.of("java.lang.Thread.run"))).isEqualTo("other (JDK, libraries)");
    }

    @Test
    void perPatientSecond_sharesTheJvmsOwnTimeInProportion_andLeavesTheSimulatorAndBenchOut() {
        Map<String, Long> before = Map.of("simulator", 0L, "gateway", 0L, "job", 0L, "kafka", 0L, "bench", 0L, "shared", 0L);
        // 10 patients for 10 s = 100 patient-seconds; ms as ns * 1e6.
        Map<String, Long> after = Map.of("simulator", 100_000_000L, "gateway", 100_000_000L, "job", 200_000_000L, "kafka", 300_000_000L,
                "bench", 50_000_000L, "shared", 400_000_000L);
        Map<String, Double> c = CpuMeter.perPatientSecond(new java.util.LinkedHashMap<>(before), after, 100, Set.of("simulator", "gateway", "job"));
        // Shared 400 ms over simulator : gateway : job = 1 : 1 : 2.
        assertThat(c.get("simulator")).isCloseTo(2.0, within(1e-9));
        assertThat(c.get("gateway")).isCloseTo(2.0, within(1e-9));
        assertThat(c.get("job")).isCloseTo(4.0, within(1e-9));
        assertThat(c.get("kafka")).isCloseTo(3.0, within(1e-9));
        assertThat(c.get("bench")).isCloseTo(0.5, within(1e-9));
        assertThat(c.get("total_without_simulator")).isCloseTo(9.0, within(1e-9));
    }

    @Test
    void readsThisJvmsThreadsByPart() throws Exception {
        Assumptions.assumeTrue(CpuMeter.supported(), "needs /proc (Linux)");
        CpuMeter m = new CpuMeter(Map.of("kafka", ProcessHandle.current().pid()), t -> t.equals("busy-job") ? "job" : "simulator");
        Map<String, Long> a = m.read();
        Thread t = new Thread(() -> { long end = System.nanoTime() + 300_000_000L; double x = 0; while (System.nanoTime() < end) x += Math.sqrt(x + 1); }, "busy-job");
        t.start();
        t.join();
        Map<String, Long> b = m.read();
        // The busy thread has ended, so its time moves from "job" to the JVM's shared time; the process as a whole
        // (read here as "kafka", this JVM's pid) saw it.
        assertThat(b.get("kafka") - a.get("kafka")).isGreaterThan(200_000_000L);
        assertThat(b.get("shared") - a.get("shared")).isGreaterThan(200_000_000L);
    }
}
