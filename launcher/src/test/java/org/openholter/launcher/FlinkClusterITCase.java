package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.launcher.services.FlinkCluster;
import org.openholter.launcher.services.InfluxServer;
import org.openholter.simulator.Fleet;
import org.openholter.simulator.FleetConfig;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shaded job jar on a standalone Flink cluster (JobManager and TaskManager in their own JVMs,
 * Flink alone on their classpath), submitted with Flink's command-line front end, against the real
 * brokers and the gateway: the deployment the README describes, on one machine.
 */
class FlinkClusterITCase {
    static final Path ROOT = Path.of(System.getProperty("openholter.root", ".."));
    @Test
    void shadedJobJar_runsOnAStandaloneCluster(@TempDir Path dir) throws Exception {
        Path jar;
        try (Stream<Path> s = Files.list(ROOT.resolve("job/target"))) {
            jar = s.filter(p -> p.getFileName().toString().endsWith("-flink.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("job/target/*-flink.jar missing: the job module packages it"));
        }
        String flinkOnly = FlinkCluster.flinkOnly(Files.readString(ROOT.resolve("launcher/target/launcher.classpath")));
        try (Stack stack = new Stack(Stack.Options.forTest(dir)).startServices().startGateway();
             FlinkCluster cluster = FlinkCluster.start(dir.resolve("flink"), flinkOnly, 2)) {
            // The job's Kafka login (SASL over TLS) travels as a client properties file read where the job is submitted.
            List<String> args = new java.util.ArrayList<>(List.of("--kafka.bootstrap", stack.kafka().bootstrap(), "--influx.url", stack.influx().url(),
                    "--checkpoint.interval-ms", "1000", "--parallelism", "2", "--checkpoint.dir", dir.resolve("chk").toUri().toString(),
                    "--kafka.config", stack.kafka().clientConfig(org.openholter.launcher.services.KafkaBroker.JOB).toString(),
                    "--influx.user", InfluxServer.JOB, "--influx.password-file", stack.influx().passwordFile(InfluxServer.JOB).toString(),
                    "--influx.ca-file", stack.influx().caFile().toString()));
            String out = cluster.run(jar, args);
            assertThat(out).contains("Job has been submitted with JobID");
            try (Fleet fleet = stack.fleet("--patients", "3",
                    "--scenarios", "normal;asystole;tachy", "--duration-s", "100", "--speed", "4", "--seed", "3")) {
                fleet.start();
                assertThat(fleet.awaitDone(120_000)).isTrue();
                long deadline = System.currentTimeMillis() + 90_000;
                JsonNode series;
                do {
                    Thread.sleep(1000);
                    series = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT count(\"bpm\") FROM \"heart_rate\" "
                            + "WHERE time > now() - 1h AND time < now() + 1h GROUP BY \"device\"")).path("results").get(0).path("series");
                } while ((series.size() < 3 || series.get(2).path("values").get(0).get(1).asInt() < 12) && System.currentTimeMillis() < deadline);
                assertThat(series).as("windows of the three patients in InfluxDB, written by the job on the cluster").hasSize(3);
                List<AlarmEvent> raised = Json.MAPPER.readTree(stack.influx().query("holter",
                        "SELECT \"id\", \"type\" FROM \"alarm\" WHERE \"state\" = 'RAISED' AND time > now() - 1h AND time < now() + 1h"))
                        .path("results").get(0).path("series").findValues("values").stream()
                        .flatMap(v -> java.util.stream.StreamSupport.stream(v.spliterator(), false))
                        .map(v -> new AlarmEvent(v.get(1).asText(), null, null, null, v.get(2).asText(), null, null, 0, 0, null, null))
                        .toList();
                assertThat(raised).extracting(AlarmEvent::type).containsExactlyInAnyOrder("ASYSTOLE", "PAUSE", "EXTREME_TACHY", "HR_HIGH");
                // The delineation model travelled inside the shaded jar and ran in the TaskManager's user class loader.
                JsonNode qt = Json.MAPPER.readTree(stack.influx().query("holter", "SELECT count(\"qt_ms\") FROM \"beat\" "
                        + "WHERE time > now() - 1h AND time < now() + 1h")).path("results").get(0).path("series").get(0).path("values").get(0);
                assertThat(qt.get(1).asInt()).as("beats with a QT from the wave layer").isGreaterThan(20);
            }
        }
    }
}
