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

    /** A recording through the stream's path (the classic analyzer), as {@code holter analyze} runs it. */
    static RecordResults analyze(String path, Recordings.ArrayOptions options) throws IOException {
        RecordResults r = new RecordResults(FS, false);
        try (ClassicAnalyzer a = new ClassicAnalyzer()) {
            new RecordRunner(a, MonitorConfig.DEFAULT, 1.0).run(Recordings.open(path, options), r, null);
        }
        return r;
    }

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
        RecordResults r = analyze(npy.toString(), new Recordings.ArrayOptions(FS, 1, 0, false, withPleth ? List.of("II", "PLETH", "RESP") : List.of("II")));
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

    /**
     * ICU records mark stretches where a signal was absent (WFDB's invalid sample, NaN in an array): absent ECG is
     * lead-off, not an asystole; an absent pulse vetoes nothing.
     */
    @Test
    void absentSamplesAreLeadOffNotAsystole_andAnAbsentPulseVetoesNothing(@TempDir Path dir) throws IOException {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:75@40,asystole@8,sinus:75@60"), NoiseSpec.CLEAN, FS,
                new String[] {"II", "PLETH"}, 11, false, false);
        float[][] x = new float[2][FS * SECONDS];
        s.next(x, 0, x[0].length);
        float[][] rows = new float[x[0].length][2];
        for (int i = 0; i < rows.length; i++) {
            double t = i / (double) FS;
            rows[i][0] = t >= 60 && t < 72 ? Float.NaN : x[0][i]; // the ECG absent for 12 s of sinus rhythm
            rows[i][1] = t >= 38 && t < 52 ? Float.NaN : x[1][i]; // the pulse absent over the true asystole
        }
        Path npy = dir.resolve("gaps.npy");
        NpyWriter.writeFloat32(npy, rows);
        List<AlarmEvent> raised = analyze(npy.toString(), new Recordings.ArrayOptions(FS, 1, 0, false, List.of("II", "PLETH"))).alarms().stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).toList();
        assertThat(raised).as("the true asystole, with no pulse to veto it").anyMatch(a -> a.type().equals("ASYSTOLE") && a.onsetMillis() < 45_000);
        assertThat(raised).as("the absent ECG").anyMatch(a -> a.type().equals("LEAD_OFF") && a.onsetMillis() >= 55_000);
        assertThat(raised).as("no arrest alarm while the ECG is absent").noneMatch(a -> a.priority().equals("HIGH") && a.onsetMillis() >= 55_000);
    }

    /** The same in a WFDB record (format 16, −32768 where the ECG was absent), as ICU databases ship them. */
    @Test
    void wfdbInvalidSamplesAreLeadOff(@TempDir Path dir) throws IOException {
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("sinus:75@90"), NoiseSpec.CLEAN, FS, new String[] {"II", "PLETH"}, 5, false, false);
        float[][] x = new float[2][FS * SECONDS];
        s.next(x, 0, x[0].length);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * x[0].length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int[] sum = new int[2]; // WFDB checksums: the samples' sum, as a 16-bit number
        for (int i = 0; i < x[0].length; i++) {
            double t = i / (double) FS;
            short ecg = t >= 40 && t < 52 ? Short.MIN_VALUE : (short) Math.round(x[0][i] * 1000), ppg = (short) Math.round(x[1][i] * 1000);
            b.putShort(ecg).putShort(ppg);
            sum[0] += ecg;
            sum[1] += ppg;
        }
        java.nio.file.Files.write(dir.resolve("icu.dat"), b.array());
        java.nio.file.Files.writeString(dir.resolve("icu.hea"), "icu 2 " + FS + " " + x[0].length + "\n"
                + "icu.dat 16 1000/mV 16 0 0 " + (short) sum[0] + " 0 II\nicu.dat 16 1000/NU 16 0 0 " + (short) sum[1] + " 0 PLETH\n");
        List<AlarmEvent> raised = analyze(dir.resolve("icu").toString(), Recordings.ArrayOptions.NONE).alarms().stream().filter(a -> a.state().equals(AlarmEvent.RAISED)).toList();
        assertThat(raised).as("the absent ECG").anyMatch(a -> a.type().equals("LEAD_OFF"));
        assertThat(raised).as("no arrest alarm").noneMatch(a -> a.priority().equals("HIGH"));
    }
}
