package org.openholter.core.pulse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PulseDetectorTest {
    static final int FS = 250;

    /** A PPG-like wave: a pulse every {@code periodS} (its upstroke at the beat + 0.1 s), plus {@code noise} (mV-like units). */
    static float[] ppg(double periodS, double noise, long seed) {
        java.util.Random r = new java.util.Random(seed);
        float[] x = new float[6 * FS];
        for (int i = 0; i < x.length; i++) {
            double t = i / (double) FS, ph = (t % periodS) / periodS;
            double wave = ph < 0.15 ? ph / 0.15 : Math.exp(-(ph - 0.15) * 4);
            x[i] = (float) (wave + noise * r.nextGaussian());
        }
        return x;
    }

    @Test
    void regularPulsesAreFoundAndBelieved_noiseAndAFlatLineAreNot() {
        PulseDetector d = new PulseDetector(FS);
        PulseDetector.Result r = d.detect(ppg(0.8, 0.01, 1));
        assertThat(r.pulses()).hasSizeBetween(7, 8);
        assertThat(r.quality()).isGreaterThanOrEqualTo(PulseDetector.GOOD);
        for (int k = 1; k < r.pulses().size(); k++) {
            assertThat(r.pulses().get(k).foot() - r.pulses().get(k - 1).foot()).isBetween(195, 205);
        }
        java.util.Random g = new java.util.Random(2);
        float[] noise = new float[6 * FS];
        for (int i = 0; i < noise.length; i++) noise[i] = (float) g.nextGaussian();
        assertThat(d.detect(noise).quality()).isLessThan(PulseDetector.GOOD);
        assertThat(d.detect(new float[6 * FS]).pulses()).isEmpty();
        float[] lost = ppg(0.8, 0.01, 3);
        java.util.Arrays.fill(lost, 0, FS, Float.NaN);
        assertThat(d.detect(lost).quality()).as("a sixth lost: unreadable").isZero();
    }

    @Test
    void aFastPulseIsCountedWhole() {
        PulseDetector.Result r = new PulseDetector(FS).detect(ppg(0.35, 0.01, 4));
        assertThat(r.pulses()).hasSizeBetween(16, 18);
        assertThat(r.quality()).isGreaterThanOrEqualTo(PulseDetector.GOOD);
    }
}
