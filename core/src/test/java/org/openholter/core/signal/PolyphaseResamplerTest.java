package org.openholter.core.signal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PolyphaseResamplerTest {
    static final int[] RATES = {125, 128, 250, 256, 300, 360, 500, 1000};

    static float[] sine(int fs, double hz, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) Math.sin(2 * Math.PI * hz * i / fs);
        return x;
    }

    @Test
    void resample_betweenEveryPairOfRates_keepsTimingAndAmplitudeOfInBandSignals() {
        for (int in : RATES) {
            for (int out : RATES) {
                float[] y = PolyphaseResampler.resample(sine(in, 7.3, in * 4), in, out);
                assertThat(y.length).as("%d->%d length", in, out).isEqualTo((int) Math.ceil(in * 4.0 * out / in));
                double worst = 0;
                for (int k = out / 2; k < y.length - out / 2; k++) { // away from the edges
                    worst = Math.max(worst, Math.abs(y[k] - Math.sin(2 * Math.PI * 7.3 * k / out)));
                }
                assertThat(worst).as("%d->%d worst error", in, out).isLessThan(0.01);
            }
        }
    }

    @Test
    void resample_suppressesContentAboveTheNewNyquist() {
        float[] y = PolyphaseResampler.resample(sine(1000, 180, 4000), 1000, 250); // 180 Hz cannot exist at 250 Hz
        double rms = 0;
        for (int k = 125; k < y.length - 125; k++) rms += y[k] * y[k];
        assertThat(Math.sqrt(rms / (y.length - 250))).isLessThan(0.01);
    }

    @Test
    void streaming_inRandomChunksWithStateRoundTrips_equalsBatch() throws IOException {
        Random r = new Random(3);
        float[] x = new float[5000];
        for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
        for (int[] pair : new int[][] {{360, 250}, {128, 250}, {500, 250}, {250, 250}}) {
            float[] batch = PolyphaseResampler.resample(x, pair[0], pair[1]);
            PolyphaseResampler s = new PolyphaseResampler(pair[0], pair[1]);
            float[] out = new float[batch.length + 100];
            int n = 0, pos = 0;
            while (pos < x.length) {
                int len = Math.min(x.length - pos, 1 + r.nextInt(200));
                n += s.process(x, pos, pos + len, out, n);
                pos += len;
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                s.writeState(new DataOutputStream(b));
                s = PolyphaseResampler.readState(new DataInputStream(new ByteArrayInputStream(b.toByteArray())));
            }
            n += s.flush(out, n);
            assertThat(Arrays.copyOf(out, n)).as("%d->%d", pair[0], pair[1]).containsExactly(batch, within(1e-6f));
        }
    }

    @Test
    void outputsFor_predictsExactlyWhatProcessProduces() {
        PolyphaseResampler s = new PolyphaseResampler(128, 250);
        float[] x = new float[37];
        float[] out = new float[200];
        for (int i = 0; i < 20; i++) {
            int expected = s.outputsFor(x.length);
            assertThat(s.process(x, 0, x.length, out, 0)).isEqualTo(expected);
        }
    }
}
