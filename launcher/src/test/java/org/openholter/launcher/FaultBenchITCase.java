package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.wire.Json;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault suite in a short form: a small ward streaming through the secure stack while the gateway, the Kafka broker,
 * the Flink TaskManager, InfluxDB and Mosquitto are each killed with {@code kill -9} and restarted. No alarm may be lost
 * or raised twice, each component recovers within 30 s, and no frame or heart-rate window is lost — except, for a
 * Mosquitto crash, a frame per patient at most: the devices keep each frame until the gateway's receipt says Kafka has
 * it, which saves what the broker had taken but neither delivered nor saved (before receipts: 28 and 69 frames of 12
 * patients in two runs), but a rare frame is still let go around the reconnection at 100 patients
 * (docs/benchmarks/faults.md).
 */
class FaultBenchITCase {
    @Test
    void everyComponentKilledUnderLoad_losesNoAlarm_andRecoversWithin30s(@TempDir Path dir) throws Exception {
        int patients = 12;
        Path json = dir.resolve("faults.json");
        Path root = Path.of(System.getProperty("openholter.root", "..")).toAbsolutePath().normalize();
        assertThat(FaultBench.run(new String[] {"--patients", String.valueOf(patients), "--alarm-patients", "1", "--warmup-s", "25",
                "--period-s", "35", "--down-s", "4", "--dir", dir.resolve("run").toString(), "--json", json.toString(),
                "--job-jar", PipelineBench.jobJar(root).toString()})).isZero();
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        String all = j.toPrettyString();
        assertThat(j.get("per_fault").size()).isEqualTo(5);
        assertThat(j.get("frames_sent").asLong()).isGreaterThan(patients * 2 * 150);
        assertThat(j.get("alarms_expected").asLong()).isEqualTo(5);
        assertThat(j.get("alarms_lost").asLong()).as("alarms lost\n%s", all).isZero();
        assertThat(j.get("alarms_duplicated").asLong()).as("alarms raised twice\n%s", all).isZero();
        assertThat(j.get("frames_duplicated").asLong()).as("frames analysed twice").isZero();
        assertThat(j.get("recovery_s_max").asDouble()).as("slowest recovery (s)\n%s", all).isLessThanOrEqualTo(30.0);
        for (String fault : List.of("gateway", "kafka", "taskmanager", "influxdb")) {
            JsonNode f = j.get("per_fault").get(fault);
            assertThat(f.get("frames_lost").asLong()).as("%s: frames lost\n%s", fault, all).isZero();
            assertThat(f.get("heart_rate_windows_missing").asLong()).as("%s: heart-rate windows missing", fault).isZero();
        }
        JsonNode m = j.get("per_fault").get("mosquitto");
        assertThat(m.get("frames_lost").asLong()).as("mosquitto: a frame per patient at most\n%s", all).isLessThanOrEqualTo(patients);
        assertThat(m.get("heart_rate_windows_missing").asLong()).as("mosquitto: heart-rate windows missing").isLessThanOrEqualTo(patients);
    }
}
