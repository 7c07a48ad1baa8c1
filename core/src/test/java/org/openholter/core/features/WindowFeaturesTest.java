package org.openholter.core.features;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.delineation.Wave;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.wire.AlarmEvent;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WindowFeaturesTest {
    static LayeredAnalyzer analyzer;

    @BeforeAll
    static void load() { analyzer = LayeredAnalyzer.withBundledModels(false); }

    @AfterAll
    static void close() { analyzer.close(); }

    /** The median of a feature over the reports from {@code fromS}. */
    static double median(List<MonitorOutput.FeatureReport> r, Feature f, double fromS) {
        double[] v = r.stream().filter(x -> x.fromMicros() >= fromS * 1e6).mapToDouble(x -> x.values()[f.ordinal()])
                .filter(x -> !Double.isNaN(x)).sorted().toArray();
        return v.length == 0 ? Double.NaN : v[v.length / 2];
    }

    @Test
    void aSimulatedSinusPatientsMorphologyComesOutAsItWasDrawn() {
        // The synthesizer's lead II beat: P 0.14 mV, R 1.2 mV (with q −0.12 and S −0.28 around it), upright T 0.32 mV, flat ST.
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:70@400"), NoiseSpec.CLEAN, 250, new String[] {"II"}, 11, false, false);
        SyntheticDevice d = new SyntheticDevice("f", s, 1.0, 0, SyntheticDevice.DEFAULT_GAIN, 0);
        List<MonitorOutput.FeatureReport> got = new ArrayList<>();
        MonitorOutput out = new MonitorOutput() {
            @Override public void window(WindowReport r) {}
            @Override public void alarm(AlarmEvent a) {}
            @Override public void features(FeatureReport r) { got.add(r); }
        };
        PatientMonitor m = new PatientMonitor("f", MonitorConfig.DEFAULT, analyzer);
        while (d.nextFrameMicros() < 400_000_000L) m.onFrame(d.nextFrame(), out);
        m.finish(out);
        assertThat(got).hasSizeGreaterThan(60);
        assertThat(median(got, Feature.R_AMPLITUDE, 10)).isBetween(1.0, 1.4);
        assertThat(median(got, Feature.S_AMPLITUDE, 10)).isBetween(-0.45, -0.1);
        assertThat(median(got, Feature.P_AMPLITUDE, 10)).isBetween(0.08, 0.2);
        assertThat(median(got, Feature.T_AMPLITUDE, 10)).isBetween(0.2, 0.45);
        assertThat(median(got, Feature.T_POLARITY, 10)).isEqualTo(1.0);
        assertThat(Math.abs(median(got, Feature.ST_J60, 10))).as("no ST shift drawn").isLessThan(0.1);
        assertThat(median(got, Feature.QRS_DURATION, 10)).isBetween(60.0, 130.0);
        assertThat(median(got, Feature.QRS_FRAGMENTATION, 10)).as("smooth QRS").isEqualTo(0.0);
        double qt = median(got, Feature.QT, 10), bazett = median(got, Feature.QTC_BAZETT, 10);
        assertThat(bazett).as("70 bpm: RR < 1 s, so QTc > QT").isGreaterThan(qt);
        MonitorOutput.FeatureReport last = got.get(got.size() - 2);
        double[] v = last.values();
        assertThat(v[Feature.ENERGY_LOW.ordinal()] + v[Feature.ENERGY_MID.ordinal()] + v[Feature.ENERGY_HIGH.ordinal()]).isCloseTo(100, org.assertj.core.api.Assertions.within(1e-6));
        assertThat(v[Feature.SPECTRAL_ENTROPY.ordinal()]).isBetween(0.0, 1.0);
        assertThat(v[Feature.SDNN_5M.ordinal()]).as("the rolling HRV reaches the functional dimension").isPositive();
        assertThat(median(got, Feature.SDNN_5M, 0)).isNotNaN();
    }

    @Test
    void qrsFragmentation_countsNotchesBeyondQRS() {
        // q down, R up, S down, back up: 3 turning points. An RSR' adds two more.
        float[] qrs = {0, 0, -0.1f, -0.2f, 0.3f, 0.9f, 1.2f, 0.6f, -0.2f, -0.3f, -0.1f, 0, 0};
        float[] rsr = {0, 0, -0.1f, -0.2f, 0.3f, 0.9f, 1.2f, 0.6f, 0.1f, 0.5f, 0.8f, 0.3f, -0.2f, -0.3f, -0.1f, 0, 0};
        assertThat(WindowFeatures.turningPoints(qrs, new Wave('N', 0, qrs.length - 1))).isEqualTo(3);
        assertThat(WindowFeatures.turningPoints(rsr, new Wave('N', 0, rsr.length - 1))).isEqualTo(5);
    }

    @Test
    void docsFeaturesMd_isWhatTheCatalogueSays() throws Exception {
        Path doc = Path.of(System.getProperty("openholter.root", "..")).resolve("docs/features.md");
        assertThat(Files.readString(doc)).as("regenerate with FeatureDocs (see the file's head)").isEqualTo(FeatureDocs.markdown());
        assertThat(Arrays.stream(Feature.values()).map(f -> f.id).distinct().count()).isEqualTo(Feature.values().length);
    }
}
