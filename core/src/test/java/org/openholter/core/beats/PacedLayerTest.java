package org.openholter.core.beats;

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
import org.openholter.wire.EcgFrame;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Paced beats and the paced rhythm from the pacemaker pulses a device reports, through the stream's path. */
class PacedLayerTest {
    static final int FS = 250;
    static LayeredAnalyzer analyzer;

    @BeforeAll
    static void load() { analyzer = LayeredAnalyzer.withBundledModels(true); }

    @AfterAll
    static void close() { analyzer.close(); }

    /** Reports of 40 s of sinus then 60 s of ventricular pacing; {@code withPulses} false drops the device's pace marks. */
    static List<WindowReport> play(boolean withPulses) {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:60@40,paced:70@60"), NoiseSpec.CLEAN, FS, new String[] {"II"}, 4, false, false);
        SyntheticDevice d = new SyntheticDevice("pm", s, 1.0, 0, SyntheticDevice.DEFAULT_GAIN, 0);
        List<WindowReport> out = new ArrayList<>();
        MonitorOutput o = new MonitorOutput() {
            @Override public void window(WindowReport r) { out.add(r); }
            @Override public void alarm(AlarmEvent a) {}
        };
        PatientMonitor m = new PatientMonitor("pm", MonitorConfig.DEFAULT, analyzer);
        int pulses = 0;
        while (d.nextFrameMicros() / 1e6 < 100) {
            EcgFrame f = d.nextFrame();
            pulses += f.pacePulses().length;
            if (!withPulses) f = strip(f);
            m.onFrame(f, o);
        }
        m.finish(o);
        assertThat(pulses).as("pulses the device reported").isBetween(65, 72);
        return out;
    }

    static EcgFrame strip(EcgFrame f) {
        int[][] raw = new int[f.channelCount()][];
        float[] g = new float[f.channelCount()];
        int[] z = new int[f.channelCount()];
        for (int c = 0; c < raw.length; c++) { raw[c] = f.rawChannel(c); g[c] = f.gain(c); z[c] = f.zero(c); }
        return new EcgFrame(f.deviceId(), f.sequence(), f.firstSampleMicros(), f.sampleRateHz(), f.channelNames(), g, z, f.leadOffMask(), raw);
    }

    static String rhythm(List<WindowReport> reports) {
        StringBuilder b = new StringBuilder();
        for (WindowReport r : reports) b.append(Layers.render(r.codec().rhythm(), Layers.RHYTHM_CHARS));
        return b.toString();
    }

    static double share(String s, char c, int from, int to) {
        return s.substring(from, to).chars().filter(x -> x == c).count() / (double) (to - from);
    }

    static List<WindowReport.ReportedBeat> beats(List<WindowReport> reports, double fromS, double toS) {
        return reports.stream().flatMap(r -> r.beats().stream())
                .filter(b -> b.timeMicros() >= fromS * 1e6 && b.timeMicros() < toS * 1e6).toList();
    }

    @Test
    void pacedBeatsRhythmAndWavesFollowTheReportedPulses() {
        List<WindowReport> reports = play(true);
        List<WindowReport.ReportedBeat> sinus = beats(reports, 5, 38), paced = beats(reports, 42, 98);
        assertThat(sinus).hasSizeGreaterThan(25).noneMatch(b -> b.label() == '/');
        assertThat(paced).hasSizeGreaterThan(60);
        assertThat(paced.stream().filter(b -> b.label() == '/').count() / (double) paced.size()).as("paced beats called paced").isGreaterThan(0.95);
        String r = rhythm(reports);
        assertThat(share(r, 'S', 5 * FS, 35 * FS)).as("sinus").isGreaterThan(0.95);
        assertThat(share(r, 'P', 45 * FS, 95 * FS)).as("paced rhythm").isGreaterThan(0.95);
        long pacedQrs = reports.stream().filter(x -> x.keepFromMicros() > 45_000_000)
                .mapToLong(x -> { int n = 0; for (byte v : x.codec().wave()) if (v == Layers.PACED_QRS) n++; return n; }).sum();
        assertThat(pacedQrs).as("wave layer: paced QRS samples").isGreaterThan(50 * 10);
    }

    @Test
    void withoutReportedPulses_noBeatIsCalledPaced() {
        List<WindowReport> reports = play(false);
        assertThat(beats(reports, 0, 100)).noneMatch(b -> b.label() == '/');
        assertThat(rhythm(reports)).doesNotContain("P");
    }
}
