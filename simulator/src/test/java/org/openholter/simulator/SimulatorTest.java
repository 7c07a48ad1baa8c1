package org.openholter.simulator;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.openholter.core.synth.EcgSynthesizer;
import org.openholter.core.synth.NoiseSpec;
import org.openholter.core.synth.Rhythm;
import org.openholter.core.synth.Scenario;
import org.openholter.core.synth.SyntheticDevice;
import org.openholter.core.wfdb.WfdbRecord;
import org.openholter.wire.EcgFrame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatorTest {
    static final long T0 = 1_732_252_800_000_000L;

    @Test
    void scenario_parsesPresetsAndItems_andNamesTheBadItem() {
        Scenario s = Scenario.parse("sinus:72@60,asystole@8,vt:180@10,leadoff@5");
        assertThat(s.segments()).extracting(x -> x.rhythm()).containsExactly(Rhythm.SINUS, Rhythm.ASYSTOLE, Rhythm.VT, Rhythm.LEAD_OFF);
        assertThat(s.seconds()).isEqualTo(83);
        for (String preset : Scenario.PRESETS.keySet()) assertThat(Scenario.parse(preset).seconds()).isPositive();
        assertThatThrownBy(() -> Scenario.parse("sinus:72@60,flutter@3")).hasMessageContaining("flutter");
        assertThatThrownBy(() -> Scenario.parse("sinus:72")).hasMessageContaining("needs @seconds");
        assertThatThrownBy(() -> Scenario.parse("sinus:500@10")).hasMessageContaining("15-300 bpm");
        assertThatThrownBy(() -> NoiseSpec.parse("bw=0.1,xx=2")).hasMessageContaining("unknown noise 'xx'");
    }

    @Test
    void synthesizer_isDeterministicPerSeed_andRecordsTheTruth() {
        float[][] a = new float[2][2500], b = new float[2][2500], c = new float[2][2500];
        new EcgSynthesizer(Scenario.parse("asystole"), NoiseSpec.NOISY, 250, new String[] {"II", "V1"}, 7, false, true).next(a, 0, 2500);
        new EcgSynthesizer(Scenario.parse("asystole"), NoiseSpec.NOISY, 250, new String[] {"II", "V1"}, 7, false, true).next(b, 0, 2500);
        new EcgSynthesizer(Scenario.parse("asystole"), NoiseSpec.NOISY, 250, new String[] {"II", "V1"}, 8, false, true).next(c, 0, 2500);
        assertThat(a).isDeepEqualTo(b);
        assertThat(a[0]).isNotEqualTo(c[0]);
        EcgSynthesizer s = new EcgSynthesizer(Scenario.parse("asystole"), NoiseSpec.CLEAN, 250, new String[] {"II"}, 1, false, true);
        s.next(new float[1][250 * 120], 0, 250 * 120);
        assertThat(s.episodes()).extracting(e -> e.rhythm()).containsExactly(Rhythm.SINUS, Rhythm.ASYSTOLE, Rhythm.SINUS);
        var asystole = s.episodes().get(1);
        assertThat(s.beatsBetween(asystole.startS(), asystole.endS())).as("no QRS during asystole").isEmpty();
        assertThat(asystole.lastQrsBeforeS()).isBetween(asystole.startS() - 1, asystole.startS());
        assertThat(s.beatsBetween(0, 50)).hasSizeBetween(60, 64); // 75 bpm
    }

    @Test
    void syntheticDevice_framesTileTheDeviceClockAndFlagLeadOff() {
        var synth = new EcgSynthesizer(Scenario.parse("leadoff@1,sinus:60@1"), NoiseSpec.CLEAN, 360, new String[] {"I", "II"}, 1, false, false);
        SyntheticDevice d = new SyntheticDevice("x", synth, 0.25, T0, 200, 10);
        EcgFrame f0 = d.nextFrame(), f1 = d.nextFrame();
        assertThat(f0.samplesPerChannel()).isEqualTo(90);
        assertThat(f1.firstSampleMicros()).isEqualTo(f0.endMicros());
        assertThat(f1.sequence()).isEqualTo(f0.sequence() + 1);
        assertThat(f0.leadOffMask()).isEqualTo(0b11);
        for (int i = 0; i < 4; i++) d.nextFrame();
        assertThat(d.nextFrame().leadOffMask()).isZero();
    }

    @Test
    void wfdbReplay_reproducesTheRecordExactly() throws Exception {
        Path root = Path.of(System.getProperty("openholter.root", "..")).resolve("data/mitdb");
        Assumptions.assumeTrue(Files.isDirectory(root), "MIT-BIH not found at " + root + ": run `../shared/data/unpack data`");
        WfdbRecord rec = WfdbRecord.read(root.resolve("100"));
        WfdbReplayDevice d = new WfdbReplayDevice("rec-100", rec, 0.5, T0, true);
        EcgFrame f = d.nextFrame();
        assertThat(f.sampleRateHz()).isEqualTo(360);
        assertThat(f.channelNames()).containsExactly("MLII", "V5");
        assertThat(f.samplesPerChannel()).isEqualTo(180);
        for (int i = 0; i < 180; i++) {
            assertThat(f.millivolts(0, i)).isEqualTo(rec.millivolts(0, i));
            assertThat(f.raw(1, i)).isEqualTo(rec.adc(1)[i]);
        }
        assertThat(d.nextFrame().firstSampleMicros()).isEqualTo(T0 + 500_000);
    }

    @Test
    void fleetConfig_refusesBadValuesWithTheFlagNamed() {
        assertThatThrownBy(() -> FleetConfig.from(new String[] {"--rate", "100"}, Map.of())).hasMessageContaining("--rate");
        assertThatThrownBy(() -> FleetConfig.from(new String[] {"--frame-seconds", "2"}, Map.of())).hasMessageContaining("--frame-seconds");
        assertThatThrownBy(() -> FleetConfig.from(new String[] {"--drop", "1.5"}, Map.of())).hasMessageContaining("--drop");
        assertThatThrownBy(() -> FleetConfig.from(new String[] {"--scenarios", "sinus@x"}, Map.of())).hasMessageContaining("bad duration");
        assertThatThrownBy(() -> FleetConfig.from(new String[] {"--patients", "0"}, Map.of())).hasMessageContaining("nothing to play");
        FleetConfig c = FleetConfig.from(new String[] {"--scenarios", "mixed;vt"}, Map.of());
        assertThat(c.scenarios()).hasSize(Scenario.MIXED_WARD.size() + 1);
        assertThat(c.leads()).isEqualTo(List.of("II"));
    }
}
