package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.wire.Json;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input at scale, in a short form (the bench sends a million; docs/benchmarks/faults.md): malformed frames of every
 * kind from thousands of made-up devices through the secure stack's real gateway while patients stream, then one
 * enrolled device at 100 times its rate. Every refusal is counted for the reason its kind must get, nothing of the
 * patients is lost, their heart rates stay live, the gateway survives with bounded memory, and the flood is throttled.
 */
class FuzzBenchITCase {
    @Test
    void malformedFramesAndAFlood_areRefusedAndCounted_andThePatientsStreamOn(@TempDir Path dir) throws Exception {
        long frames = 150_000;
        int floodSeconds = 30;
        Path json = dir.resolve("fuzz.json");
        assertThat(FuzzBench.run(new String[] {"--patients", "12", "--frames", String.valueOf(frames), "--rate", "1500",
                "--flood-s", String.valueOf(floodSeconds), "--warmup-s", "35", "--dir", dir.resolve("run").toString(),
                "--json", json.toString()})).isZero();
        JsonNode j = Json.MAPPER.readTree(json.toFile());
        String all = j.toPrettyString();
        JsonNode fuzz = j.get("fuzz"), flood = j.get("flood"), patients = j.get("patients"), gateway = j.get("gateway");
        assertThat(fuzz.get("sent").asLong()).isEqualTo(frames);
        assertThat(fuzz.get("publish_errors").asLong()).isZero();
        assertThat(fuzz.get("refusals_not_as_expected").asLong()).as("every refusal counted under its kind's reason\n%s", all).isZero();
        for (JsonNode n : fuzz.get("sent_by_kind")) assertThat(n.asLong()).as("every kind sent\n%s", all).isPositive();

        // The flood: about 2,400 at once and 40 a second get through, the rest is throttled; all accounted for.
        assertThat(flood.get("sent").asLong()).isEqualTo(200L * floodSeconds);
        assertThat(flood.get("unaccounted").asLong()).as("flood frames neither forwarded nor throttled\n%s", all).isZero();
        assertThat(flood.get("admitted").asLong()).as("flood frames let through").isBetween(2400L, 2400L + 40L * (floodSeconds + 10));
        assertThat(flood.get("throttled").asLong()).isPositive();

        assertThat(patients.get("frames_lost").asLong()).as("patients' frames lost\n%s", all).isZero();
        // Heart rates live: a window of 10 s every 6 s is normally 6-9 s old; a patient starved of frames would show more.
        for (String phase : new String[] {"during_fuzz", "during_flood"}) {
            assertThat(patients.get(phase).get("heart_rate_age_s_max").asDouble()).as("%s: oldest heart rate (s)\n%s", phase, all)
                    .isLessThanOrEqualTo(20.0);
        }
        assertThat(gateway.get("alive").asBoolean()).isTrue();
        assertThat(gateway.get("job_running").asBoolean()).isTrue();
        assertThat(gateway.get("forwarder_restarts").asLong()).isZero();
        assertThat(gateway.get("heap_after_gc_mb_max").asLong()).as("gateway heap after GC (MB)\n%s", all).isBetween(1L, 256L);
        assertThat(j.get("mosquitto").get("rss_mb_max").asLong()).as("broker memory (MB)\n%s", all).isLessThan(512L);
    }
}
