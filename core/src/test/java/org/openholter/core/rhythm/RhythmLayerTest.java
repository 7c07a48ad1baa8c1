package org.openholter.core.rhythm;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.codec.Layers;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.wire.AlarmEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The rhythm layer through the stream's path on scripted rhythms. */
class RhythmLayerTest {
    static LayeredAnalyzer analyzer;

    @BeforeAll
    static void load() { analyzer = LayeredAnalyzer.withBundledModels(true); }

    @AfterAll
    static void close() { analyzer.close(); }

    /** The rhythm layer of a scripted stream, one character per analysed sample. */
    static String rhythm(String scenario, double seconds) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse(scenario), NoiseSpec.CLEAN, 250, new String[] {"II"}, 3, false, false);
        SyntheticDevice d = new SyntheticDevice("p", s, 1.0, 0, SyntheticDevice.DEFAULT_GAIN, 0);
        StringBuilder out = new StringBuilder();
        PatientMonitor m = new PatientMonitor("p", MonitorConfig.DEFAULT, analyzer);
        MonitorOutput o = new MonitorOutput() {
            @Override public void window(WindowReport r) { out.append(Layers.render(r.codec().rhythm(), Layers.RHYTHM_CHARS)); }
            @Override public void alarm(AlarmEvent a) {}
        };
        while (d.nextFrameMicros() / 1e6 < seconds) m.onFrame(d.nextFrame(), o);
        m.finish(o);
        return out.toString();
    }

    static double share(String s, char c, int from, int to) {
        return s.substring(from, to).chars().filter(x -> x == c).count() / (double) (to - from);
    }

    @Test
    void sinusThenAfThenSinus() {
        String r = rhythm("sinus:72@60,af:95@90,sinus:72@60", 210);
        int fs = 250;
        assertThat(share(r, 'S', 10 * fs, 55 * fs)).as("sinus before").isGreaterThan(0.95);
        assertThat(share(r, 'F', 90 * fs, 145 * fs)).as("AF, once 30 beats of history have turned over").isGreaterThan(0.9);
        assertThat(share(r, 'S', 180 * fs, 205 * fs)).as("sinus after").isGreaterThan(0.9);
    }

    @Test
    void ventricularFibrillationIsNotAsystoleOrSinus() {
        String r = rhythm("sinus:70@30,vf@40,sinus:70@30", 100);
        int fs = 250;
        assertThat(share(r, 'W', 36 * fs, 66 * fs)).as("VF").isGreaterThan(0.8);
        assertThat(share(r, 'S', 5 * fs, 25 * fs)).isGreaterThan(0.95);
    }

    @Test
    void stateRoundTrips() throws Exception {
        RhythmDetector.State s = new RhythmDetector.State();
        for (int i = 0; i < 40; i++) s.push(800 + i, i % 7 == 0, (byte) (i % 3 - 1));
        ByteArrayOutputStream a = new ByteArrayOutputStream(), b = new ByteArrayOutputStream();
        s.write(new DataOutputStream(a));
        RhythmDetector.State.read(new DataInputStream(new ByteArrayInputStream(a.toByteArray()))).write(new DataOutputStream(b));
        assertThat(b.toByteArray()).isEqualTo(a.toByteArray());
    }
}
