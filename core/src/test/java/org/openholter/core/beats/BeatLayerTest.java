package org.openholter.core.beats;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.LayeredAnalyzer;
import org.openholter.core.batch.RecordRunner;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.monitor.MonitorOutput;
import org.openholter.core.monitor.PatientMonitor;
import org.openholter.core.monitor.WindowReport;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.core.testing.SharedData;
import org.openholter.core.wfdb.Annotation;
import org.openholter.core.wfdb.WfdbAnnotations;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.AlarmEvent;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The beat layer through the stream's path: labels on real held-out patients and on the simulator's PVCs. */
class BeatLayerTest {
    static LayeredAnalyzer analyzer;

    @BeforeAll
    static void load() { analyzer = LayeredAnalyzer.withBundledModels(true); }

    @AfterAll
    static void close() { analyzer.close(); }

    static List<WindowReport.ReportedBeat> beats(java.util.function.Consumer<MonitorOutput> play) {
        List<WindowReport.ReportedBeat> out = new ArrayList<>();
        play.accept(new MonitorOutput() {
            @Override public void window(WindowReport r) { out.addAll(r.beats()); }
            @Override public void alarm(AlarmEvent a) {}
        });
        return out;
    }

    /**
     * Two DS2 records (never used in training or selection) with many PVCs: a regression guard on VEB detection,
     * not the benchmark (that is {@code ./holter bench beats}).
     */
    @Test
    void ventricularBeatsOfHeldOutPatients() throws Exception {
        Path db = SharedData.require("mitdb");
        Ec57Score score = new Ec57Score();
        for (String rec : new String[] {"213", "221"}) {
            WfdbRecord r = WfdbRecord.read(db.resolve(rec));
            List<WindowReport.ReportedBeat> got = beats(out -> new RecordRunner(analyzer, MonitorConfig.DEFAULT, 1.0).run(r, out, null));
            List<Annotation> ref = WfdbAnnotations.read(db.resolve(rec + ".atr")).stream().filter(a -> Ec57Score.aami(a.symbol()) != 0).toList();
            char[] refClass = new char[ref.size()];
            for (int i = 0; i < refClass.length; i++) refClass[i] = Ec57Score.aami(ref.get(i).symbol());
            char[] testClass = new char[got.size()];
            for (int i = 0; i < testClass.length; i++) testClass[i] = Ec57Score.aami(String.valueOf(got.get(i).label()));
            score.add(rec, ref.stream().mapToLong(Annotation::sample).toArray(), refClass,
                    got.stream().mapToLong(b -> RecordRunner.sampleAt(b.timeMicros(), r.sampleRate())).toArray(), testClass, r.sampleRate());
        }
        Ec57Score.Matrix g = score.gross();
        System.out.printf("MIT-BIH 213 + 221: QRS Se %.4f +P %.4f, VEB Se %.3f +P %.3f%n", g.qrsSe(), g.qrsPpv(), g.se('V'), g.ppv('V'));
        assertThat(g.qrsSe()).isGreaterThan(0.998);
        assertThat(g.se('V')).as("VEB Se").isGreaterThan(0.9);
        assertThat(g.ppv('V')).as("VEB +P").isGreaterThan(0.9);
    }

    @Test
    void simulatedPvcsAreVentricularAndTheirNeighboursNormal() {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("pvc:78@120"), NoiseSpec.CLEAN, 250, new String[] {"II"}, 5, false, true);
        SyntheticDevice d = new SyntheticDevice("pvc", s, 0.5, 0, SyntheticDevice.DEFAULT_GAIN, 0);
        List<WindowReport.ReportedBeat> got = beats(out -> {
            PatientMonitor m = new PatientMonitor("pvc", MonitorConfig.DEFAULT, analyzer);
            while (d.nextFrameMicros() / 1e6 < 120) m.onFrame(d.nextFrame(), out);
            m.finish(out);
        });
        int pvc = 0, pvcAsV = 0, normal = 0, normalAsN = 0;
        for (EcgSynthesizer.TruthBeat t : s.beatsBetween(10, 115)) {
            WindowReport.ReportedBeat b = got.stream().filter(x -> Math.abs(x.timeMicros() / 1e6 - t.timeS()) < 0.1).findFirst().orElse(null);
            if (b == null) continue;
            if (t.kind() == EcgSynthesizer.BeatKind.PVC) { pvc++; if (b.label() == 'V') pvcAsV++; }
            else { normal++; if (b.label() == 'N') normalAsN++; }
        }
        System.out.printf("simulator: %d/%d PVCs called V, %d/%d normal beats called N%n", pvcAsV, pvc, normalAsN, normal);
        assertThat(pvc).isGreaterThan(5);
        assertThat(pvcAsV / (double) pvc).isGreaterThan(0.9);
        assertThat(normalAsN / (double) normal).isGreaterThan(0.9);
    }
}
