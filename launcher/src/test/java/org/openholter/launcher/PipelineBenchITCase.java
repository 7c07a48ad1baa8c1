package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.wire.Json;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench pipeline --patients N}: the whole path at a small fixed load, its cost part by part and the job's stages. */
class PipelineBenchITCase {
    @Test
    void fixedLoad_reportsTheCostOfEveryPart_andTheJobsStages(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("p.json"), report = dir.resolve("p.md");
        assertThat(PipelineBench.run(new String[] {"--patients", "20", "--warmup-s", "8", "--measure-s", "12", "--dir", dir.resolve("bench").toString(),
                "--json", json.toString(), "--report", report.toString(), "--p99-limit-s", "30"})).isZero();
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        JsonNode cost = j.get("cpu_ms_per_patient_second");
        for (String part : new String[] {"simulator", "mosquitto", "gateway", "kafka", "job", "influxdb"}) {
            assertThat(cost.get(part).asDouble()).as(part).isGreaterThan(0);
        }
        double total = cost.get("total_without_simulator").asDouble();
        assertThat(total).isCloseTo(cost.get("mosquitto").asDouble() + cost.get("gateway").asDouble() + cost.get("kafka").asDouble()
                + cost.get("job").asDouble() + cost.get("influxdb").asDouble(), org.assertj.core.api.Assertions.within(1e-9));
        assertThat(j.get("patients_by_cost").asLong()).isEqualTo((long) Math.floor(j.get("cores").asInt() * 1000.0 / total));
        JsonNode stages = j.get("job_cpu_ms_per_patient_second_by_stage");
        assertThat(stages.get("samples").asDouble()).isGreaterThan(0);
        assertThat(stages.get("fast path").asDouble() + stages.get("window analysis").asDouble()).as("the analysis shows in the profile").isGreaterThan(0);
        assertThat(Files.exists(Path.of(j.get("job_profile").asText()))).isTrue();
        assertThat(Files.readString(report)).contains("patients on", "| job |", "| fast path |");
        JsonNode chk = j.get("checkpoints");
        assertThat(chk.get("completed").asDouble()).as("checkpoints read from Flink's REST API").isGreaterThan(0);
        assertThat(chk.get("state_bytes_per_patient").asDouble()).as("a streaming patient's state: kilobytes").isBetween(2_000.0, 200_000.0);
    }

    /** {@code --cluster}: the job jar on a standalone cluster of two TaskManagers; its CPU read from those processes. */
    @Test
    void cluster_measuresTheJobInItsOwnProcesses(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("c.json");
        Path root = Path.of(System.getProperty("openholter.root", "..")).toAbsolutePath().normalize();
        assertThat(PipelineBench.run(new String[] {"--cluster", "--parallelism", "2", "--patients", "10", "--warmup-s", "8", "--measure-s", "10",
                "--dir", dir.resolve("bench").toString(), "--json", json.toString(), "--report", "", "--p99-limit-s", "30",
                "--job-jar", PipelineBench.jobJar(root).toString()})).isZero();
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        assertThat(j.get("job_site").asText()).isEqualTo("cluster");
        assertThat(j.get("task_managers").asInt()).isEqualTo(2);
        assertThat(j.get("cpu_ms_per_patient_second").get("job").asDouble()).as("the JobManager's and TaskManagers' CPU").isGreaterThan(0);
        assertThat(j.has("job_cpu_ms_per_patient_second_by_stage")).as("no in-process profile of another JVM").isFalse();
        assertThat(j.get("steps").get(0).get("windows").asLong()).as("the cluster's job reported windows").isGreaterThan(0);
    }
}
