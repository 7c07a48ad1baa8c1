package org.openholter.core.rhythm;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class VfFeaturesTest {
    static final int FS = 250;

    /** 10 s of one wide complex (a 120-ms-wide biphasic wave) repeated every {@code cycleS}, with a little noise. */
    static float[] repeated(double cycleS, long seed) {
        Random r = new Random(seed);
        float[] x = new float[10 * FS];
        for (int i = 0; i < x.length; i++) {
            double phase = (i / (double) FS) % cycleS;
            x[i] = (float) (Math.exp(-Math.pow((phase - 0.08) / 0.04, 2)) - 0.6 * Math.exp(-Math.pow((phase - 0.2) / 0.06, 2)) + 0.03 * r.nextGaussian());
        }
        return x;
    }

    /** 10 s of fibrillation-like waves: each wave's length (3–7 Hz) and height drawn anew. */
    static float[] fibrillation(long seed) {
        Random r = new Random(seed);
        float[] x = new float[10 * FS];
        int i = 0;
        while (i < x.length) {
            int len = (int) (FS / (3 + 4 * r.nextDouble()));
            double amp = 0.2 + 0.6 * r.nextDouble();
            for (int k = 0; k < len && i < x.length; k++, i++) x[i] = (float) (amp * Math.sin(2 * Math.PI * k / len));
        }
        return x;
    }

    @Test
    void vtRepeatsItselfAtItsCycle_vfDoesNot() {
        double[] vt = VfFeatures.periodicity(repeated(60 / 180.0, 1), FS);
        assertThat(vt[0]).as("VT periodicity").isGreaterThan(0.9);
        // The best lag is the cycle or a multiple of it.
        double cycles = vt[1] / (60 / 180.0);
        assertThat(cycles).isCloseTo(Math.rint(cycles), within(0.05));
        for (long seed = 1; seed <= 5; seed++) assertThat(VfFeatures.periodicity(fibrillation(seed), FS)[0]).as("VF periodicity, seed " + seed).isLessThan(0.9);
    }

    @Test
    void flatOrMissingSignalIsNotPeriodic() {
        assertThat(VfFeatures.periodicity(new float[10 * FS], FS)[0]).isZero();
        float[] gaps = repeated(0.4, 2);
        java.util.Arrays.fill(gaps, 0, gaps.length, Float.NaN);
        assertThat(VfFeatures.periodicity(gaps, FS)[0]).isZero();
    }
}
