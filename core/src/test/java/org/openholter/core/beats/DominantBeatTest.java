package org.openholter.core.beats;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

class DominantBeatTest {
    static final int FS = 250;
    static final boolean[] BOTH = {true, true};

    /** A two-lead buffer with one complex at sample 250: narrow (R up in both leads) or a wide ventricular one. */
    static float[][] band(boolean ventricular, double noise, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[][] x = new float[2][500];
        for (int i = 0; i < 500; i++) {
            double t = (i - 250) / (double) FS;
            double narrow = Math.exp(-0.5 * Math.pow(t / 0.012, 2)) - 0.2 * Math.exp(-0.5 * Math.pow((t - 0.03) / 0.01, 2));
            double wide = -1.4 * Math.exp(-0.5 * Math.pow(t / 0.04, 2)) + 0.6 * Math.exp(-0.5 * Math.pow((t - 0.08) / 0.03, 2));
            x[0][i] = (float) ((ventricular ? wide : narrow) + noise * r.nextGaussian());
            x[1][i] = (float) ((ventricular ? -wide : 0.6 * narrow) + noise * r.nextGaussian());
        }
        return x;
    }

    @Test
    void learnsTheUsualBeatWithoutLabels_andTellsAVentricularOneByItsDifference() throws IOException {
        DominantBeat d = new DominantBeat(FS, 2);
        for (int k = 0; k < 16; k++) d.learn(d.complex(band(false, 0.01, k), 250), BOTH, 0.8);
        assertThat(d.learnt()).isTrue();
        double normal = DominantBeat.min(d.difference(d.complex(band(false, 0.02, 99), 250), BOTH));
        double pvc = DominantBeat.min(d.difference(d.complex(band(true, 0.02, 98), 250), BOTH));
        assertThat(normal).isLessThan(0.1);
        assertThat(pvc).isGreaterThan(1.0);
        assertThat(d.width(d.complex(band(true, 0, 1), 250)[0])).isGreaterThan(d.width(d.complex(band(false, 0, 1), 250)[0]) + 0.03);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        d.write(new DataOutputStream(b));
        DominantBeat e = new DominantBeat(FS, 2);
        e.read(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
        assertThat(e.difference(d.complex(band(true, 0.02, 98), 250), BOTH)).containsExactly(d.difference(d.complex(band(true, 0.02, 98), 250), BOTH));
    }

    @Test
    void inABigeminyTheNormalBeatIsLearnt_notThePrematureOne() {
        DominantBeat d = new DominantBeat(FS, 2);
        for (int k = 0; k < 16; k++) {
            boolean pvc = k % 2 == 1;
            d.learn(d.complex(band(pvc, 0.01, k), 250), BOTH, pvc ? 0.5 : 1.1);
        }
        assertThat(d.learnt()).isTrue();
        assertThat(DominantBeat.min(d.difference(d.complex(band(false, 0.01, 50), 250), BOTH))).isLessThan(0.1);
    }

    @Test
    void aFastRunOfWideComplexesNeverBecomesTheUsualBeat_butANewSlowMorphologyDoes() {
        DominantBeat vt = new DominantBeat(FS, 2);
        for (int k = 0; k < 200; k++) vt.learn(vt.complex(band(true, 0.01, k), 250), BOTH, 0.4);
        assertThat(vt.learnt()).as("a VT from the start is no usual beat").isFalse();
        DominantBeat d = new DominantBeat(FS, 2);
        for (int k = 0; k < 20; k++) d.learn(d.complex(band(false, 0.01, k), 250), BOTH, 0.8);
        for (int k = 0; k < 300; k++) d.learn(d.complex(band(true, 0.01, 100 + k), 250), BOTH, 0.4);
        assertThat(DominantBeat.min(d.difference(d.complex(band(true, 0.01, 7), 250), BOTH))).as("sustained VT stays unlike").isGreaterThan(1.0);
        for (int k = 0; k < 300; k++) d.learn(d.complex(band(true, 0.01, 500 + k), 250), BOTH, 1.0);
        assertThat(DominantBeat.min(d.difference(d.complex(band(true, 0.01, 8), 250), BOTH))).as("a slow new conduction is learnt").isLessThan(0.1);
    }

    @Test
    void aBeatIsComparedWithTheUsualOneLeadByLead_andSummedUpForTheBeatModel() {
        DominantBeat d = new DominantBeat(FS, 2);
        assertThat(BeatFeatures.morphology(d.compare(d.complex(band(false, 0.01, 1), 250), BOTH))).as("nothing learnt yet").isNull();
        for (int k = 0; k < 16; k++) d.learn(d.complex(band(false, 0.01, k), 250), BOTH, 0.8);
        // Without noise: the width takes the span of most of the slope's energy, which white noise spreads.
        DominantBeat.Comparison[] normal = d.compare(d.complex(band(false, 0, 99), 250), BOTH);
        DominantBeat.Comparison[] pvc = d.compare(d.complex(band(true, 0, 98), 250), BOTH);
        for (int k = 0; k < 2; k++) {
            assertThat(normal[k].correlation()).isGreaterThan(0.95);
            assertThat(normal[k].widthRatio()).isBetween(0.8, 1.25);
            assertThat(normal[k].sizeRatio()).isBetween(0.9, 1.1);
            assertThat(pvc[k].correlation()).isLessThan(0.7);
            assertThat(pvc[k].widthRatio()).isGreaterThan(1.5);
            assertThat(pvc[k].difference()).isEqualTo(d.difference(d.complex(band(true, 0, 98), 250), BOTH)[k]);
        }
        assertThat(d.compare(d.complex(band(true, 0.02, 98), 250), new boolean[] {true, false})[1]).as("a lead not read").isNull();
        float[] n = BeatFeatures.morphology(normal), v = BeatFeatures.morphology(pvc);
        assertThat(n[0]).isEqualTo(1f);
        assertThat(n[1]).isLessThan(0.1f);
        assertThat(v[1]).isGreaterThan(0.6f); // ln(1 + difference > 1)
        assertThat(v[4]).isGreaterThan(n[4] + 0.4f);
    }

    /** Scaled copies of the narrow complex at {@code positions} of a two-lead buffer of {@code n} samples, with noise. */
    static float[][] train(int n, int[] positions, double[] sizes, double noise, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[][] x = new float[2][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < positions.length; k++) {
                double t = (i - positions[k]) / (double) FS;
                double wide = -1.4 * Math.exp(-0.5 * Math.pow(t / 0.04, 2)) + 0.6 * Math.exp(-0.5 * Math.pow((t - 0.08) / 0.03, 2));
                x[0][i] += (float) (sizes[k] * wide);
                x[1][i] += (float) (-sizes[k] * wide);
            }
            x[0][i] += (float) (noise * r.nextGaussian());
            x[1][i] += (float) (noise * r.nextGaussian());
        }
        return x;
    }

    @Test
    void aComplexIsFoundAgainWhereItRecurs_atASizeLikeItsOwn() {
        DominantBeat d = new DominantBeat(FS, 2);
        // Wide complexes at 0.5-s intervals; the third is a quarter of the size (not the same beat), the fifth twice and a half.
        int[] at = {200, 325, 450, 575, 700, 825};
        float[][] x = train(1100, at, new double[] {1, 1, 0.25, 1, 2.5, 1}, 0.02, 3);
        float[][] like = d.complex(x, 200);
        int[] found = d.recurrences(x, like, BOTH, 260, 900, 0.9, 60);
        assertThat(found).hasSize(3);
        assertThat(found[0]).isBetween(323, 327);
        assertThat(found[1]).isBetween(573, 577);
        assertThat(found[2]).isBetween(823, 827);
        assertThat(d.recurrences(x, like, BOTH, 340, 560, 0.9, 60)).as("none between").isEmpty();
        assertThat(d.recurrences(x, like, new boolean[] {false, false}, 260, 900, 0.9, 60)).as("no lead read").isEmpty();
        // A lead where it was not read is left out: lead 1 alone finds the same.
        float[][] oneLead = {null, like[1]};
        assertThat(d.recurrences(x, oneLead, BOTH, 260, 900, 0.9, 60)).hasSize(3);
    }

    @Test
    void aBeatJudgedUnlikeTheUsualOneNeverReshapesIt_evenWhenItsShapeIsAlike() {
        // The usual beat, then a long run of complexes of the same shape at twice the size (a difference of about 1,
        // a correlation of 1): judged ventricular, they must not drag the usual beat towards them.
        DominantBeat kept = new DominantBeat(FS, 2), dragged = new DominantBeat(FS, 2);
        for (int k = 0; k < 16; k++) {
            kept.learn(kept.complex(band(false, 0.01, k), 250), BOTH, 0.8);
            dragged.learn(dragged.complex(band(false, 0.01, k), 250), BOTH, 0.8);
        }
        for (int k = 0; k < 60; k++) {
            float[][] big = band(false, 0.01, 100 + k);
            for (float[] l : big) for (int i = 0; i < l.length; i++) l[i] *= 2;
            kept.learn(kept.complex(big, 250), BOTH, 0.5, true);
            dragged.learn(dragged.complex(big, 250), BOTH, 0.5);
        }
        float[][] big = band(false, 0.01, 7);
        for (float[] l : big) for (int i = 0; i < l.length; i++) l[i] *= 2;
        assertThat(DominantBeat.min(kept.difference(kept.complex(big, 250), BOTH))).isGreaterThan(0.8);
        assertThat(DominantBeat.min(dragged.difference(dragged.complex(big, 250), BOTH))).as("what correlation alone does").isLessThan(0.25);
    }

    @Test
    void aLeadSilentWhileTheUsualBeatWasLearnt_isLearntFromTheNextBeatAlikeOnTheOthers() {
        DominantBeat d = new DominantBeat(FS, 2);
        boolean[] first = {true, false};
        for (int k = 0; k < 16; k++) {
            float[][] c = d.complex(band(false, 0.01, k), 250);
            c[1] = null;
            d.learn(c, first, 0.8);
        }
        assertThat(d.learnt()).isTrue();
        boolean[] second = {false, true};
        assertThat(d.difference(d.complex(band(true, 0.01, 50), 250), second)[1]).as("nothing to compare lead 1 with").isNaN();
        d.learn(d.complex(band(false, 0.01, 60), 250), BOTH, 0.8);
        assertThat(d.difference(d.complex(band(false, 0.01, 61), 250), second)[1]).isLessThan(0.1);
        assertThat(d.difference(d.complex(band(true, 0.01, 62), 250), second)[1]).as("lead 1 alone tells a ventricular beat").isGreaterThan(1.0);
    }
}
