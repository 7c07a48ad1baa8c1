package org.openholter.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CincAlarmBenchTest {
    static CincAlarmBench.Row row(boolean truth, boolean kept) {
        return new CincAlarmBench.Row("r", "Asystole", truth, kept, Double.NaN, Double.NaN, Double.NaN, "", "");
    }

    @Test
    void theChallengeScoreCostsFiveFalseAlarmsPerMissedTrueOne() {
        // 3 TP, 1 FN, 2 FP, 4 TN: 100 (3 + 4) / (3 + 4 + 2 + 5) = 50.
        CincAlarmBench.Tally t = CincAlarmBench.Tally.of(List.of(row(true, true), row(true, true), row(true, true), row(true, false),
                row(false, true), row(false, true), row(false, false), row(false, false), row(false, false), row(false, false)));
        assertThat(t).isEqualTo(new CincAlarmBench.Tally(3, 2, 1, 4));
        assertThat(t.score()).isEqualTo(50.0);
        assertThat(t.trueKept()).isEqualTo(0.75);
        assertThat(t.falseSuppressed()).isEqualTo(4 / 6.0);
        assertThat(CincAlarmBench.Tally.of(List.of(row(true, true), row(false, true))).score()).as("keep every alarm").isEqualTo(50.0);
    }

    @Test
    void theAlarmIsReadFromTheHeadersComments_andAHeaderWithoutThemIsRefusedClearly(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("v100s.hea"), "v100s 1 250 75000\nv100s.mat 16+24 200/mV 16 0 0 0 0 II\n#Ventricular_Tachycardia\n#False alarm\n");
        assertThat(CincAlarmBench.alarmOf(dir.resolve("v100s"))).containsExactly("Ventricular_Tachycardia", "false");
        Files.writeString(dir.resolve("x.hea"), "x 1 250 75000\nx.mat 16+24 200/mV 16 0 0 0 0 II\n#Arrhythmia\n");
        assertThatThrownBy(() -> CincAlarmBench.alarmOf(dir.resolve("x"))).hasMessageContaining("x.hea").hasMessageContaining("Asystole");
    }

    /**
     * A 330-s record whose asystole begins at 299 s: played in real time (up to 300 s) the alarm is not kept, played
     * up to 305 s it is (raised about 3.5–5 s into the silence).
     */
    @Test
    void anAlarmSoundingAfter300sKeepsTheAlarmOnlyWhenPlayedThatFar(@TempDir Path dir) throws Exception {
        int fs = 250, n = 330 * fs;
        org.openholter.core.synth.EcgSynthesizer s = new org.openholter.core.synth.EcgSynthesizer(
                org.openholter.core.synth.Scenario.parse("sinus:75@299,asystole@31"), org.openholter.core.synth.NoiseSpec.CLEAN,
                fs, new String[] {"II"}, 5, false, false);
        float[][] x = new float[1][n];
        s.next(x, 0, n);
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(2 * n).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (float v : x[0]) b.putShort((short) Math.round(v * 200));
        Files.write(dir.resolve("a001l.dat"), b.array());
        Files.writeString(dir.resolve("a001l.hea"), "a001l 1 250 " + n + "\na001l.dat 16 200/mV 16 0 0 0 0 II\n#Asystole\n#True alarm\n");
        try (var analyzer = new org.openholter.core.analysis.ClassicAnalyzer()) {
            assertThat(CincAlarmBench.score(analyzer, dir.resolve("a001l"), 300).kept()).as("real time").isFalse();
            assertThat(CincAlarmBench.score(analyzer, dir.resolve("a001l"), 305).kept()).as("up to 305 s").isTrue();
        }
    }
}
