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
}
