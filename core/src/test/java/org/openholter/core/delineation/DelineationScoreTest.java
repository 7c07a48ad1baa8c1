package org.openholter.core.delineation;

import org.junit.jupiter.api.Test;
import org.openholter.core.testing.SharedData;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.WfdbAnnotations;

import java.io.IOException;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DelineationScoreTest {

    @Test
    void matching_isGreedyOneToOneWithinTolerance() {
        DelineationScore.Tally t = new DelineationScore.Tally();
        // 250 Hz, tolerance 10 samples (40 ms): refs 100, 200, 300; predictions 104, 106 (both nearest 100), 290, 400.
        DelineationScore.match(new long[] {100, 200, 300}, new long[] {104, 106, 290, 400}, 10, 250, t);
        assertThat(t.hits()).isEqualTo(2);       // 100↔104, 300↔290; for 200 the nearest unused is 290, 90 samples off: a miss
        assertThat(t.references()).isEqualTo(3);
        assertThat(t.predictions()).isEqualTo(4);
        assertThat(t.se()).isCloseTo(2 / 3.0, within(1e-9));
        assertThat(t.ppv()).isCloseTo(0.5, within(1e-9));
        assertThat(t.meanMs()).isCloseTo((16 - 40) / 2.0, within(1e-9));
        assertThat(t.medianAbsMs()).isCloseTo(28, within(1e-9));
    }

    @Test
    void ludbValidationLeadII_againstItself_isPerfect_andJitterCostsWhatItShould() throws IOException {
        List<Integer> validation = List.of(10, 11, 14, 20, 21, 22, 28, 33, 34, 35, 39, 47, 48, 53, 55, 56, 66, 67, 70, 72, 73, 74,
                78, 91, 92, 93, 95, 101, 115, 119, 120, 133, 135, 154, 174, 178, 179, 189, 191, 194, 196);
        DelineationScore self = new DelineationScore(), jittered = new DelineationScore();
        Random r = new Random(1);
        for (int rec : validation) {
            List<Annotation> a = WfdbAnnotations.read(SharedData.require("ludb").resolve("data/" + rec + ".ii"));
            WaveBoundaries ref = WaveBoundaries.fromAnnotations(a).resampled(500, 250);
            self.add(ref, ref, 250);
            WaveBoundaries moved = new WaveBoundaries();
            ref.all().forEach((b, l) -> l.forEach(s -> moved.add(b, s + (r.nextBoolean() ? 1 : -1) * 3)));
            jittered.add(ref, moved, 250);
        }
        assertThat(self.macroF1()).isEqualTo(1.0);
        assertThat(self.get(Boundary.QRS_ON).references()).isGreaterThan(300);
        for (Boundary b : Boundary.values()) {
            assertThat(jittered.get(b).f1()).as(b.name()).isEqualTo(1.0);          // 12 ms is inside every tolerance
            assertThat(jittered.get(b).medianAbsMs()).as(b.name()).isEqualTo(12.0);
        }
    }
}
