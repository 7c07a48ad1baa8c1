package org.openholter.core.hrv;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/** HRV measures against hand-checked values and synthetic NN series whose answers are known analytically. */
class HrvTest {

    /** NN series whose intervals follow {@code nn(t)}, t the time the interval ends, for {@code seconds}. */
    static NnSeries series(java.util.function.DoubleUnaryOperator nn, double seconds) {
        java.util.List<double[]> out = new java.util.ArrayList<>();
        double t = 0;
        while (t < seconds) {
            double v = nn.applyAsDouble(t);
            t += v / 1000;
            out.add(new double[] {t, v});
        }
        return new NnSeries(out.stream().mapToDouble(x -> x[0]).toArray(), out.stream().mapToDouble(x -> x[1]).toArray());
    }

    @Test
    void timeDomain_handCheckedValues() {
        TimeDomain td = TimeDomain.of(new double[] {800, 810, 790, 850, 800});
        assertThat(td.meanNnMs()).isCloseTo(810, within(1e-9));
        assertThat(td.sdnnMs()).isCloseTo(Math.sqrt(550), within(1e-9));   // deviations −10 0 −20 40 −10
        assertThat(td.rmssdMs()).isCloseTo(Math.sqrt(1650), within(1e-9));  // differences 10 −20 60 −50
        assertThat(td.sdsdMs()).isCloseTo(Math.sqrt(2200), within(1e-9));
        assertThat(td.nn50()).isEqualTo(1);                                  // 60 counts, −50 does not (> 50 ms)
        assertThat(td.pnn50()).isCloseTo(25, within(1e-9));
    }

    @Test
    void timeDomain_knownVarianceAndTriangle() {
        Random r = new Random(1);
        double[] gauss = new double[20000];
        for (int i = 0; i < gauss.length; i++) gauss[i] = 800 + 50 * r.nextGaussian();
        TimeDomain g = TimeDomain.of(gauss);
        assertThat(g.sdnnMs()).isCloseTo(50, withinPercentage(2));
        assertThat(g.rmssdMs()).as("independent intervals: RMSSD = √2·SDNN").isCloseTo(50 * Math.sqrt(2), withinPercentage(2));
        // A triangular distribution from 700 to 900 ms: TINN is its base, 200 ms.
        double[] tri = new double[20000];
        for (int i = 0; i < tri.length; i++) tri[i] = 700 + 100 * (r.nextDouble() + r.nextDouble());
        TimeDomain t = TimeDomain.of(tri);
        assertThat(t.tinnMs()).isCloseTo(200, within(4 * TimeDomain.BIN_MS));
        // Height of a triangle of base 200 ms and area n: n / 100 per ms, so the index is 100 ms / bin width.
        assertThat(t.triangularIndex()).isCloseTo(100 / TimeDomain.BIN_MS, withinPercentage(12));
    }

    @Test
    void spectrum_sinusoidsLandInTheirBandsWithTheirPower() {
        // LF at 0.1 Hz, 40 ms amplitude (power 800 ms²), HF at 0.25 Hz, 25 ms (312.5 ms²), 5 minutes.
        NnSeries nn = series(t -> 850 + 40 * Math.sin(2 * Math.PI * 0.1 * t) + 25 * Math.sin(2 * Math.PI * 0.25 * t), 300);
        for (Spectrum.Bands b : new Spectrum.Bands[] {Spectrum.welch(nn), Spectrum.lombScargle(nn)}) {
            assertThat(b.lf()).as("LF " + b).isCloseTo(800, withinPercentage(15));
            assertThat(b.hf()).as("HF " + b).isCloseTo(312.5, withinPercentage(15));
            assertThat(b.lfHf()).isCloseTo(800 / 312.5, withinPercentage(20));
            assertThat(b.vlf()).as("nothing below 0.04 Hz").isLessThan(0.05 * b.lf());
            assertThat(b.lfNu() + b.hfNu()).isCloseTo(100, within(1e-9));
        }
    }

    @Test
    void spectrum_whiteNoiseIntegratesToItsVarianceAndShortSeriesLeaveBandsOut() {
        Random r = new Random(2);
        NnSeries nn = series(t -> 800 + 30 * r.nextGaussian(), 600);
        double var = Math.pow(Stats.sd(nn.nnMs()), 2);
        // The series' own rate is about 1.25 Hz; up to 0.4 Hz holds 0.4 / 0.625 of white noise's power.
        double expected = var * 0.4 / (1000 / 800.0 / 2);
        assertThat(Spectrum.welch(nn).total()).isCloseTo(expected, withinPercentage(20));
        assertThat(Spectrum.lombScargle(nn).total()).isCloseTo(expected, withinPercentage(20));
        Spectrum.Bands oneMinute = Spectrum.welch(nn.between(0, 60));
        assertThat(oneMinute.vlf()).isNaN();
        assertThat(oneMinute.lf()).isNotNaN();
        assertThat(Spectrum.welch(nn.between(0, 5)).hf()).isNaN();
    }

    @Test
    void nonlinear_poincareDfaAndEntropyOfKnownProcesses() {
        Random r = new Random(3);
        double[] white = new double[3000], walk = new double[3000], sine = new double[600];
        double acc = 0;
        for (int i = 0; i < white.length; i++) {
            white[i] = 800 + 40 * r.nextGaussian();
            acc += r.nextGaussian();
            walk[i] = 800 + acc;
        }
        for (int i = 0; i < sine.length; i++) sine[i] = 800 + 40 * Math.sin(2 * Math.PI * i / 12.0);
        Nonlinear w = Nonlinear.of(white);
        double sdnn = Stats.sd(white);
        assertThat(w.sd1Ms() * w.sd1Ms() + w.sd2Ms() * w.sd2Ms()).as("SD1² + SD2² = 2·SDNN²").isCloseTo(2 * sdnn * sdnn, withinPercentage(1));
        assertThat(w.sd1Ms()).as("uncorrelated: SD1 ≈ SD2").isCloseTo(w.sd2Ms(), withinPercentage(8));
        assertThat(w.dfaAlpha1()).as("white noise α1").isCloseTo(0.5, within(0.12));
        assertThat(w.dfaAlpha2()).as("white noise α2").isCloseTo(0.5, within(0.12));
        assertThat(Nonlinear.of(walk).dfaAlpha2()).as("random walk α2").isCloseTo(1.5, within(0.15));
        assertThat(w.sampleEntropy()).as("white noise SampEn(2, 0.2)").isBetween(1.9, 2.6);
        assertThat(Nonlinear.of(sine).sampleEntropy()).as("periodic").isLessThan(0.3);
        assertThat(Nonlinear.of(new double[] {800, 810}).sampleEntropy()).isNaN();
    }

    @Test
    void nnSeries_leavesOutEctopicBeatsAndTheirNeighbours() {
        long[] t = new long[10];
        for (int i = 0; i < t.length; i++) t[i] = i * 800_000L;
        char[] labels = "NNNNVNNNNN".toCharArray();
        NnSeries nn = NnSeries.fromBeats(t, labels);
        // Beats 3, 4, 5 are out (V and its neighbours): intervals 1, 2 and 7, 8, 9 remain (each ends at its second beat).
        assertThat(nn.timesS()).containsExactly(0.8, 1.6, 5.6, 6.4, 7.2);
        assertThat(nn.nnMs()).containsOnly(800.0);
        long[] gap = {0, 800_000, 3_800_000, 4_600_000};
        assertThat(NnSeries.fromBeats(gap, "NNNN".toCharArray()).nnMs()).as("a 3-s gap is a missed beat, not an interval").containsExactly(800.0, 800.0);
        long[] jump = {0, 800_000, 1_600_000, 2_200_000, 2_800_000, 3_400_000};
        assertThat(NnSeries.fromBeats(jump, "NNNNNN".toCharArray()).nnMs()).as("a 25 % change is left out, once")
                .containsExactly(800.0, 800.0, 600.0, 600.0);
        // Streaming with lost signal in between: the beat after the loss has no predecessor, so no interval ends there.
        java.util.List<Double> got = new java.util.ArrayList<>();
        NnFilter f = new NnFilter((end, ms) -> got.add(ms));
        f.beat(0, 'N', Double.NaN);
        f.beat(800_000, 'N', 800);
        f.beat(1_600_000, 'N', 800);
        f.beat(9_000_000, 'N', Double.NaN);
        f.beat(9_800_000, 'N', 800);
        f.flush();
        assertThat(got).containsExactly(800.0, 800.0, 800.0);
    }
}
