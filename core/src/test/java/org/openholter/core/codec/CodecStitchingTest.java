package org.openholter.core.codec;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.signal.PolyphaseResampler;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.wire.AlarmEvent;
import org.openholter.wire.EcgFrame;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The codec of a stream is the concatenation of its windows' kept slices: sample-exact for any length, and the
 * same whatever the device's frame size (the stream's cut into frames must not show in the labels).
 */
class CodecStitchingTest {
    static final int FS = 360;
    static LayeredAnalyzer analyzer;

    @BeforeAll
    static void load() { analyzer = LayeredAnalyzer.withBundledModels(false); }

    @AfterAll
    static void close() { analyzer.close(); }

    static int[] signal(double seconds) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:75@20,pvc:80@40"), NoiseSpec.CLEAN, FS, new String[] {"II"}, 11, true, false);
        int n = (int) Math.round(seconds * FS);
        float[][] x = new float[1][n];
        s.next(x, 0, n);
        int[] adc = new int[n];
        for (int i = 0; i < n; i++) adc[i] = Math.round(x[0][i] * 200);
        return adc;
    }

    /** Plays {@code adc} in frames of {@code perFrame} samples (the last one shorter) and returns the slices in order. */
    static List<CodecSlice> play(int[] adc, int perFrame) {
        List<CodecSlice> slices = new ArrayList<>();
        PatientMonitor m = new PatientMonitor("dev", MonitorConfig.DEFAULT, analyzer);
        MonitorOutput out = new MonitorOutput() {
            @Override public void window(WindowReport r) { slices.add(r.codec()); }
            @Override public void alarm(AlarmEvent a) {}
        };
        long seq = 0;
        for (int pos = 0; pos < adc.length; pos += perFrame) {
            int len = Math.min(perFrame, adc.length - pos);
            int[][] samples = {java.util.Arrays.copyOfRange(adc, pos, pos + len)};
            m.onFrame(new EcgFrame("dev", seq++, Math.round(pos * 1e6 / FS), FS, new String[] {"II"}, new float[] {200f},
                    new int[] {0}, 0, samples), out);
        }
        m.finish(out);
        return slices;
    }

    static byte[][] concatenate(List<CodecSlice> slices) {
        ByteArrayOutputStream w = new ByteArrayOutputStream(), b = new ByteArrayOutputStream(), r = new ByteArrayOutputStream();
        long next = 0;
        for (CodecSlice s : slices) {
            assertThat(s.firstSample()).as("slice follows its predecessor with no gap or overlap").isEqualTo(next);
            assertThat(s.beat()).hasSize(s.length());
            assertThat(s.rhythm()).hasSize(s.length());
            next += s.length();
            w.writeBytes(s.wave());
            b.writeBytes(s.beat());
            r.writeBytes(s.rhythm());
        }
        return new byte[][] {w.toByteArray(), b.toByteArray(), r.toByteArray()};
    }

    @Test
    void coversEverySampleOnceForLengthsThatAreNoMultipleOfTheStride() {
        for (double seconds : new double[] {9.3, 10.0, 16.0, 23.7, 47.31}) {
            int[] adc = signal(seconds);
            byte[][] codec = concatenate(play(adc, 90));
            int expected = PolyphaseResampler.resample(new float[adc.length], FS, 250).length;
            assertThat(codec[0]).as("%.2f s: one wave label per analysed sample", seconds).hasSize(expected);
        }
    }

    /** A long stream fed in parts of any size gives the codec it gives whole: the parts leave no seam. */
    @Test
    void frameSizeDoesNotChangeTheCodec() {
        int[] adc = signal(47.31);
        byte[][] a = concatenate(play(adc, 90)), b = concatenate(play(adc, 360)), c = concatenate(play(adc, 133));
        for (int layer = 0; layer < 3; layer++) {
            assertThat(b[layer]).as("layer %d, 1-s frames vs 0.25-s frames", layer).isEqualTo(a[layer]);
            assertThat(c[layer]).as("layer %d, 133-sample frames vs 0.25-s frames", layer).isEqualTo(a[layer]);
        }
        String wave = Layers.render(a[0], Layers.FRAME_CHARS);
        assertThat(wave).contains("p", "Q", "t");
        assertThat(Layers.render(a[1], Layers.BEAT_CHARS)).contains("s");
    }
}
