package org.openholter.core.sinks;

import org.junit.jupiter.api.Test;
import org.openholter.core.analysis.RhythmLabel;
import org.openholter.core.codec.CodecSlice;
import org.openholter.core.codec.Layers;
import org.openholter.core.monitor.WindowReport;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InfluxPointsTest {
    private static final int FS = 250;
    private static final long START = 1_000_000_000L;

    /** A 6-s stretch whose rhythm layer is 2 s sinus then 4 s ventricular fibrillation. */
    private static WindowReport stretch() {
        int n = 6 * FS;
        byte[] rhythm = new byte[n];
        Arrays.fill(rhythm, 2 * FS, n, Layers.VF);
        CodecSlice codec = new CodecSlice(1000, START, FS, new byte[n], new byte[n], rhythm);
        return new WindowReport("dev-1", "ward-a", "bed-1", 0, 3, START, START + 6_000_000, List.of(), 80, Double.NaN,
                RhythmLabel.NORMAL_RATE, null, "II", "layered", START + 6_000_000, new WindowReport.StreamStats(1, 0, 0, 0, 0, 0), codec);
    }

    @Test
    void rhythmRuns_onePointPerRunAtItsStartWithItsDuration() {
        List<String> runs = InfluxPoints.of(stretch()).stream().filter(p -> p.measurement().equals("rhythm_run")).map(LinePoint::toLine).toList();
        assertThat(runs).containsExactly(
                "rhythm_run,device=dev-1,rhythm=SINUS id=0i,duration_ms=2000.0 " + START,
                "rhythm_run,device=dev-1,rhythm=VF id=6i,duration_ms=4000.0 " + (START + 2_000_000));
    }
    @Test
    void heartRate_carriesTheRateTheAlarmsUse_andSaysWhenTheyHaveNone() {
        WindowReport none = stretch();
        String line = InfluxPoints.of(none).stream().filter(p -> p.measurement().equals("heart_rate")).findFirst().orElseThrow().toLine();
        assertThat(line).contains("bpm=80.0").contains("alarm_rate_known=0i").doesNotContain("alarm_bpm");
        WindowReport vt = new WindowReport(none.deviceId(), none.ward(), none.bed(), 0, 3, none.keepFromMicros(), none.keepToMicros(), List.of(), 94,
                181, RhythmLabel.NORMAL_RATE, null, "II", "layered", none.sourceEndMicros(), none.stream(), none.codec());
        String fast = InfluxPoints.of(vt).stream().filter(p -> p.measurement().equals("heart_rate")).findFirst().orElseThrow().toLine();
        assertThat(fast).contains("bpm=94.0").contains("alarm_bpm=181.0").contains("alarm_rate_known=1i");
    }
}
