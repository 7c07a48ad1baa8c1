package org.openholter.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.AnnotationCodes;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.wire.Json;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code bench rhythm} on a scripted two-lead record with reference rhythm annotations: 60 s sinus, then 60 s AF. */
class RhythmBenchTest {
    static Path record(Path dir) throws Exception {
        int fs = 250, n = 120 * fs;
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:72@60,af:95@60"), NoiseSpec.CLEAN, fs, new String[] {"II", "V1"}, 7, false, false);
        float[][] x = new float[2][n];
        s.next(x, 0, n);
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) for (int c = 0; c < 2; c++) b.putShort((short) Math.round(x[c][i] * 200));
        Files.write(dir.resolve("s1.dat"), b.array());
        Files.writeString(dir.resolve("s1.hea"), "s1 2 250 " + n + "\ns1.dat 16 200/mV 16 0 0 0 0 II\ns1.dat 16 200/mV 16 0 0 0 0 V1\n");
        WfdbAnnotations.write(dir.resolve("s1.atr"), List.of(new Annotation(0, AnnotationCodes.RHYTHM, 0, 0, 0, "(N"),
                new Annotation(60L * fs, AnnotationCodes.RHYTHM, 0, 0, 0, "(AFIB")));
        return dir;
    }

    @Test
    void wholeRecordAndThirtySecondExcerptsOfOneLead(@TempDir Path dir) throws Exception {
        record(dir);
        Path whole = dir.resolve("whole.json"), cut = dir.resolve("cut.json");
        assertThat(RhythmBench.run(new String[] {"--db", dir.toString(), "--records", "s1", "--json", whole.toString()})).isZero();
        JsonNode w = Json.MAPPER.readTree(whole.toFile());
        assertThat(w.at("/af/reference_minutes").asDouble()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(0.01));
        // The 32-beat history must turn half over before the median irregularity moves: AF is found 10-15 s into it.
        assertThat(w.at("/af/duration_se").asDouble()).as("AF found within 15 s of its onset").isGreaterThan(0.74);
        assertThat(w.at("/af/duration_ppv").asDouble()).isGreaterThan(0.85);
        assertThat(w.at("/af/reference_minutes_detected_as/AF").asDouble()).isEqualTo(w.at("/af/duration_se").asDouble() * 1.0, org.assertj.core.data.Offset.offset(0.02));
        assertThat(w.has("excerpts")).isFalse();

        assertThat(RhythmBench.run(new String[] {"--db", dir.toString(), "--records", "s1", "--excerpt-s", "30", "--lead", "0", "--json", cut.toString()})).isZero();
        JsonNode c = Json.MAPPER.readTree(cut.toFile());
        assertThat(c.at("/excerpts/af_excerpts").asInt()).isEqualTo(2);
        assertThat(c.at("/excerpts/other_excerpts").asInt()).isEqualTo(2);
        assertThat(c.at("/excerpts/tp").asInt()).as("each 30-s AF recording called AF").isEqualTo(2);
        assertThat(c.at("/excerpts/tn").asInt()).as("each 30-s sinus recording called not AF").isEqualTo(2);
    }

    @Test
    void badExcerptsAndLeadsAreRefusedClearly(@TempDir Path dir) throws Exception {
        record(dir);
        assertThatThrownBy(() -> RhythmBench.run(new String[] {"--db", dir.toString(), "--records", "s1", "--excerpt-s", "5"}))
                .hasMessageContaining("--excerpt-s").hasMessageContaining("10 s");
        assertThatThrownBy(() -> RhythmBench.run(new String[] {"--db", dir.toString(), "--records", "s1", "--lead", "2"}))
                .hasMessageContaining("s1").hasMessageContaining("no lead 2");
    }
}
