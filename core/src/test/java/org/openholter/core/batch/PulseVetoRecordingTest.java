package org.openholter.core.batch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openholter.core.analysis.ClassicAnalyzer;
import org.openholter.core.delineation.NpyWriter;
import org.openholter.core.monitor.MonitorConfig;
import org.openholter.core.records.Recordings;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Scenario;
import org.openholter.wire.AlarmEvent;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A recording whose ECG shows an asystole while its PPG shows the heart beating on (the ECG signal was lost, as in
 * most false asystole alarms): with the PPG channel the alarm is vetoed, without it the alarm is raised. The other
 * channel (respiration) is left out of the analysis.
 */
class PulseVetoRecordingTest {
    static final int FS = 250, SECONDS = 90;

    static List<AlarmEvent> alarms(Path dir, boolean withPleth) throws IOException {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:75@40,asystole@8,sinus:75@60"), NoiseSpec.CLEAN, FS,
                new String[] {"II"}, 11, false, false);
        float[][] ecg = new float[1][FS * SECONDS];
        s.next(ecg, 0, ecg[0].length);
        int ch = withPleth ? 3 : 1;
        float[][] rows = new float[ecg[0].length][ch];
        for (int i = 0; i < rows.length; i++) {
            double t = i / (double) FS;
            rows[i][0] = ecg[0][i];
            if (!withPleth) continue;
            double phase = (t % 0.8) - 0.25; // a pulse every 0.8 s all along, 0.25 s into each cycle
            rows[i][1] = (float) (Math.exp(-Math.pow(phase / 0.08, 2)) + 0.3 * Math.exp(-Math.pow((phase - 0.25) / 0.1, 2)));
            rows[i][2] = (float) Math.sin(2 * Math.PI * 0.25 * t);
        }
        Path npy = dir.resolve(withPleth ? "with.npy" : "without.npy");
        NpyWriter.writeFloat32(npy, rows);
        RecordResults r = new RecordResults(FS, false);
        try (ClassicAnalyzer a = new ClassicAnalyzer()) {
            new RecordRunner(a, MonitorConfig.DEFAULT, 1.0).run(Recordings.open(npy.toString(),
                    new Recordings.ArrayOptions(FS, 1, 0, false, withPleth ? List.of("II", "PLETH", "RESP") : List.of("II"))), r, null);
        }
        assertThat(r.beatCount()).as("beats of the ECG only").isBetween(95, 110);
        return r.alarms();
    }

    @Test
    void thePulseVetoesAFalseAsystoleAndItsAbsenceLetsItThrough(@TempDir Path dir) throws IOException {
        List<AlarmEvent> without = alarms(dir, false);
        assertThat(without).anyMatch(a -> a.type().equals("ASYSTOLE") && a.state().equals(AlarmEvent.RAISED));
        List<AlarmEvent> with = alarms(dir, true);
        assertThat(with).noneMatch(a -> a.priority().equals("HIGH") && a.state().equals(AlarmEvent.RAISED));
        assertThat(with).anyMatch(a -> a.type().equals("ASYSTOLE") && a.state().equals(AlarmEvent.VETOED) && a.message().contains("pulse goes on"));
    }
}
