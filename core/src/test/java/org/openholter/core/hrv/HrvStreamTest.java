package org.openholter.core.hrv;

import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.wire.AlarmEvent;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** HRV through the patient monitor: a simulated patient's stream yields per-minute reports with its rate and variability. */
class HrvStreamTest {
    @Test
    void aSimulatedPatientsStreamYieldsMinuteReportsOfItsRhythm() {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:72@400"), NoiseSpec.CLEAN, 250, new String[] {"II"}, 7, false, false);
        long start = 1_699_999_200_000_000L; // a minute boundary
        SyntheticDevice d = new SyntheticDevice("h", s, 1.0, start, SyntheticDevice.DEFAULT_GAIN, 0);
        List<MonitorOutput.HrvReport> got = new ArrayList<>();
        MonitorOutput out = new MonitorOutput() {
            @Override public void window(WindowReport r) {}
            @Override public void alarm(AlarmEvent a) {}
            @Override public void hrv(HrvReport r) { got.add(r); }
        };
        try (ClassicAnalyzer a = new ClassicAnalyzer()) {
            PatientMonitor m = new PatientMonitor("h", MonitorConfig.DEFAULT, a);
            while (d.nextFrameMicros() < start + 400_000_000L) m.onFrame(d.nextFrame(), out);
            int beforeFinish = got.size();
            assertThat(got.stream().filter(r -> r.report().span().equals("1m"))).as("a report per minute while streaming").hasSize(6);
            m.finish(out);
            assertThat(got.size()).isGreaterThan(beforeFinish);
        }
        HrvTracker.Report five = got.stream().map(MonitorOutput.HrvReport::report)
                .filter(r -> r.span().equals("5m") && r.toMicros() == start + 6 * HrvTracker.MINUTE).findFirst().orElseThrow();
        assertThat(five.hrv().time().meanNnMs()).as("72 bpm").isCloseTo(60000 / 72.0, within(10.0));
        // The synthesizer's sinus arrhythmia: ±3 % at 0.25 Hz, in the HF band.
        assertThat(five.hrv().welch().hf()).isGreaterThan(five.hrv().welch().lf());
        assertThat(five.hrv().time().count()).isBetween(340, 370);
        assertThat(got).allMatch(r -> r.deviceId().equals("h"));
    }
}
